import {
  type BulkAssignBody,
  type CreateGoalBody,
  EDITABLE_GOAL_STATUSES,
  FULL_WEIGHT_BP,
  formatWeight,
  type Goal,
  type Locale,
  type SmartWarning,
  type UpdateGoalBody,
} from '@perfloop/core';
import { isPerson } from '../../access/reach.ts';
import { isInScopedDepartments } from '../../access/visibility.repository.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { uniqueViolationOf } from '../../shared/pg-errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findCycleState } from '../cycles/cycle.repository.ts';
import { findDepartment } from '../departments/department.repository.ts';
import { findEmployee } from '../employees/employee.repository.ts';
import {
  assertCan,
  assertCanCreateAtLevel,
  canApproveGoal,
  canAssignToEveryone,
  canManageGoal,
  canSetDepartmentGoals,
} from './goal.policy.ts';
import * as repo from './goal.repository.ts';
import { loadVisibleGoal, smartWarnings, snapshotOf } from './goal.service.ts';
import * as keyResults from './key-result.repository.ts';

function mapGoalWriteError(error: unknown): never {
  if (uniqueViolationOf(error) === 'key_results_tenant_external_key_uq')
    throw new AppError('goal.external_key_taken');
  throw error;
}

async function loadWritableCycle(scope: TenantScope, cycleId: string, path = 'body.cycleId') {
  const cycle = await findCycleState(scope, cycleId);
  if (!cycle) throw fieldError(path, 'not_found', 'cycle not found');
  if (cycle.status === 'closed') throw new AppError('cycle.closed');
  return cycle;
}

