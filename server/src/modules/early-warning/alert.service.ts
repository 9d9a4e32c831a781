import type { Alert, ListAlertsQuery } from '@perfloop/core';
import { isTenantAdmin } from '../../access/reach.ts';
import { isInScopedDepartments } from '../../access/visibility.repository.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { fieldError } from '../../http/errors.ts';
import * as repo from './alert.repository.ts';
import { assertCanSeeDepartmentAlerts } from './early-warning.policy.ts';

/**
 * The rules of an alert view: `mine` and `team` need the caller to be a person; a department
 * view names its department, one the caller heads or is HRBP for (or the caller is HR).
 * The view itself (which alerts it holds) is `alertScope` in the repository.
 */
async function assertAlertView(
  scope: TenantScope,
  actor: Actor,
  query: Pick<ListAlertsQuery, 'view' | 'departmentId'>,
): Promise<void> {
  if ((query.view === 'mine' || query.view === 'team') && !actor.employeeId)
    throw fieldError('querystring.view', 'invalid_value');
  if (query.view === 'department') {
    if (!query.departmentId) throw fieldError('querystring.departmentId', 'required');
    assertCanSeeDepartmentAlerts(
      actor,
      isTenantAdmin(actor) || (await isInScopedDepartments(scope, actor, query.departmentId)),
    );
  }
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
  await assertAlertView(scope, actor, query);
  const page = await repo.listAlerts(scope, actor, query);
  return { items: page.items.map(toAlert), nextCursor: page.nextCursor };
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
  return (await repo.openAlertsOfPeople(scope, peopleIds, cycleId, limit)).map(toAlert);
}
