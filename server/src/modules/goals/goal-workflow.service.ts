import {
  type AlignmentNode,
  type AlignmentTreePage,
  type AlignmentTreeQuery,
  type BulkAssignBody,
  type CreateGoalBody,
  checkSmart,
  dateInTimeZone,
  EDITABLE_GOAL_STATUSES,
  expectedProgress,
  FULL_WEIGHT_BP,
  formatWeight,
  type Goal,
  type GoalVersion,
  type ListGoalsQuery,
  type Locale,
  ownerAttainment,
  pace,
  type SmartWarning,
  type TeamGoalsQuery,
  type TeamMemberProgress,
  type UpdateGoalBody,
  weightedProgress,
} from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import { type Actor, forbid, isTenantAdmin } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { uniqueViolationOf } from '../../shared/pg-errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findCycleState } from '../cycles/cycle.repository.ts';
import { findDepartment } from '../departments/department.repository.ts';
import { findEmployee, isInScopedDepartments } from '../employees/employee.repository.ts';
import {
  assertCan,
  assertCanCreateAtLevel,
  canApproveGoal,
  canCheckIn,
  canManageGoal,
} from './goal.policy.ts';
import { assembleGoals, krSpan, progressOfRows } from './goal.progress.ts';
import * as repo from './goal.repository.ts';

export function todayOf(ctx: AppContext, actor: Actor): string {
  return dateInTimeZone(ctx.clock(), actor.tenant.timeZone);
}