/** Parent goal or KR: same tenant (by scope), same cycle, visible, and not below the goal itself. */
async function resolveAlignment(
  ctx: AppContext,
  scope: TenantScope,
  actor: Actor,
  cycleId: string,
  goalId: string | null,
  input: { parentGoalId?: string | null | undefined; parentKeyResultId?: string | null | undefined },
): Promise<{ parentGoalId: string | null; parentKeyResultId: string | null } | undefined> {
  if (input.parentGoalId === undefined && input.parentKeyResultId === undefined) return undefined;
  let parentGoalId = input.parentGoalId ?? null;
  const parentKeyResultId = input.parentKeyResultId ?? null;
  if (parentKeyResultId) {
    const owningGoal = await keyResults.findKeyResultGoalId(scope, parentKeyResultId);
    if (!owningGoal) throw fieldError('body.parentKeyResultId', 'not_found', 'key result not found');
    if (parentGoalId && parentGoalId !== owningGoal) throw new AppError('goal.alignment_invalid');
    parentGoalId = owningGoal;
  }
  if (!parentGoalId) return { parentGoalId: null, parentKeyResultId: null };
  const parent = await loadVisibleGoal(ctx, scope, actor, parentGoalId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  if (!parent) throw fieldError('body.parentGoalId', 'not_found', 'goal not found');
  if (parent.cycleId !== cycleId || parent.status === 'cancelled')
    throw new AppError('goal.alignment_invalid');
  if (goalId && (await repo.isGoalOrDescendant(scope, goalId, parentGoalId)))
    throw new AppError('goal.alignment_invalid');
  return { parentGoalId, parentKeyResultId };
}

async function assertKrOwnersExist(
  scope: TenantScope,
  krs: readonly { ownerId?: string | null | undefined }[],
) {
  const ids = [...new Set(krs.map((kr) => kr.ownerId).filter((id): id is string => !!id))];
  if (ids.length === 0) return;
  if ((await repo.countEmployeesOf(scope, ids)) !== ids.length)
    throw fieldError('body.keyResults', 'not_found', 'key-result owner not found');
}

/**
 * Ids are made by the server: a new goal's key results never keep an id the client sent (one of
 * another company's would fail on the key, a new one would be kept: the answer told them apart).
 * An update keeps only ids it has checked are this goal's own.
 */
function toKeyResultWrites(
  krs: CreateGoalBody['keyResults'],
  keepIds = false,
): (repo.KeyResultWrite & { id?: string })[] {
  return krs.map((kr) => ({
    ...(keepIds && kr.id && { id: kr.id }),
    title: kr.title,
    kind: kr.kind,
    direction: kr.direction,
    startValue: kr.startValue,
    targetValue: kr.kind === 'metric' ? kr.targetValue : null,
    unit: kr.unit ?? null,
    weightBp: kr.weightBp,
    startDate: kr.startDate ?? null,
    dueDate: kr.dueDate ?? null,
    rollUp: kr.rollUp,
    externalKey: kr.externalKey ?? null,
    ownerId: kr.ownerId ?? null,
  }));
}

/** Whether the actor may set goals for this person: themself, or someone within their reach. */
async function assertCanSetGoalsFor(scope: TenantScope, actor: Actor, ownerId: string) {
  if (ownerId === actor.employeeId) return;
  const owner = await findEmployee(scope, ownerId, actor);
  if (!owner) throw fieldError('body.ownerId', 'not_found', 'employee not found');
}

async function assertCanSetDepartmentGoals(scope: TenantScope, actor: Actor, departmentId: string) {
  if (!(await findDepartment(scope, departmentId)))
    throw fieldError('body.departmentId', 'not_found', 'department not found');
  if (canSetDepartmentGoals(actor, false)) return;
  assertCan(
    canSetDepartmentGoals(
      actor,
      isPerson(actor) && (await isInScopedDepartments(scope, actor, departmentId)),
    ),
  );
}

export async function createGoal(ctx: AppContext, actor: Actor, body: CreateGoalBody, requestId: string) {
  assertCanCreateAtLevel(actor, body.level);
  return ctx.database.db
    .transaction(async (tx) => {
      const scope = new TenantScope(tx, actor.tenant.id);
      await loadWritableCycle(scope, body.cycleId);
      let ownerId: string | null = null;
      let departmentId: string | null = null;
      if (body.level === 'personal') {
        ownerId = body.ownerId ?? actor.employeeId;
        if (!ownerId) throw fieldError('body.ownerId', 'required');
        await assertCanSetGoalsFor(scope, actor, ownerId);
        const owner = await findEmployee(scope, ownerId);
        if (owner?.status !== 'active') throw fieldError('body.ownerId', 'not_found', 'employee not found');
        departmentId = owner.departmentId;
      } else if (body.level === 'department') {
        departmentId = body.departmentId!;
        await assertCanSetDepartmentGoals(scope, actor, departmentId);
      }
      await assertKrOwnersExist(scope, body.keyResults);
      const alignment = await resolveAlignment(ctx, scope, actor, body.cycleId, null, body);
      const [id] = await repo.insertGoals(scope, [
        {
          goal: {
            cycleId: body.cycleId,
            level: body.level,
            kind: body.kind,
            title: body.title,
            description: body.description ?? null,
            ownerId,
            departmentId,
            weightBp: body.weightBp,
            dueDate: body.dueDate ?? null,
            status: 'draft',
            parentGoalId: alignment?.parentGoalId ?? null,
            parentKeyResultId: alignment?.parentKeyResultId ?? null,
            createdById: actor.employeeId,
          },
          keyResults: toKeyResultWrites(body.keyResults),
        },
      ]);
      // The creator always reaches what they created: themself, someone in their reach, or their department.
      const created = await loadVisibleGoal(ctx, scope, actor, id!);
      await recordAudit(
        scope,
        actor,
        { action: 'goal.created', entityType: 'goal', entityId: id!, after: created },
        requestId,
      );
      return created;
    })
    .catch(mapGoalWriteError);
}

/** Loads, locks and checks a goal for a change by the actor. */
async function lockForChange(ctx: AppContext, scope: TenantScope, actor: Actor, id: string) {
  const locked = await repo.lockGoal(scope, id);
  if (!locked) throw new AppError('not_found');
  const goal = await loadVisibleGoal(ctx, scope, actor, id);
  const relation = await repo.findGoalRelation(scope, actor, id);
  const cycle = (await findCycleState(scope, goal.cycleId))!;
  if (cycle.status === 'closed') throw new AppError('cycle.closed');
  return { goal, relation, cycle };
}

export async function updateGoal(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  body: UpdateGoalBody,
  requestId: string,
) {
  return ctx.database.db
    .transaction(async (tx) => {
      const scope = new TenantScope(tx, actor.tenant.id);
      const { goal: before, relation } = await lockForChange(ctx, scope, actor, id);
      assertCan(canManageGoal(actor, before, relation));
      if (before.version !== expectedVersion) throw new AppError('precondition.failed');
      if (!EDITABLE_GOAL_STATUSES.includes(before.status)) throw new AppError('goal.not_editable');
      if (body.kind === 'kpi' && !body.keyResults && before.keyResults.length !== 1)
        throw fieldError('body.keyResults', 'kpi_one_key_result');
      if (body.keyResults) {
        const own = new Set(before.keyResults.map((kr) => kr.id));
        const index = body.keyResults.findIndex(
          (kr, i) => kr.id && (!own.has(kr.id) || body.keyResults!.findIndex((o) => o.id === kr.id) !== i),
        );
        if (index >= 0)
          throw fieldError(`body.keyResults.${index}.id`, 'not_found', 'not a key result of this goal');
        await assertKrOwnersExist(scope, body.keyResults);
      }
      const alignment = await resolveAlignment(ctx, scope, actor, before.cycleId, id, body);
      const changes = {
        ...(body.kind !== undefined && { kind: body.kind }),
        ...(body.title !== undefined && { title: body.title }),
        ...(body.description !== undefined && { description: body.description }),
        ...(body.weightBp !== undefined && { weightBp: body.weightBp }),
        ...(body.dueDate !== undefined && { dueDate: body.dueDate }),
        ...alignment,
      };
      if (!(await repo.updateGoal(scope, id, expectedVersion, changes)))
        throw new AppError('precondition.failed');
      if (body.keyResults) await repo.replaceKeyResults(scope, id, toKeyResultWrites(body.keyResults, true));
      const after = await loadVisibleGoal(ctx, scope, actor, id);
      await recordAudit(
        scope,
        actor,
        { action: 'goal.updated', entityType: 'goal', entityId: id, before, after },
        requestId,
      );
      return after;
    })
    .catch(mapGoalWriteError);
}

export async function deleteGoal(ctx: AppContext, actor: Actor, id: string, requestId: string) {
  await ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const { goal, relation } = await lockForChange(ctx, scope, actor, id);
    assertCan(canManageGoal(actor, goal, relation));
    if (!EDITABLE_GOAL_STATUSES.includes(goal.status)) throw new AppError('goal.not_editable');
    // Goals aligned to a draft lose the alignment rather than block the deletion.
    await repo.detachAlignedGoals(scope, id);
    await repo.deleteGoal(scope, id);
    await recordAudit(
      scope,
      actor,
      { action: 'goal.deleted', entityType: 'goal', entityId: id, before: goal },
      requestId,
    );
  });
}

