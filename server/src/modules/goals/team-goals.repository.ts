import type { GoalStatus } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { reportsOf, visibleEmployeesCondition } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';

/**
 * A goal of a team member as selectTeamMembers nests it (JSON arrays, not objects: ~40 a team):
 * id, status, weight, stored progress (null: compute it), what a key result's span defaults to
 * (the goal's due date, the cycle's dates), and each key result's weight and own dates.
 */
export type TeamGoalEntry = [
  id: string,
  status: GoalStatus,
  weightBp: number,
  progress: number | null,
  dueDate: string | null,
  cycleStart: string,
  cycleEnd: string,
  keyResults: [weightBp: number, startDate: string | null, dueDate: string | null][],
];

export type TeamMemberRow = {
  id: string;
  employee_no: string;
  name: string;
  title: string | null;
  department_name: string;
  manager_id: string | null;
  last_check_in_at: string | null;
  goals: TeamGoalEntry[] | null;
  /** The cycle's own pace threshold, if it sets one (the same on every row). */
  cycle_pace_threshold: number | null;
};

/**
 * The active people matching `members` and `visible` (conditions on employee `e`), by name, each
 * with their personal goals of the cycle that are not cancelled (the service counts them all, and
 * takes attainment over those core's `countsTowardAttainment` keeps): only what attainment and
 * expected progress need (the stored progress and the key results' weights and dates), in one
 * statement. Reading whole goals with their key results was most of a team's time in both the
 * database and the server.
 */
export async function selectTeamMembers(
  scope: TenantScope,
  members: SQL,
  visible: SQL,
  cycleId: string,
): Promise<TeamMemberRow[]> {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select e.id, e.employee_no, e.name, e.title, d.name as department_name, e.manager_id,
      x.last_check_in_at::text as last_check_in_at, x.goals,
      (select (c.warning_settings->>'paceThreshold')::float8 from cycles c
        where c.tenant_id = ${t} and c.id = ${cycleId}) as cycle_pace_threshold
    from employees e
    join departments d on d.tenant_id = e.tenant_id and d.id = e.department_id
    cross join lateral (
      select max(g.last_check_in_at) as last_check_in_at,
        json_agg(json_build_array(g.id, g.status, g.weight_bp, g.progress, g.due_date, c.start_date, c.end_date, (
          select coalesce(json_agg(json_build_array(k.weight_bp, k.start_date, k.due_date)), '[]')
          from key_results k where k.tenant_id = ${t} and k.goal_id = g.id))) as goals
      from goals g join cycles c on c.tenant_id = g.tenant_id and c.id = g.cycle_id
      where g.tenant_id = ${t} and g.cycle_id = ${cycleId} and g.owner_id = e.id
        and g.level = 'personal' and g.status <> 'cancelled'
    ) x
    where e.tenant_id = ${t} and e.status = 'active' and ${members} and ${visible}
    order by e.name, e.id`);
  return rowsOf<TeamMemberRow>(result);
}

/**
 * A manager's team for the team view (selectTeamMembers): their direct reports or everyone below
 * them. Everyone below the actor on the reporting line is theirs to see: only another manager's
 * team needs the visibility condition (which builds the actor's whole reach).
 */
export async function selectTeam(
  scope: TenantScope,
  actor: Actor,
  query: { managerId: string; depth: 'direct' | 'all'; cycleId: string },
): Promise<TeamMemberRow[]> {
  const t = scope.tenantId;
  const { managerId } = query;
  const visible =
    managerId === actor.employeeId ? sql`true` : (visibleEmployeesCondition(scope, actor) ?? sql`true`);
  const members =
    query.depth === 'direct' ? sql`e.manager_id = ${managerId}` : sql`e.id in (${reportsOf(t, managerId)})`;
  return selectTeamMembers(scope, members, visible, query.cycleId);
}
