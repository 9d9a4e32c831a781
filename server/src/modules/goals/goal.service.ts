import {
  checkSmart,
  dateInTimeZone,
  EDITABLE_GOAL_STATUSES,
  type Goal,
  type GoalVersion,
  type ListGoalsQuery,
  type Locale,
  type SmartWarning,
} from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { findCycleState } from '../cycles/cycle.repository.ts';
import { canApproveGoal, canCheckIn, canManageGoal } from './goal.policy.ts';
import { assembleGoals, progressOfRows } from './goal.progress.ts';
import * as repo from './goal.repository.ts';
import * as keyResults from './key-result.repository.ts';

export function todayOf(ctx: AppContext, actor: Actor): string {
  return dateInTimeZone(ctx.clock(), actor.tenant.timeZone);
}

/** Goals matching a filter, with progress: three statements whatever the number of goals. */
export async function loadGoals(
  ctx: AppContext,
  scope: TenantScope,
  actor: Actor,
  filter: repo.GoalFilter,
): Promise<Goal[]> {
  return assembleRows(ctx, scope, actor, await repo.findGoals(scope, filter));
}

/** Goal rows with their key results and progress (§2, §3). */
async function assembleRows(
  ctx: AppContext,
  scope: TenantScope,
  actor: Actor,
  rows: readonly repo.GoalRow[],
): Promise<Goal[]> {
  const settings = actor.tenant.goalSettings;
  const krs = await keyResults.keyResultsOfGoals(scope, rows);
  return assembleGoals(rows, krs, todayOf(ctx, actor), settings.progressCap, actor.tenant.paceThreshold);
}

/**
 * One goal the actor may see (404 otherwise: existence is not disclosed). `goal`: the goal's id,
 * or a key result whose goal it is (found in the same statement).
 */
export async function loadVisibleGoal(
  ctx: AppContext,
  scope: TenantScope,
  actor: Actor,
  goal: string | { keyResultId: string },
): Promise<Goal> {
  const row = await repo.findVisibleGoal(scope, actor, goal);
  if (!row) throw new AppError('not_found');
  const [loaded] = await assembleRows(ctx, scope, actor, [row]);
  return loaded!;
}

/** Throws 404 unless the actor may see the goal: the check of loadVisibleGoal without loading it. */
export async function assertGoalVisible(scope: TenantScope, actor: Actor, id: string): Promise<void> {
  if (!(await repo.isGoalVisible(scope, actor, id))) throw new AppError('not_found');
}

export async function listGoals(ctx: AppContext, actor: Actor, query: ListGoalsQuery) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const me = actor.employeeId;
  const page = await repo.listGoals(
    scope,
    {
      // My own goals and my reports' are always mine to see: only `all` needs the visibility condition.
      ...(query.scope === 'all' && { visibleTo: actor }),
      cycleId: query.cycleId,
      ...(query.scope === 'mine' && { ownedBy: me }),
      ...(query.scope === 'team' && { ownedByReportsOf: me }),
      ownerId: query.ownerId,
      departmentId: query.departmentId,
      level: query.level,
      status: query.status,
      titleContains: query.q,
    },
    query,
  );
  return { items: await assembleRows(ctx, scope, actor, page.items), nextCursor: page.nextCursor };
}

export async function listKeyResults(ctx: AppContext, actor: Actor, goalId: string) {
  const goal = await loadVisibleGoal(ctx, new TenantScope(ctx.database.db, actor.tenant.id), actor, goalId);
  return goal.keyResults;
}

export type GoalPermissions = {
  canEdit: boolean;
  canSubmit: boolean;
  canApprove: boolean;
  canCheckIn: boolean;
  canRequestRevision: boolean;
};

export async function getGoalDetail(ctx: AppContext, actor: Actor, id: string, locale: Locale) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const goal = await loadVisibleGoal(ctx, scope, actor, id);
  const relation = await repo.findGoalRelation(scope, actor, id);
  const manages = canManageGoal(actor, goal, relation);
  const cycle = await findCycleState(scope, goal.cycleId);
  const writable = !!cycle && cycle.status !== 'closed';
  const editable = EDITABLE_GOAL_STATUSES.includes(goal.status);
  const permissions: GoalPermissions = {
    canEdit: writable && editable && manages,
    canSubmit: writable && editable && manages,
    canApprove: writable && goal.status === 'submitted' && canApproveGoal(actor, goal, relation),
    canCheckIn:
      writable &&
      goal.status === 'approved' &&
      goal.keyResults.some((kr) => canCheckIn(actor, goal, relation, kr.ownerId)),
    canRequestRevision: writable && goal.status === 'approved' && !goal.hasOpenRevision && manages,
  };
  const warnings = cycle ? smartWarnings(goal, cycle, locale) : [];
  return { goal, permissions, warnings };
}

export function smartWarnings(
  goal: Goal,
  cycle: { startDate: string; endDate: string },
  locale: Locale,
): SmartWarning[] {
  return checkSmart(
    {
      kind: goal.kind,
      ownerId: goal.ownerId,
      dueDate: goal.dueDate,
      keyResults: goal.keyResults.map((kr) => ({ ...kr, dueDate: kr.dueDate })),
    },
    cycle,
    locale,
  );
}

export function snapshotOf(goal: Goal) {
  return {
    title: goal.title,
    description: goal.description,
    weightBp: goal.weightBp,
    dueDate: goal.dueDate,
    status: goal.status,
    keyResults: goal.keyResults.map((kr) => ({
      id: kr.id,
      title: kr.title,
      kind: kr.kind,
      direction: kr.direction,
      startValue: kr.startValue,
      targetValue: kr.targetValue,
      unit: kr.unit,
      weightBp: kr.weightBp,
      dueDate: kr.dueDate,
    })),
  };
}

export async function listGoalVersions(ctx: AppContext, actor: Actor, id: string): Promise<GoalVersion[]> {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  await loadVisibleGoal(ctx, scope, actor, id);
  const rows = await repo.listGoalVersions(scope, id);
  return rows.map((r) => ({
    revisionNo: r.revision_no,
    createdAt: new Date(r.created_at).toISOString(),
    revisionId: r.revision_id,
    snapshot: r.snapshot as GoalVersion['snapshot'],
    approvals: (r.steps ?? []) as GoalVersion['approvals'],
  }));
}

/**
 * Each goal's progress: its stored number as it is; the rest (written since the last fill, or with
 * a roll-up KR) computed by core from the key results, read in one statement for all of them.
 */
export async function progressOfGoals(
  scope: TenantScope,
  goals: readonly { id: string; progress: number | null }[],
  cap: number,
): Promise<Map<string, number>> {
  const unknown = goals.filter((g) => g.progress === null).map((g) => g.id);
  const computed = progressOfRows(await keyResults.selectKeyResultMeasures(scope, unknown), cap).goals;
  return new Map(goals.map((g) => [g.id, g.progress ?? computed.get(g.id) ?? 0]));
}

/** Submitted goals waiting on the actor: their direct reports', the departments below the ones they head, and for HR admins the company's and those with nobody above. */
export async function goalsAwaitingApproval(ctx: AppContext, actor: Actor): Promise<Goal[]> {
  const me = actor.employeeId;
  if (actor.kind !== 'user' || !me) return [];
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  return assembleRows(ctx, scope, actor, await repo.selectGoalsAwaitingApproval(scope, actor));
}
