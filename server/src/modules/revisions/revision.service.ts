import {
  type CreateRevisionBody,
  decideRevision,
  type Goal,
  type ListRevisionsQuery,
  OPEN_REVISION_STATUSES,
  type RevisionChange,
} from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { uniqueViolationOf } from '../../shared/pg-errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findCycleState } from '../cycles/cycle.repository.ts';
import { canManageGoal } from '../goals/goal.policy.ts';
import { findGoalRelation, insertGoalVersion, lockGoal } from '../goals/goal.repository.ts';
import { loadVisibleGoal, snapshotOf } from '../goals/goal.service.ts';
import { assertCan, canWithdrawRevision } from './revision.policy.ts';
import * as repo from './revision.repository.ts';

/** The proposed change must fit the goal: its own key results, metrics for targets, all KRs for weights. */
function assertChangeFits(goal: Goal, change: RevisionChange) {
  const own = new Map(goal.keyResults.map((kr) => [kr.id, kr]));
  const fits = (() => {
    switch (change.kind) {
      case 'target':
        return change.keyResults.every((kr) => own.get(kr.id)?.kind === 'metric');
      case 'weight':
        return (
          change.keyResults.length === own.size &&
          new Set(change.keyResults.map((kr) => kr.id)).size === own.size &&
          change.keyResults.every((kr) => own.has(kr.id))
        );
      case 'text':
        return change.keyResults.every((kr) => own.has(kr.id));
      default:
        return true;
    }
  })();
  if (!fits) throw new AppError('revision.invalid_change');
}

async function loadRevision(scope: TenantScope, actor: Actor, id: string) {
  const revision = await repo.findRevision(scope, actor, id);
  if (!revision) throw new AppError('not_found');
  return revision;
}

export async function createRevision(
  ctx: AppContext,
  actor: Actor,
  body: CreateRevisionBody,
  requestId: string,
) {
  return ctx.database.db
    .transaction(async (tx) => {
      const scope = new TenantScope(tx, actor.tenant.id);
      if (!(await lockGoal(scope, body.goalId))) throw new AppError('not_found');
      const goal = await loadVisibleGoal(ctx, scope, actor, body.goalId);
      assertCan(canManageGoal(actor, goal, await findGoalRelation(scope, actor, goal.id)));
      if ((await findCycleState(scope, goal.cycleId))?.status === 'closed')
        throw new AppError('cycle.closed');
      if (goal.status !== 'approved') throw new AppError('goal.not_approved');
      assertChangeFits(goal, body.change);
      const id = await repo.insertRevision(scope, {
        goalId: goal.id,
        change: body.change,
        reason: body.reason,
        basis: body.basis,
        requestedById: actor.employeeId,
        fromRevisionNo: goal.revisionNo,
      });
      const created = await loadRevision(scope, actor, id);
      await recordAudit(
        scope,
        actor,
        { action: 'goal_revision.submitted', entityType: 'goal_revision', entityId: id, after: created },
        requestId,
      );
      return created;
    })
    .catch((error: unknown) => {
      if (uniqueViolationOf(error) === 'goal_revisions_one_open_uq')
        throw new AppError('revision.open_exists');
      throw error;
    });
}

export async function listRevisions(ctx: AppContext, actor: Actor, query: ListRevisionsQuery) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  return repo.listRevisions(scope, actor, query, query);
}

export async function getRevision(ctx: AppContext, actor: Actor, id: string) {
  return loadRevision(new TenantScope(ctx.database.db, actor.tenant.id), actor, id);
}

/**
 * A decision at the step the request waits on (§5). HR's approval applies the change: a new
 * goal version is written and the previous one stays readable with the approvals (备案).
 * The revision and the goal are locked, so a double click or a racing edit cannot apply twice
 * or half.
 */
export async function decide(
  ctx: AppContext,
  actor: Actor,
  id: string,
  decision: 'approve' | 'reject',
  comment: string | null,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const locked = await repo.lockRevision(scope, id);
    if (!locked) throw new AppError('not_found');
    await lockGoal(scope, locked.goal_id);
    const before = await loadRevision(scope, actor, id);
    const step = before.awaitingStep;
    const next = decideRevision(before.status, decision);
    if (!step || !next) throw new AppError('revision.not_awaiting');
    assertCan(before.canDecide);
    const at = ctx.clock().toISOString();
    const steps = [
      ...before.steps,
      {
        step,
        decision: decision === 'approve' ? ('approved' as const) : ('rejected' as const),
        actorId: actor.employeeId,
        actorName: actor.name,
        comment,
        at,
      },
    ];
    let appliedRevisionNo: number | undefined;
    if (next.apply) {
      const goal = await loadVisibleGoal(ctx, scope, actor, before.goalId);
      if (goal.status !== 'approved') throw new AppError('goal.not_approved');
      assertChangeFits(goal, before.change);
      appliedRevisionNo = goal.revisionNo + 1;
      // The version approved before stays as it was; make sure it is on record even for old data.
      await insertGoalVersion(scope, {
        goalId: goal.id,
        revisionNo: goal.revisionNo,
        snapshot: snapshotOf(goal),
        revisionId: null,
      });
      await repo.applyChange(scope, goal.id, before.change, appliedRevisionNo);
    }
    await repo.updateRevision(scope, id, {
      status: next.status,
      steps,
      ...(appliedRevisionNo !== undefined && { appliedRevisionNo }),
    });
    if (appliedRevisionNo !== undefined) {
      const applied = await loadVisibleGoal(ctx, scope, actor, before.goalId);
      await insertGoalVersion(scope, {
        goalId: applied.id,
        revisionNo: appliedRevisionNo,
        snapshot: snapshotOf(applied),
        revisionId: id,
      });
      await recordAudit(
        scope,
        actor,
        { action: 'goal.revised', entityType: 'goal', entityId: applied.id, after: applied },
        requestId,
      );
    }
    const after = await loadRevision(scope, actor, id);
    await recordAudit(
      scope,
      actor,
      {
        action: `goal_revision.${decision === 'approve' ? 'approved' : 'rejected'}`,
        entityType: 'goal_revision',
        entityId: id,
        before,
        after,
      },
      requestId,
    );
    return after;
  });
}

/** The requester may take back a request that is still open. */
export async function withdraw(ctx: AppContext, actor: Actor, id: string, requestId: string) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    if (!(await repo.lockRevision(scope, id))) throw new AppError('not_found');
    const before = await loadRevision(scope, actor, id);
    assertCan(canWithdrawRevision(actor, before));
    if (!OPEN_REVISION_STATUSES.includes(before.status)) throw new AppError('revision.not_awaiting');
    await repo.updateRevision(scope, id, { status: 'withdrawn' });
    const after = await loadRevision(scope, actor, id);
    await recordAudit(
      scope,
      actor,
      { action: 'goal_revision.withdrawn', entityType: 'goal_revision', entityId: id, before, after },
      requestId,
    );
    return after;
  });
}
