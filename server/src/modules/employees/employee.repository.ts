import type { AssignableRole, Employee, EmployeeStatus, ListEmployeesQuery, Role } from '@perfloop/core';
import { eq, type SQL, sql } from 'drizzle-orm';
import { departmentAndBelow, visibleEmployeesCondition } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import { employees, roleAssignments } from '../../db/schema.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { Page } from '../../shared/pagination.ts';

type EmployeeRow = {
  id: string;
  employee_no: string;
  name: string;
  email: string | null;
  title: string | null;
  job_level: string | null;
  department_id: string;
  department_name: string;
  manager_id: string | null;
  manager_name: string | null;
  hire_date: string | null;
  status: EmployeeStatus;
  explicit_roles: AssignableRole[] | null;
  hrbp_department_ids: string[] | null;
  direct_report_count: number;
  is_head: boolean;
  has_login: boolean;
  version: number;
  created_at: string;
  updated_at: string;
};

function toEmployee(r: EmployeeRow): Employee {
  const roles: Role[] = ['employee'];
  if (Number(r.direct_report_count) > 0) roles.push('manager');
  if (r.is_head) roles.push('department_head');
  for (const role of r.explicit_roles ?? []) roles.push(role);
  return {
    id: r.id,
    employeeNo: r.employee_no,
    name: r.name,
    email: r.email,
    title: r.title,
    jobLevel: r.job_level,
    departmentId: r.department_id,
    departmentName: r.department_name,
    managerId: r.manager_id,
    managerName: r.manager_name,
    hireDate: r.hire_date,
    status: r.status,
    roles,
    hrbpDepartmentIds: r.hrbp_department_ids ?? [],
    directReportCount: Number(r.direct_report_count),
    hasLogin: r.has_login,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** One statement for a whole page: names, roles and report counts come from joins, not per-row queries. */
function selectEmployees(scope: TenantScope, where: SQL, tail: SQL) {
  const t = scope.tenantId;
  return scope.db.execute(sql`
    select e.id, e.employee_no, e.name, e.email, e.title, e.job_level, e.department_id, d.name as department_name,
      e.manager_id, m.name as manager_name, e.hire_date::text as hire_date, e.status, e.version,
      e.created_at::text as created_at, e.updated_at::text as updated_at, e.password_hash is not null as has_login,
      ra.roles as explicit_roles, ra.hrbp_department_ids,
      coalesce(rc.n, 0)::int as direct_report_count,
      -- A probe of (tenant, head) per row returned; as exists (…), a generic plan hashed every
      -- department of the company for each page (3,239 rows at 100k people).
      coalesce((select true from departments hd
        where hd.tenant_id = ${t} and hd.head_id = e.id and not hd.archived limit 1), false) as is_head
    from employees e
    join departments d on d.tenant_id = e.tenant_id and d.id = e.department_id
    left join employees m on m.tenant_id = e.tenant_id and m.id = e.manager_id
    left join lateral (
      select array_agg(r.role order by r.role) as roles,
        (select array_agg(distinct x) from role_assignments r2, unnest(r2.department_ids) x
          where r2.tenant_id = ${t} and r2.employee_id = e.id and r2.role = 'hrbp') as hrbp_department_ids
      from role_assignments r where r.tenant_id = ${t} and r.employee_id = e.id
    ) ra on true
    left join lateral (
      select count(*) as n from employees c where c.tenant_id = ${t} and c.manager_id = e.id and c.status = 'active'
    ) rc on true
    where e.tenant_id = ${t} and ${where}
    ${tail}`);
}

const SORT_COLUMNS = {
  employeeNo: sql`e.employee_no`,
  name: sql`e.name`,
  hireDate: sql`coalesce(e.hire_date, '9999-12-31'::date)::text`,
} as const;

/** Whether a text has a letter that changes with case (then a search must ignore case). */
const hasCase = (text: string) => text.toLowerCase() !== text || text.toUpperCase() !== text;

export async function listEmployees(
  scope: TenantScope,
  actor: Actor,
  query: ListEmployeesQuery,
): Promise<Page<Employee>> {
  const t = scope.tenantId;
  const descending = query.sort.startsWith('-');
  const sortKey = query.sort.replace(/^-/, '') as keyof typeof SORT_COLUMNS;
  const column = SORT_COLUMNS[sortKey];
  const keyset: Keyset<Employee> = {
    parts: [
      {
        column,
        kind: 'text',
        of: (e) =>
          sortKey === 'employeeNo'
            ? e.employeeNo
            : sortKey === 'name'
              ? e.name
              : (e.hireDate ?? '9999-12-31'),
      },
      { column: sql`e.id`, kind: 'uuid', of: (e) => e.id },
    ],
    descending,
  };
  const conditions: SQL[] = [];
  const visible = visibleEmployeesCondition(scope, actor);
  if (visible) conditions.push(visible);
  if (query.status !== 'all') conditions.push(sql`e.status = ${query.status}`);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // A search without letters that have a case (Chinese names, numbers) matches the same with
    // LIKE, which compares bytes: ILIKE folds the case of every row's three columns first, and
    // took twice as long on a 10k company's names.
    const op = hasCase(query.q) ? sql`ilike` : sql`like`;
    conditions.push(sql`(e.name ${op} ${like} or e.employee_no ${op} ${like} or e.email ${op} ${like})`);
  }
  if (query.managerId) conditions.push(sql`e.manager_id = ${query.managerId}`);
  if (query.departmentId) {
    conditions.push(
      query.includeSubDepartments
        ? sql`e.department_id in (${departmentAndBelow(t, query.departmentId)})`
        : sql`e.department_id = ${query.departmentId}`,
    );
  }
  const after = afterCursor(keyset, query.cursor);
  if (after) conditions.push(after);
  const where = conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`true`;
  const direction = descending ? sql`desc` : sql`asc`;
  const result = await selectEmployees(
    scope,
    where,
    sql`order by ${column} ${direction}, e.id ${direction} limit ${query.limit + 1}`,
  );
  const rows = rowsOf<EmployeeRow & { sort_key?: string }>(result);
  const { rows: items, nextCursor } = pageOf(keyset, rows.map(toEmployee), query.limit);
  return { items, nextCursor };
}

export async function findEmployee(scope: TenantScope, id: string, actor?: Actor): Promise<Employee | null> {
  const visible = actor ? visibleEmployeesCondition(scope, actor) : null;
  const result = await selectEmployees(
    scope,
    visible ? sql`e.id = ${id} and ${visible}` : sql`e.id = ${id}`,
    sql``,
  );
  const row = rowsOf<EmployeeRow>(result)[0];
  return row ? toEmployee(row) : null;
}

export async function findEmployeeRow(scope: TenantScope, id: string) {
  const [row] = await scope.db
    .select()
    .from(employees)
    .where(scope.where(employees, eq(employees.id, id)));
  return row ?? null;
}

/** True when `candidateManagerId` is `employeeId` or reports to them, directly or not. */
export async function isSelfOrReport(scope: TenantScope, employeeId: string, candidateManagerId: string) {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    with recursive up as (
      select id, manager_id from employees where tenant_id = ${t} and id = ${candidateManagerId}
      union
      select x.id, x.manager_id from employees x join up on x.id = up.manager_id where x.tenant_id = ${t}
    )
    select exists (select 1 from up where id = ${employeeId}) as found`);
  return rowsOf<{ found: boolean }>(result)[0]?.found ?? false;
}

export type EmployeeWrite = {
  employeeNo: string;
  name: string;
  email: string | null;
  title: string | null;
  jobLevel: string | null;
  departmentId: string;
  managerId: string | null;
  hireDate: string | null;
  status: EmployeeStatus;
};

export async function insertEmployee(
  scope: TenantScope,
  row: EmployeeWrite & { passwordHash?: string | null },
) {
  const [created] = await scope.db
    .insert(employees)
    .values(scope.values(row))
    .returning({ id: employees.id });
  return created!.id;
}

export async function updateEmployee(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  changes: Partial<EmployeeWrite>,
) {
  const rows = await scope.db
    .update(employees)
    .set({ ...changes, version: sql`${employees.version} + 1`, updatedAt: sql`now()` })
    .where(scope.where(employees, eq(employees.id, id), eq(employees.version, expectedVersion)))
    .returning({ id: employees.id });
  return rows.length === 1;
}

export async function setPasswordHash(scope: TenantScope, id: string, passwordHash: string) {
  await scope.db
    .update(employees)
    .set({ passwordHash, updatedAt: sql`now()` })
    .where(scope.where(employees, eq(employees.id, id)));
}

/** Replaces a person's explicit roles (HRBP with its department scope). */
export async function replaceRoles(
  scope: TenantScope,
  employeeId: string,
  roles: readonly AssignableRole[],
  hrbpDepartmentIds: readonly string[],
) {
  await scope.db
    .delete(roleAssignments)
    .where(scope.where(roleAssignments, eq(roleAssignments.employeeId, employeeId)));
  if (roles.length === 0) return;
  await scope.db
    .insert(roleAssignments)
    .values(
      roles.map((role) =>
        scope.values({ employeeId, role, departmentIds: role === 'hrbp' ? [...hrbpDepartmentIds] : [] }),
      ),
    );
}

export async function countExistingDepartments(scope: TenantScope, ids: readonly string[]) {
  if (ids.length === 0) return 0;
  const result = await scope.db.execute(
    sql`select count(*)::int as n from departments where tenant_id = ${scope.tenantId} and id = any(${uuidArray(ids)})`,
  );
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}