function mapGoalWriteError(error: unknown): never {
  if (uniqueViolationOf(error) === 'key_results_tenant_external_key_uq')
    throw new AppError('goal.external_key_taken');
  throw error;
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
  const krs = await repo.keyResultsOfGoals(scope, rows);
  return assembleGoals(rows, krs, todayOf(ctx, actor), settings.progressCap);
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

function smartWarnings(
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
    const owningGoal = await repo.findKeyResultGoalId(scope, parentKeyResultId);
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

function toKeyResultWrites(krs: CreateGoalBody['keyResults']): (repo.KeyResultWrite & { id?: string })[] {
  return krs.map((kr) => ({
    ...(kr.id && { id: kr.id }),
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
  if (isTenantAdmin(actor)) return;
  if (!actor.employeeId || !(await isInScopedDepartments(scope, actor, departmentId))) forbid();
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
        if (body.keyResults.some((kr) => kr.id && !own.has(kr.id)))
          throw fieldError('body.keyResults', 'not_found', 'key result of another goal');
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
      if (body.keyResults) await repo.replaceKeyResults(scope, id, toKeyResultWrites(body.keyResults));
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
 * One level of the alignment tree, a page at a time (ordered company → department → person,
 * then by creation): the roots (goals whose parent the caller cannot see, or that align to
 * nothing), or the goals aligned to `parentId` or its KRs. Each node says how many aligned goals
 * it has, so a client fetches a level when it is opened: a whole tree was 101 MB for a manager
 * at 100,000 people.
 */
export async function alignmentTree(
  ctx: AppContext,
  actor: Actor,
  query: AlignmentTreeQuery,
): Promise<AlignmentTreePage> {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const settings = actor.tenant.goalSettings;
  if (query.parentId) await assertGoalVisible(scope, actor, query.parentId);
  const level = await repo.selectTreeLevelShown(scope, actor, query);
  const ids = level.items.map((r) => r.id);
  const nodes = await repo.selectTreeNodes(scope, ids);
  const progress = progressOfRows(await repo.keyResultMeasuresOfNodes(scope, nodes), settings.progressCap);
  const children = new Map(level.items.map((r) => [r.id, r.child_count]));
  const items = nodes.map(
    (g): AlignmentNode => ({
      id: g.id,
      parentGoalId: g.parent_goal_id,
      parentKeyResultId: g.parent_key_result_id,
      level: g.level,
      kind: g.kind,
      title: g.title,
      status: g.status,
      ownerName: g.owner_name,
      departmentName: g.department_name,
      weightBp: g.weight_bp,
      progress: progress.goals.get(g.id) ?? 0,
      keyResults: g.key_results.map(([id, title, weightBp, rollUp]) => ({
        id,
        title,
        progress: progress.keyResults.get(id) ?? 0,
        rollUp,
        weightBp,
      })),
      childCount: children.get(g.id) ?? 0,
    }),
  );
  return { items, nextCursor: level.nextCursor };
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
  const computed = progressOfRows(await repo.selectKeyResultMeasures(scope, unknown), cap).goals;
  return new Map(goals.map((g) => [g.id, g.progress ?? computed.get(g.id) ?? 0]));
}

/** A manager's reports with their attainment, expected progress and pace for the cycle (§2, §3). */
export async function teamProgress(
  ctx: AppContext,
  actor: Actor,
  query: TeamGoalsQuery,
): Promise<TeamMemberProgress[]> {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const managerId = query.managerId ?? actor.employeeId;
  if (!managerId) throw fieldError('querystring.managerId', 'required');
  if (managerId !== actor.employeeId && !(await findEmployee(scope, managerId, actor)))
    throw new AppError('not_found');
  const people = await repo.selectTeam(scope, actor, {
    managerId,
    depth: query.depth,
    cycleId: query.cycleId,
  });
  const progress = await progressOfGoals(
    scope,
    people.flatMap((p) => (p.goals ?? []).map(([id, , , stored]) => ({ id, progress: stored }))),
    actor.tenant.goalSettings.progressCap,
  );
  const today = todayOf(ctx, actor);
  const items = people.map((p): TeamMemberProgress => {
    const own = (p.goals ?? []).map(
      ([id, status, weightBp, , dueDate, cycleStart, cycleEnd, keyResults]) => ({
        status,
        weightBp,
        progress: progress.get(id) ?? 0,
        expected: weightedProgress(
          keyResults.map(([w, startDate, krDue]) => {
            const span = krSpan({
              start_date: startDate,
              due_date: krDue,
              goal_due_date: dueDate,
              cycle_start: cycleStart,
              cycle_end: cycleEnd,
            });
            return { weightBp: w, progress: expectedProgress(today, span.start, span.due) };
          }),
        ),
      }),
    );
    const attainment = ownerAttainment(own);
    const expected = ownerAttainment(own.map((g) => ({ weightBp: g.weightBp, progress: g.expected })));
    return {
      employeeId: p.id,
      employeeNo: p.employee_no,
      name: p.name,
      title: p.title,
      departmentName: p.department_name,
      managerId: p.manager_id,
      goalCount: own.length,
      approvedCount: own.filter((g) => g.status === 'approved' || g.status === 'closed').length,
      weightTotalBp: own.reduce((s, g) => s + g.weightBp, 0),
      attainment,
      expected,
      pace: pace(attainment, expected),
      lastCheckInAt: p.last_check_in_at ? new Date(p.last_check_in_at).toISOString() : null,
      pendingApproval: own.filter((g) => g.status === 'submitted').length,
    };
  });
  const key = query.sort.replace(/^-/, '') as 'name' | 'attainment' | 'pace';
  const sign = query.sort.startsWith('-') ? -1 : 1;
  if (key !== 'name')
    items.sort(
      (a, b) => sign * ((a[key] ?? Number.NEGATIVE_INFINITY) - (b[key] ?? Number.NEGATIVE_INFINITY)),
    );
  return items;
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
    if (target.kind === 'employees' && people.length !== new Set(target.employeeIds).size) forbid();
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

/** Submitted goals waiting on the actor: their direct reports', the departments below the ones they head, and for HR admins the company's and those with nobody above. */
export async function goalsAwaitingApproval(ctx: AppContext, actor: Actor): Promise<Goal[]> {
  const me = actor.employeeId;
  if (actor.kind !== 'user' || !me) return [];
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  return assembleRows(ctx, scope, actor, await repo.selectGoalsAwaitingApproval(scope, actor));
}
