import type { Alert, ListAlertsQuery } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { isTenantAdmin } from '../../access/reach.ts';
import { isInScopedDepartments } from '../../access/visibility.repository.ts';
import { departmentAndBelow, peopleOfDepartments, reportsOf } from '../../access/visibility.sql.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { fieldError } from '../../http/errors.ts';
import { decodeCursor, encodeCursor } from '../../shared/cursor.ts';
import { visibleGoalIds, visibleGoalsCondition } from '../goals/goal.repository.ts';
import * as repo from './alert.repository.ts';
import { assertCanSeeDepartmentAlerts } from './early-warning.policy.ts';

/**
 * The alerts of a view: my own goals, my reporting line, a department (heads, HRBPs and HR), or
 * everything the caller may see. Always within the goals the caller may see (no OKR transparency
 * here: alerts are for the people who act on them); the first three are inside it by definition
 * (the goals of the caller, of their line, of a department they head or are HRBP for).
 *
 * In a cycle, the view is the goals it covers, found through indexes (goalIds), and their alerts
 * are looked up goal by goal; `conditions` are then on alias a only. Across cycles there is no such
 * index, and `conditions` also filter aliases g and o of every alert.
 */
export async function alertScope(
  scope: TenantScope,
  actor: Actor,
  query: Pick<ListAlertsQuery, 'view' | 'departmentId' | 'employeeId' | 'cycleId'>,
): Promise<{ source: repo.AlertSource; conditions: SQL[] }> {
  const t = scope.tenantId;
  const me = actor.employeeId;
  const { cycleId, employeeId } = query;
  if ((query.view === 'mine' || query.view === 'team') && !me)
    throw fieldError('querystring.view', 'invalid_value');
  if (query.view === 'department') {
    if (!query.departmentId) throw fieldError('querystring.departmentId', 'required');
    assertCanSeeDepartmentAlerts(
      actor,
      isTenantAdmin(actor) || (await isInScopedDepartments(scope, actor, query.departmentId)),
    );
  }
  const departments =
    query.view === 'department' && query.departmentId ? departmentAndBelow(t, query.departmentId) : null;
  if (cycleId) {
    const conditions = [sql`a.cycle_id = ${cycleId}`];
    // One person asked for, among some people (a subquery of ids).
    const asked = (people: SQL) => sql`select id from (${people}) p where id = ${employeeId}`;
    if (query.view === 'mine' || query.view === 'team') {
      const line = query.view === 'mine' ? sql`select ${me}::uuid as id` : reportsOf(t, me!);
      const source: repo.AlertSource = employeeId
        ? { people: asked(line), cycleId }
        : { people: line, cycleId, ...(query.view === 'team' && { lineOf: me! }) };
      return { source, conditions };
    }
    if (departments) {
      // The people of the departments, and (unless one person is asked for) their ownerless goals.
      const members = peopleOfDepartments(t, departments);
      const source: repo.AlertSource = employeeId
        ? { people: asked(members), cycleId }
        : { people: members, cycleId, departments };
      return { source, conditions };
    }
    if (employeeId)
      conditions.push(
        sql`a.goal_id in (select id from goals where tenant_id = ${t} and owner_id = ${employeeId})`,
      );
    const goalIds = visibleGoalIds(scope, actor, false, cycleId);
    return { source: goalIds ? { goalIds } : 'newest', conditions };
  }
  const conditions: SQL[] = [];
  if (query.view === 'mine') conditions.push(sql`g.owner_id = ${me}`);
  if (query.view === 'team') conditions.push(sql`g.owner_id in (${reportsOf(t, me!)})`);
  if (departments) conditions.push(sql`coalesce(o.department_id, g.department_id) in (${departments})`);
  if (query.view === 'all') conditions.push(visibleGoalsCondition(scope, actor, false) ?? sql`true`);
  if (employeeId) conditions.push(sql`g.owner_id = ${employeeId}`);
  return { source: null, conditions };
}

export function toAlert(r: repo.AlertRow): Alert {
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    id: r.id,
    rule: r.rule,
    status: r.status,
    goalId: r.goal_id,
    goalTitle: r.goal_title,
    cycleId: r.cycle_id,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    openedOn: r.opened_on,
    resolvedOn: r.resolved_on,
    progress: num(r.progress),
    expected: num(r.expected),
    pace: num(r.pace),
    lastCheckInOn: r.last_check_in_on,
  };
}

export async function listAlerts(ctx: AppContext, actor: Actor, query: ListAlertsQuery) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const { source, conditions } = await alertScope(scope, actor, query);
  if (query.rule) conditions.push(sql`a.rule = ${query.rule}`);
  if (query.status !== 'any') conditions.push(sql`a.status = ${query.status}`);
  const after = decodeCursor(query.cursor);
  if (query.cursor && after?.length !== 2) throw fieldError('querystring.cursor', 'invalid_value');
  if (after)
    conditions.push(
      sql`(a.created_at, a.id) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)`,
    );
  const rows = await repo.selectAlerts(scope, source, sql.join(conditions, sql` and `), query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? page.at(-1) : undefined;
  return { items: page.map(toAlert), nextCursor: last ? encodeCursor([last.created_at, last.id]) : null };
}

/**
 * The open alerts of some people's goals in a cycle, newest first: for the team dashboard, whose
 * people (a manager's direct reports) the caller was already found to see.
 */
export async function openAlertsOfPeople(
  ctx: AppContext,
  actor: Actor,
  peopleIds: readonly string[],
  cycleId: string,
  limit: number,
): Promise<Alert[]> {
  if (peopleIds.length === 0) return [];
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const rows = await repo.selectAlerts(
    scope,
    { people: sql`select unnest(${uuidArray(peopleIds)}) as id`, cycleId },
    sql`a.cycle_id = ${cycleId} and a.status = 'open'`,
    limit,
  );
  return rows.map(toAlert);
}
