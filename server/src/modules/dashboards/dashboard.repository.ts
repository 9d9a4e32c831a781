import type { AttainmentGoal } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { departmentAndBelow, peopleOfDepartments } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import { countsTowardAttainmentSql } from '../goals/goal.repository.ts';

/**
 * Per person: open alerts on their goals in the cycle, overdue follow-ups about them, and their last
 * 1:1. The alerts are counted goal by goal through the person's goals (fenced by offset 0): planned
 * for its values, the count walked every open alert of the cycle for each person (20,000 at 10k
 * people; a second for a team of ten on the embedded database).
 */
export async function selectTeamCounts(
  scope: TenantScope,
  people: readonly string[],
  cycleId: string,
  today: string,
  now: Date,
) {
  if (people.length === 0) return [];
  const t = scope.tenantId;
  const ids = uuidArray(people);
  const result = await scope.db.execute(sql`
    select p.id,
      (select count(*)::int from goals g cross join lateral (
          select 1 from alerts a where a.tenant_id = ${t} and a.goal_id = g.id and a.status = 'open'
            and a.cycle_id = ${cycleId} offset 0) a
        where g.tenant_id = ${t} and g.cycle_id = ${cycleId} and g.owner_id = p.id) as open_alerts,
      (select count(*)::int from follow_ups f
        where f.tenant_id = ${t} and f.employee_id = p.id and f.status = 'open' and f.due_date < ${today}::date) as overdue_follow_ups,
      (select max(m.starts_at)::text from one_on_ones m
        where m.tenant_id = ${t} and m.employee_id = p.id and m.status <> 'cancelled'
          and m.starts_at <= ${now.toISOString()}::timestamptz) as last_one_on_one_at
    from unnest(${ids}) as p(id)`);
  return rowsOf<{
    id: string;
    open_alerts: number;
    overdue_follow_ups: number;
    last_one_on_one_at: string | null;
  }>(result);
}

/**
 * The goals in a cycle of the people of some departments that count toward attainment (core's
 * rule, §2: approved and closed personal goals), as a FROM item `g`: person by person through the
 * (tenant, cycle, owner) index, so a department of 1,000 people reads its own 4,000 goals whatever
 * the size of the company.
 */
function personalGoalsOf(t: string, departmentIds: SQL, cycleId: string) {
  return sql`(${peopleOfDepartments(t, departmentIds)}) p cross join lateral (
    select g.id, g.owner_id, g.weight_bp, g.level, g.status, g.last_check_in_at, g.progress from goals g
    where g.tenant_id = ${t} and g.cycle_id = ${cycleId} and g.owner_id = p.id
      and ${countsTowardAttainmentSql(sql`g`)}
    offset 0) g`;
}

/**
 * The goals of a department and below in a cycle that count toward attainment: what attainment
 * and check-in compliance need, in one statement.
 */
export async function selectDepartmentGoals(scope: TenantScope, departmentIds: SQL, cycleId: string) {
  const result = await scope.db.execute(sql`
    select g.id, g.owner_id, g.weight_bp, g.level, g.status, g.last_check_in_at::text as last_check_in_at, g.progress
    from ${personalGoalsOf(scope.tenantId, departmentIds, cycleId)}`);
  return rowsOf<{
    id: string;
    owner_id: string;
    weight_bp: number;
    level: AttainmentGoal['level'];
    status: AttainmentGoal['status'];
    last_check_in_at: string | null;
    /** Stored progress; null when it is to be computed from the key results. */
    progress: number | null;
  }>(result);
}

/** selectDepartmentGoals of a department and every department below it. */
export async function selectGoalsOfDepartmentTree(scope: TenantScope, departmentId: string, cycleId: string) {
  return selectDepartmentGoals(scope, departmentAndBelow(scope.tenantId, departmentId), cycleId);
}
