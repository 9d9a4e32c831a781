import type {
  ExistingDepartment,
  ExistingEmployee,
  ImportPlan,
  ImportRowError,
  PlannedEmployee,
} from '@perfloop/core';
import { and, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
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
        title: employees.title,
        jobLevel: employees.jobLevel,
        hireDate: employees.hireDate,
        status: employees.status,
        departmentId: employees.departmentId,
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

/** Rows a statement of an import writes at most: progress moves between statements. */
const CHUNK = 2000;
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The plan's people in reporting order: everyone after the manager the file gives them (depth 0
 * = no manager in the file). The reporting line is a forest (the plan has no cycles), so each
 * statement can set its rows' managers to ids the statements before it returned.
 */
export function inReportingOrder(people: readonly PlannedEmployee[]): PlannedEmployee[][] {
  const byNo = new Map(people.map((p) => [p.employeeNo, p]));
  const depth = new Map<string, number>();
  const depthOf = (start: PlannedEmployee): number => {
    const path: PlannedEmployee[] = [];
    let p: PlannedEmployee | undefined = start;
    let base = -1;
    while (p) {
      const known = depth.get(p.employeeNo);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (path.length > people.length) throw new Error('import plan: the reporting line has a cycle');
      path.push(p);
      p = p.managerNo ? byNo.get(p.managerNo) : undefined;
    }
    for (let i = path.length - 1; i >= 0; i -= 1) depth.set(path[i]!.employeeNo, base + path.length - i);
    return depth.get(start.employeeNo)!;
  };
  const levels: PlannedEmployee[][] = [];
  for (const p of people) {
    const d = depthOf(p);
    const level = levels[d];
    if (level) level.push(p);
    else levels[d] = [p];
  }
  return levels;
}

/** Serialises imports per tenant across server processes (released at commit). */
export async function lockTenantImports(scope: TenantScope) {
  await scope.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`import:${scope.tenantId}`}))`);
}

/**
 * Applies a validated plan with multi-row statements: departments level by level, then people
 * upserted by number with their managers, level by level of the reporting line.
 */
export async function applyImportPlan(
  scope: TenantScope,
  plan: ImportPlan,
  onProgress: (fraction: number) => void,
  chunkSize = CHUNK,
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

  const has = (field: keyof PlannedEmployee) => plan.employees.some((e) => e[field] !== undefined);
  const mapped = {
    email: has('email'),
    title: has('title'),
    jobLevel: has('jobLevel'),
    hireDate: has('hireDate'),
    status: has('status'),
    manager: has('managerNo'),
  };
  const idOfNo = new Map<string, string>();
  // Managers the file names who are not in it: already in Perfloop.
  const inFile = new Set(plan.employees.map((e) => e.employeeNo));
  const outside = [
    ...new Set(plan.employees.map((e) => e.managerNo).filter((n): n is string => !!n && !inFile.has(n))),
  ];
  if (outside.length > 0) {
    const found = await scope.db
      .select({ id: employees.id, employeeNo: employees.employeeNo })
      .from(employees)
      .where(scope.where(employees, sql`${employees.employeeNo} = any(${textArray(outside)})`));
    for (const r of found) idOfNo.set(r.employeeNo, r.id);
  }
  // Columns the file does not map keep their stored values on the people it updates.
  const columns = [
    'name',
    'department_id',
    ...(mapped.email ? ['email'] : []),
    ...(mapped.title ? ['title'] : []),
    ...(mapped.jobLevel ? ['job_level'] : []),
    ...(mapped.hireDate ? ['hire_date'] : []),
    ...(mapped.status ? ['status'] : []),
    ...(mapped.manager ? ['manager_id'] : []),
  ];
  const updated = sql.raw(
    `${columns.map((c) => `${c} = excluded.${c}, `).join('')}version = employees.version + 1, updated_at = now()`,
  );
  // One statement per level of the reporting line (split past CHUNK rows), each person written
  // once with their manager: a manager's row is in an earlier statement, whose RETURNING gave its id.
  const statements = inReportingOrder(plan.employees).flatMap((level) => chunks(level, chunkSize));
  const managerIdOf = (no: string) => {
    const id = idOfNo.get(no);
    if (!id) throw new Error(`import plan: manager ${no} is neither in Perfloop nor written before`);
    return id;
  };
  let done = 0;
  for (const batch of statements) {
    const rows = batch.map((e) => ({
      employee_no: e.employeeNo,
      name: e.name,
      email: e.email ?? null,
      title: e.title ?? null,
      job_level: e.jobLevel ?? null,
      hire_date: e.hireDate ?? null,
      status: e.status ?? 'active',
      department_id: 'id' in e.department ? e.department.id : departmentIds.get(e.department.newKey)!,
      manager_id: e.managerNo ? managerIdOf(e.managerNo) : null,
    }));
    const written = rowsOf<{ id: string; employee_no: string }>(
      await scope.db.execute(sql`
        insert into employees (tenant_id, employee_no, name, email, title, job_level, hire_date, status,
          department_id, manager_id)
        select ${scope.tenantId}, x.employee_no, x.name, x.email, x.title, x.job_level, x.hire_date, x.status,
          x.department_id, x.manager_id
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(employee_no text, name text, email text,
          title text, job_level text, hire_date date, status text, department_id uuid, manager_id uuid)
        on conflict (tenant_id, employee_no) do update set ${updated}
        returning id, employee_no`),
    );
    for (const r of written) idOfNo.set(r.employee_no, r.id);
    done += batch.length;
    onProgress(done / plan.employees.length);
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

const leaseUntil = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;

/** Claims a validated job for this process: running, with a lease of `leaseSeconds` (jobs/lease.ts). */
export async function startImportJob(scope: TenantScope, id: string, leaseSeconds: number): Promise<boolean> {
  const rows = await scope.db
    .update(importJobs)
    .set({ status: 'running', progress: 0, leaseExpiresAt: leaseUntil(leaseSeconds), updatedAt: sql`now()` })
    .where(scope.where(importJobs, eq(importJobs.id, id), eq(importJobs.status, 'validated')))
    .returning({ id: importJobs.id });
  return rows.length === 1;
}

/** The heartbeat: extends the lease of a job still running; false when it no longer is. */
export async function renewImportLease(
  scope: TenantScope,
  id: string,
  leaseSeconds: number,
): Promise<boolean> {
  const rows = await scope.db
    .update(importJobs)
    .set({ leaseExpiresAt: leaseUntil(leaseSeconds) })
    .where(scope.where(importJobs, eq(importJobs.id, id), eq(importJobs.status, 'running')))
    .returning({ id: importJobs.id });
  return rows.length === 1;
}

/**
 * Jobs whose process is gone can never finish: those running without a live lease are failed
 * (in every tenant). A job running in another process, which renews its lease, is left alone.
 * Jobs left running by a version without leases have none and count as expired. `everyRunning`:
 * every running job is known to be orphaned (the embedded database, which one process at a time
 * opens, at that process's start).
 */
export async function failExpiredImportJobs(
  db: TenantScope['db'],
  options: { everyRunning?: boolean } = {},
): Promise<number> {
  const rows = await db
    .update(importJobs)
    .set({ status: 'failed', summary: { reason: 'interrupted' }, updatedAt: sql`now()` })
    .where(
      and(
        eq(importJobs.status, 'running'),
        options.everyRunning
          ? undefined
          : or(isNull(importJobs.leaseExpiresAt), lte(importJobs.leaseExpiresAt, sql`now()`)),
      ),
    )
    .returning({ id: importJobs.id });
  return rows.length;
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
