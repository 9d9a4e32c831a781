import { type SQL, sql } from 'drizzle-orm';
import { uuidArray } from '../db/sql-arrays.ts';
import type { TenantScope } from '../db/tenant-scope.ts';
import type { Actor } from '../http/actor.ts';
import { isTenantAdmin } from './reach.ts';

/*
 * Visibility as SQL, for repositories: the reporting line, the department chain, the departments
 * an actor heads or is HRBP for, and tenant-wide roles. The same rules on one row, without SQL,
 * are in reach.ts. The shapes below were tuned at 100,000 people; keep them as they are.
 */

/**
 * The employees an actor may see, as a SQL condition on alias `e` (null = the whole tenant):
 * themself, everyone below them on the reporting line, and everyone in the departments they
 * head or are HRBP for, with the sub-departments. Computed in SQL, never row by row.
 *
 * One `in` over the union of the three sets, not three conditions joined by `or`: PostgreSQL
 * turns a lone `in` into a semi-join that starts from those (few) ids, where the `or` made it
 * test every employee of the tenant, which at 100,000 people was most of a personal request.
 */
export function visibleEmployeesCondition(scope: TenantScope, actor: Actor): SQL | null {
  if (isTenantAdmin(actor)) return null;
  const me = actor.employeeId;
  if (!me) return sql`false`;
  const t = scope.tenantId;
  return sql`e.id in (
    select ${me}::uuid
    union all select r.id from (${reportsOf(t, me)}) r
    union all ${peopleOfDepartments(t, scopedDepartments(t, actor))})`;
}

/**
 * Everyone below a manager on the reporting line, as a subquery of ids. Each level looks up the
 * reports of the level above through the (tenant, manager) index: the `offset 0` keeps the planner
 * from turning that into a hash join, which scanned every employee of the tenant at each level
 * (it guesses ten times the first level's rows) and made team reads 4x slower at 100k than at 10k.
 */
export function reportsOf(tenantId: string, managerId: string): SQL {
  return sql`with recursive reports as (
    select id from employees where tenant_id = ${tenantId} and manager_id = ${managerId}
    union select x.id from reports r cross join lateral (
      select e.id from employees e where e.tenant_id = ${tenantId} and e.manager_id = r.id offset 0
    ) x
  ) select id from reports`;
}

/**
 * The departments of `roots` and every department below them, as a subquery of ids. Like
 * reportsOf, each level looks up the children of the level above through the (tenant, parent)
 * index, fenced by `offset 0`: as a join the planner hashed every department of the tenant at
 * each level.
 */
function departmentsBelow(tenantId: string, roots: SQL): SQL {
  return sql`with recursive sub as (
    select id from departments where tenant_id = ${tenantId} and ${roots}
    union select c.id from sub cross join lateral (
      select d.id from departments d where d.tenant_id = ${tenantId} and d.parent_id = sub.id offset 0
    ) c
  ) select id from sub`;
}

/** A department and every department below it, as a subquery of ids. */
export function departmentAndBelow(tenantId: string, departmentId: string): SQL {
  return departmentsBelow(tenantId, sql`id = ${departmentId}`);
}

/** The departments an actor heads or is HRBP for, with their sub-departments, as a subquery of ids. */
export function scopedDepartments(tenantId: string, actor: Actor): SQL {
  return departmentsBelow(tenantId, scopeRoots(actor));
}

/** The departments an actor heads or is HRBP for, without those below them, as a subquery of ids. */
export function scopedDepartmentRoots(tenantId: string, actor: Actor): SQL {
  return sql`select id from departments where tenant_id = ${tenantId} and ${scopeRoots(actor)}`;
}

function scopeRoots(actor: Actor): SQL {
  const hrbp =
    actor.hrbpDepartmentIds.length > 0 ? sql`or id = any(${uuidArray(actor.hrbpDepartmentIds)})` : sql``;
  return sql`(head_id = ${actor.employeeId} ${hrbp})`;
}

/**
 * The people of some departments (a subquery of department ids), as a subquery of column `id`:
 * department by department through the (tenant, department) index. As a join, the planner
 * guessed 200 departments and scanned every employee of the tenant, whatever the departments.
 */
export function peopleOfDepartments(tenantId: string, departments: SQL): SQL {
  return sql`select x.id from (${departments}) dd cross join lateral (
    select e.id from employees e where e.tenant_id = ${tenantId} and e.department_id = dd.id offset 0
  ) x`;
}
