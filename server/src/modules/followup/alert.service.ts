import type { Alert, ListAlertsQuery } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { TenantScope } from '../../db/tenant-scope.ts';
import { type Actor, isTenantAdmin } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { decodeCursor, encodeCursor } from '../../shared/cursor.ts';
import { departmentAndBelow, isInScopedDepartments, reportsOf } from '../employees/employee.repository.ts';
import { visibleGoalsCondition } from '../goals/goal.repository.ts';
import * as repo from './alert.repository.ts';

/**
 * The alert filter of a view: my own goals, my reporting line, a department (heads, HRBPs and
 * HR), or everything the caller may see. Always within the goals the caller may see (no OKR
 * transparency here: alerts are for the people who act on them).
 */
export async function alertScope(
  scope: TenantScope,
  actor: Actor,
  query: Pick<ListAlertsQuery, 'view' | 'departmentId'>,
) {
  const t = scope.tenantId;
  const conditions: SQL[] = [visibleGoalsCondition(scope, actor, false) ?? sql`true`];
  const me = actor.employeeId;
  switch (query.view) {
    case 'mine':
      if (!me) throw fieldError('querystring.view', 'invalid_value');
      conditions.push(sql`g.owner_id = ${me}`);
      break;
    case 'team':
      if (!me) throw fieldError('querystring.view', 'invalid_value');
      conditions.push(sql`g.owner_id in (${reportsOf(t, me)})`);
      break;
    case 'department': {
      if (!query.departmentId) throw fieldError('querystring.departmentId', 'required');
      if (!isTenantAdmin(actor) && !(await isInScopedDepartments(scope, actor, query.departmentId)))
        throw new AppError('forbidden');
      conditions.push(
        sql`coalesce(o.department_id, g.department_id) in (${departmentAndBelow(t, query.departmentId)})`,
      );
      break;
    }
    case 'all':
      break;
  }
  return conditions;
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
  const conditions = await alertScope(scope, actor, query);
  if (query.employeeId) conditions.push(sql`g.owner_id = ${query.employeeId}`);
  if (query.cycleId) conditions.push(sql`a.cycle_id = ${query.cycleId}`);
  if (query.rule) conditions.push(sql`a.rule = ${query.rule}`);
  if (query.status !== 'any') conditions.push(sql`a.status = ${query.status}`);
  const after = decodeCursor(query.cursor);
  if (query.cursor && after?.length !== 2) throw fieldError('querystring.cursor', 'invalid_value');
  if (after)
    conditions.push(
      sql`(a.created_at, a.id) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)`,
    );
  const rows = await repo.selectAlerts(scope, sql.join(conditions, sql` and `), query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? page.at(-1) : undefined;
  return { items: page.map(toAlert), nextCursor: last ? encodeCursor([last.created_at, last.id]) : null };
}