/**
 * Submits a goal for approval. The owner's goal weights in the cycle must sum to exactly 100%
 * (§1); the SMART check comes back as warnings, which never block.
 */
export async function submitGoal(
  ctx: AppContext,
  actor: Actor,
  id: string,
  locale: Locale,
  requestId: string,
): Promise<{ goal: Goal; warnings: SmartWarning[] }> {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const { goal: before, relation, cycle } = await lockForChange(ctx, scope, actor, id);
    assertCan(canManageGoal(actor, before, relation));
    if (!EDITABLE_GOAL_STATUSES.includes(before.status)) throw new AppError('goal.invalid_transition');
    const total = await repo.sumOwnerWeights(scope, {
      cycleId: before.cycleId,
      level: before.level,
      ownerId: before.ownerId,
      departmentId: before.departmentId,
    });
    if (total !== FULL_WEIGHT_BP)
      throw new AppError(
        'goal.weights_not_100',
        locale === 'zh-CN'
          ? `当前目标权重合计为 ${formatWeight(total)}%`
          : `The goal weights sum to ${formatWeight(total)}%`,
        undefined,
        { weightTotalBp: total },
      );
    await repo.updateGoal(scope, id, before.version, {
      status: 'submitted',
      returnComment: null,
      submittedAt: ctx.clock(),
    });
    const after = await loadVisibleGoal(ctx, scope, actor, id);
    await recordAudit(
      scope,
      actor,
      { action: 'goal.submitted', entityType: 'goal', entityId: id, before, after },
      requestId,
    );
    return { goal: after, warnings: smartWarnings(after, cycle, locale) };
  });
}

