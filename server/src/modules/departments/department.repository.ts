import type { Department } from '@perfloop/core';
import { eq, sql } from 'drizzle-orm';
import { departmentAndBelow } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import { departments } from '../../db/schema.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';

type DepartmentRow = {
  id: string;
  name: string;
  code: string | null;
  parent_id: string | null;
  head_id: string | null;
  head_name: string | null;
  archived: boolean;
  member_count: number;
  version: number;
};

function toDepartment(r: DepartmentRow): Department {
  return {
    id: r.id,
    name: r.name,
    code: r.code,
    parentId: r.parent_id,
    headId: r.head_id,
    headName: r.head_name,
    archived: r.archived,
    memberCount: Number(r.member_count),
    version: r.version,
  };
}

/** The whole tree in one query, with each department's head and count of active members. */
export async function listDepartments(
  scope: TenantScope,
  options: { includeArchived: boolean; id?: string },
) {
  const result = await scope.db.execute(sql`
    select d.id, d.name, d.code, d.parent_id, d.head_id, h.name as head_name, d.archived, d.version,
      coalesce(c.n, 0)::int as member_count
    from departments d
    left join employees h on h.tenant_id = d.tenant_id and h.id = d.head_id
    left join (
      select department_id, count(*) as n from employees
      where tenant_id = ${scope.tenantId} and status = 'active' group by department_id
    ) c on c.department_id = d.id
    where d.tenant_id = ${scope.tenantId}
      ${options.includeArchived ? sql`` : sql`and not d.archived`}
      ${options.id ? sql`and d.id = ${options.id}` : sql``}
    order by d.parent_id nulls first, d.name`);
  return rowsOf<DepartmentRow>(result).map(toDepartment);
}

export async function findDepartment(scope: TenantScope, id: string): Promise<Department | null> {
  const [row] = await listDepartments(scope, { includeArchived: true, id });
  return row ?? null;
}

export async function findRoot(scope: TenantScope) {
  const [row] = await scope.db
    .select()
    .from(departments)
    .where(scope.where(departments, sql`${departments.parentId} is null`));
  return row ?? null;
}

/** True when `candidateId` is `departmentId` itself or lies below it. */
export async function isSelfOrDescendant(scope: TenantScope, departmentId: string, candidateId: string) {
  const result = await scope.db.execute(
    sql`select ${candidateId}::uuid in (${departmentAndBelow(scope.tenantId, departmentId)}) as found`,
  );
  return rowsOf<{ found: boolean }>(result)[0]?.found ?? false;
}

export async function hasActiveContent(scope: TenantScope, id: string) {
  const result = await scope.db.execute(sql`
    select exists (select 1 from employees where tenant_id = ${scope.tenantId} and department_id = ${id} and status = 'active')
      or exists (select 1 from departments where tenant_id = ${scope.tenantId} and parent_id = ${id} and not archived) as busy`);
  return rowsOf<{ busy: boolean }>(result)[0]?.busy ?? false;
}

export async function insertDepartment(
  scope: TenantScope,
  row: { name: string; code: string | null; parentId: string | null; headId: string | null },
) {
  const [created] = await scope.db
    .insert(departments)
    .values(scope.values(row))
    .returning({ id: departments.id });
  return created!.id;
}

/** Applies a change only at the expected version; returns false when someone changed it first. */
export async function updateDepartment(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  changes: Partial<{
    name: string;
    code: string | null;
    parentId: string;
    headId: string | null;
    archived: boolean;
  }>,
) {
  const rows = await scope.db
    .update(departments)
    .set({ ...changes, version: sql`${departments.version} + 1`, updatedAt: sql`now()` })
    .where(scope.where(departments, eq(departments.id, id), eq(departments.version, expectedVersion)))
    .returning({ id: departments.id });
  return rows.length === 1;
}
