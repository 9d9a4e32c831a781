import type { ExistingDepartment, ExistingEmployee, ImportPlan, ImportRowError } from '@perfloop/core';
import { desc, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { departments, employees, importJobs } from '../../db/schema.ts';
import { textArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';

export type ImportJobRow = typeof importJobs.$inferSelect;

export async function loadExistingOrg(scope: TenantScope) {
  const [existingEmployees, existingDepartments] = await Promise.all([
    scope.db
      .select({
        id: employees.id,
        employeeNo: employees.employeeNo,
        name: employees.name,
        email: employees.email,
        managerId: employees.managerId,
      })
      .from(employees)
      .where(scope.where(employees)) as Promise<ExistingEmployee[]>,
    scope.db
      .select({
        id: departments.id,
        name: departments.name,
        code: departments.code,
        parentId: departments.parentId,
        archived: departments.archived,
      })
      .from(departments)
      .where(scope.where(departments)) as Promise<ExistingDepartment[]>,
  ]);
  return { existingEmployees, existingDepartments };
}

// Small statements with a pause between them: embedded PGlite runs on the main thread, so one
// huge statement would stall every other request for its whole duration.
const CHUNK = 250;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Serialises imports per tenant across server processes (released at commit). */
export async function lockTenantImports(scope: TenantScope) {
  await scope.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`import:${scope.tenantId}`}))`);
}

/**
 * Applies a validated plan with multi-row statements: departments level by level, employees
 * upserted by number, then every manager link in one UPDATE … FROM (VALUES …) per chunk.
 */
export async function applyImportPlan(
  scope: TenantScope,
  plan: ImportPlan,
  onProgress: (fraction: number) => void,
) {
  const departmentIds = new Map<string, string>();
  const depths = [...new Set(plan.newDepartments.map((d) => d.key.split('/').length))].sort((a, b) => a - b);
  for (const depth of depths) {
    const level = plan.newDepartments.filter((d) => d.key.split('/').length === depth);
    const inserted = await scope.db
      .insert(departments)
      .values(
        level.map((d) =>
          scope.values({
            name: d.name,
            parentId: d.parentId ?? departmentIds.get(d.parentKey ?? '') ?? null,
          }),
        ),
      )
      .returning({ id: departments.id });
    for (const [i, d] of level.entries()) departmentIds.set(d.key, inserted[i]!.id);
  }

  const has = (field: keyof ImportPlan['employees'][number]) =>
    plan.employees.some((e) => e[field] !== undefined);
  const mapped = {
    email: has('email'),
    title: has('title'),
    jobLevel: has('jobLevel'),
    hireDate: has('hireDate'),
    status: has('status'),
  };
  const idOfNo = new Map<string, string>();
  const batches = chunks(plan.employees);
  let done = 0;
  for (const batch of batches) {
    const rows = await scope.db
      .insert(employees)
      .values(
        batch.map((e) =>
          scope.values({
            employeeNo: e.employeeNo,
            name: e.name,
            email: e.email ?? null,
            title: e.title ?? null,
            jobLevel: e.jobLevel ?? null,
            hireDate: e.hireDate ?? null,
            status: e.status ?? 'active',
            departmentId: 'id' in e.department ? e.department.id : departmentIds.get(e.department.newKey)!,
          }),
        ),
      )
      .onConflictDoUpdate({
        target: [employees.tenantId, employees.employeeNo],
        set: {
          name: sql`excluded.name`,
          departmentId: sql`excluded.department_id`,
          ...(mapped.email && { email: sql`excluded.email` }),
          ...(mapped.title && { title: sql`excluded.title` }),
          ...(mapped.jobLevel && { jobLevel: sql`excluded.job_level` }),
          ...(mapped.hireDate && { hireDate: sql`excluded.hire_date` }),
          ...(mapped.status && { status: sql`excluded.status` }),
          version: sql`${employees.version} + 1`,
          updatedAt: sql`now()`,
        },
      })
      .returning({ id: employees.id, employeeNo: employees.employeeNo });
    for (const r of rows) idOfNo.set(r.employeeNo, r.id);
    await yieldToOthers();
    done += batch.length;
    onProgress((done / plan.employees.length) * 0.7);
  }

  const managerLinks = plan.employees.filter((e) => e.managerNo !== undefined);
  if (managerLinks.length > 0) {
    const missing = [
      ...new Set(managerLinks.map((e) => e.managerNo).filter((n): n is string => !!n && !idOfNo.has(n))),
    ];
    if (missing.length > 0) {
      const found = await scope.db
        .select({ id: employees.id, employeeNo: employees.employeeNo })
        .from(employees)
        .where(scope.where(employees, sql`${employees.employeeNo} = any(${textArray(missing)})`));
      for (const r of found) idOfNo.set(r.employeeNo, r.id);
    }
    let linked = 0;
    for (const batch of chunks(managerLinks)) {
      const values = sql.join(
        batch.map(
          (e) =>
            sql`(${idOfNo.get(e.employeeNo)!}::uuid, ${e.managerNo ? idOfNo.get(e.managerNo)! : null}::uuid)`,
        ),
        sql`, `,
      );
      await scope.db.execute(sql`
        update employees e set manager_id = v.manager_id
        from (values ${values}) as v(id, manager_id)
        where e.tenant_id = ${scope.tenantId} and e.id = v.id and e.manager_id is distinct from v.manager_id`);
      await yieldToOthers();
      linked += batch.length;
      onProgress(0.7 + (linked / managerLinks.length) * 0.25);
    }
  }
  return { idOfNo, departmentsCreated: plan.newDepartments.length };
}

export async function insertImportJob(
  scope: TenantScope,
  row: Omit<typeof importJobs.$inferInsert, 'tenantId' | 'id'>,
): Promise<ImportJobRow> {
  const [created] = await scope.db.insert(importJobs).values(scope.values(row)).returning();
  return created!;
}

export async function findImportJob(scope: TenantScope, id: string): Promise<ImportJobRow | null> {
  const [row] = await scope.db
    .select()
    .from(importJobs)
    .where(scope.where(importJobs, eq(importJobs.id, id)));
  return row ?? null;
}

export async function findImportJobByKey(scope: TenantScope, key: string): Promise<ImportJobRow | null> {
  const [row] = await scope.db
    .select()
    .from(importJobs)
    .where(scope.where(importJobs, eq(importJobs.idempotencyKey, key)));
  return row ?? null;
}

export async function updateImportJob(
  scope: TenantScope,
  id: string,
  changes: Partial<{
    status: ImportJobRow['status'];
    mapping: Record<string, string>;
    report: { errors: ImportRowError[] } | null;
    summary: unknown;
    progress: number;
  }>,
  expectedStatus?: ImportJobRow['status'][],
) {
  const rows = await scope.db
    .update(importJobs)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(
      scope.where(
        importJobs,
        eq(importJobs.id, id),
        expectedStatus
          ? sql`${importJobs.status} in (${sql.join(
              expectedStatus.map((s) => sql`${s}`),
              sql`, `,
            )})`
          : undefined,
      ),
    )
    .returning({ id: importJobs.id });
  return rows.length === 1;
}

export async function listImportJobs(scope: TenantScope) {
  return scope.db
    .select({
      id: importJobs.id,
      status: importJobs.status,
      fileName: importJobs.fileName,
      rowCount: importJobs.rowCount,
      summary: importJobs.summary,
      createdAt: importJobs.createdAt,
    })
    .from(importJobs)
    .where(scope.where(importJobs, eq(importJobs.kind, 'employees')))
    .orderBy(desc(importJobs.createdAt))
    .limit(20);
}

/** Jobs that were running when the process stopped can never finish: mark them failed at start. */
export async function failInterruptedJobs(db: TenantScope['db']) {
  await db
    .update(importJobs)
    .set({ status: 'failed', summary: { reason: 'interrupted' }, updatedAt: sql`now()` })
    .where(eq(importJobs.status, 'running'));
}

/** Every employee with the department path and manager number, for export (one query). */
export async function listEmployeesForExport(scope: TenantScope) {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    with recursive paths as (
      select id, ''::text as path from departments where tenant_id = ${t} and parent_id is null
      union all
      select d.id, case when p.path = '' then d.name else p.path || '/' || d.name end
      from departments d join paths p on d.parent_id = p.id where d.tenant_id = ${t}
    )
    select e.employee_no, e.name, e.email, e.title, e.job_level, e.hire_date::text as hire_date, e.status,
      coalesce(nullif(p.path, ''), d.name) as department_path, m.employee_no as manager_no
    from employees e
    join departments d on d.tenant_id = e.tenant_id and d.id = e.department_id
    left join paths p on p.id = e.department_id
    left join employees m on m.tenant_id = e.tenant_id and m.id = e.manager_id
    where e.tenant_id = ${t}
    order by e.employee_no`);
  return rowsOf<{
    employee_no: string;
    name: string;
    email: string | null;
    title: string | null;
    job_level: string | null;
    hire_date: string | null;
    status: 'active' | 'left';
    department_path: string;
    manager_no: string | null;
  }>(result);
}