/** The manager approves (version 1 is recorded, 备案) or returns the goal with a comment. */
export async function decideGoal(
  ctx: AppContext,
  actor: Actor,
  id: string,
  decision: { approve: true; comment?: string | undefined } | { approve: false; comment: string },
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const { goal: before, relation } = await lockForChange(ctx, scope, actor, id);
    assertCan(canApproveGoal(actor, before, relation));
    if (before.status !== 'submitted') throw new AppError('goal.invalid_transition');
    if (decision.approve) {
      await repo.updateGoal(scope, id, before.version, {
        status: 'approved',
        approvedById: actor.employeeId,
        approvedAt: ctx.clock(),
      });
    } else {
      await repo.updateGoal(scope, id, before.version, {
        status: 'returned',
        returnComment: decision.comment,
      });
    }
    const after = await loadVisibleGoal(ctx, scope, actor, id);
    if (decision.approve)
      await repo.insertGoalVersion(scope, {
        goalId: id,
        revisionNo: after.revisionNo,
        snapshot: snapshotOf(after),
        revisionId: null,
      });
    await recordAudit(
      scope,
      actor,
      {
        action: decision.approve ? 'goal.approved' : 'goal.returned',
        entityType: 'goal',
        entityId: id,
        before,
        after: { ...after, ...(decision.comment && { comment: decision.comment }) },
      },
      requestId,
    );
    return after;
  });
}

/** Each person in the target group gets their own draft copy of the goal. */
export async function bulkAssign(ctx: AppContext, actor: Actor, body: BulkAssignBody, requestId: string) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    await loadWritableCycle(scope, body.cycleId);
    const target = body.target;
    const managerId = target.kind === 'team' ? (target.managerId ?? actor.employeeId) : null;
    if (target.kind === 'team' && !managerId) throw fieldError('body.target.managerId', 'required');
    // Only people the actor may set goals for, never themself through a group, never people who left.
    const people = await repo.selectAssignees(
      scope,
      actor,
      target.kind === 'team' ? { ...target, managerId: managerId! } : target,
    );
    if (target.kind === 'employees') assertCan(canAssignToEveryone(people.length, target.employeeIds));
    if (people.length === 0) throw new AppError('goal.no_targets');
    const alignment = await resolveAlignment(ctx, scope, actor, body.cycleId, null, body);
    const keyResults = toKeyResultWrites(body.keyResults).map((kr) => ({
      ...kr,
      externalKey: null,
      ownerId: null,
    }));
    const ids = await repo.insertGoals(
      scope,
      people.map((p) => ({
        goal: {
          cycleId: body.cycleId,
          level: 'personal' as const,
          kind: body.kind,
          title: body.title,
          description: body.description ?? null,
          ownerId: p.id,
          departmentId: p.department_id,
          weightBp: body.weightBp,
          dueDate: body.dueDate ?? null,
          status: 'draft' as const,
          parentGoalId: alignment?.parentGoalId ?? null,
          parentKeyResultId: alignment?.parentKeyResultId ?? null,
          createdById: actor.employeeId,
        },
        keyResults,
      })),
    );
    await recordAudit(
      scope,
      actor,
      ids.map((id, i) => ({
        action: 'goal.assigned',
        entityType: 'goal',
        entityId: id,
        after: { title: body.title, ownerId: people[i]!.id, target: body.target },
      })),
      requestId,
    );
    return { created: ids.length, goalIds: ids };
  });
}
