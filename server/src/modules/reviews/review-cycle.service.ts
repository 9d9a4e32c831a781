import {
  type AttainmentGoal,
  type CreateReviewCycleBody,
  combineScores,
  deadlineOf,
  ownerAttainment,
  type Participant,
  type ReviewCycle,
  type ReviewProgress,
  type ReviewTemplateDefinition,
  ReviewTemplateDefinitionSchema,
  reviewDeadlines,
  roundPercent,
  type TrackedReview,
  type TypeDimensionScore,
  type UpdateReviewCycleBody,
} from '@perfloop/core';
import { isTenantAdmin } from '../../access/reach.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findCycleState } from '../cycles/cycle.repository.ts';
import { progressOfGoals, todayOf } from '../goals/goal.service.ts';
import { type NotifyItem, notify } from '../notifications/notification.service.ts';
import { assertCanManageReviews, scoreVisibility } from './review.policy.ts';
import * as reviewRepo from './review.repository.ts';
import * as repo from './review-cycle.repository.ts';
import { currentTemplateVersions } from './review-template.repository.ts';

const scopeOf = (ctx: AppContext, actor: Actor) => new TenantScope(ctx.database.db, actor.tenant.id);
const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());

/** Rounds as the API answers them: their cycles and templates read once for the whole page. */
async function toReviewCycles(
  scope: TenantScope,
  rows: readonly repo.ReviewCycleRow[],
): Promise<ReviewCycle[]> {
  const cycles = new Map(
    await Promise.all(
      [...new Set(rows.map((r) => r.cycle_id))].map(
        async (id) => [id, await findCycleState(scope, id)] as const,
      ),
    ),
  );
  const templates = await currentTemplateVersions(
    scope,
    rows.flatMap((r) => r.populations.map((p) => p.templateId).filter((id): id is string => !!id)),
  );
  return rows.map((row) => {
    const cycle = cycles.get(row.cycle_id);
    return {
      id: row.id,
      cycleId: row.cycle_id,
      cycleName: row.cycle_name,
      name: row.name,
      kind: row.kind,
      status: row.status,
      populations: row.populations.map((p) => ({
        ...p,
        templateName: p.templateId ? (templates.get(p.templateId)?.name ?? null) : null,
      })),
      deadlines: cycle
        ? reviewDeadlines(row.kind, cycle)
        : { nomination: null, self: null, peer: null, manager: null },
      participants: row.participants,
      launchedAt: iso(row.launched_at),
      closedAt: iso(row.closed_at),
      scoredAt: iso(row.scored_at),
      version: row.version,
      createdAt: iso(row.created_at)!,
    };
  });
}

async function toReviewCycle(scope: TenantScope, row: repo.ReviewCycleRow): Promise<ReviewCycle> {
  return (await toReviewCycles(scope, [row]))[0]!;
}

export async function listRounds(
  ctx: AppContext,
  actor: Actor,
  query: { cycleId?: string; cursor?: string; limit: number },
) {
  const scope = scopeOf(ctx, actor);
  // A draft is HR's work in progress: trackers see rounds once launched.
  const page = await repo.listRounds(scope, { ...query, launchedOnly: !isTenantAdmin(actor) });
  return {
    items: await toReviewCycles(scope, page.items),
    nextCursor: page.nextCursor,
  };
}

export async function loadRound(scope: TenantScope, id: string, lock = false) {
  const row = await repo.findRound(scope, id, lock);
  if (!row) throw new AppError('not_found');
  return row;
}

export async function getRound(ctx: AppContext, actor: Actor, id: string) {
  const scope = scopeOf(ctx, actor);
  const round = await loadRound(scope, id);
  if (round.status === 'draft' && !isTenantAdmin(actor)) throw new AppError('not_found');
  return toReviewCycle(scope, round);
}

/** Populations name someone or some department; a final round's populations each name a usable template. */
async function assertValidPopulations(
  scope: TenantScope,
  kind: 'mid' | 'final',
  populations: CreateReviewCycleBody['populations'],
) {
  const templates = await currentTemplateVersions(
    scope,
    populations.map((p) => p.templateId).filter((id): id is string => !!id),
  );
  populations.forEach((p, i) => {
    if (p.departmentIds.length === 0 && p.employeeIds.length === 0)
      throw fieldError(`body.populations.${i}.departmentIds`, 'required');
    if (kind === 'final') {
      if (!p.templateId) throw fieldError(`body.populations.${i}.templateId`, 'template_required');
      const t = templates.get(p.templateId);
      if (!t) throw fieldError(`body.populations.${i}.templateId`, 'not_found');
      if (t.archived) throw fieldError(`body.populations.${i}.templateId`, 'archived');
    }
  });
}

export async function createRound(
  ctx: AppContext,
  actor: Actor,
  body: CreateReviewCycleBody,
  requestId: string,
) {
  assertCanManageReviews(actor);
  const scope = scopeOf(ctx, actor);
  const cycle = await findCycleState(scope, body.cycleId);
  if (!cycle) throw fieldError('body.cycleId', 'not_found');
  await assertValidPopulations(scope, body.kind, body.populations);
  const populations = body.populations.map((p) => (body.kind === 'mid' ? { ...p, templateId: null } : p));
  return ctx.database.db.transaction(async (tx) => {
    const s = scope.with(tx);
    const id = await repo.insertRound(s, { ...body, populations, createdById: actor.employeeId });
    const created = await toReviewCycle(s, (await repo.findRound(s, id))!);
    await recordAudit(
      s,
      actor,
      { action: 'review_cycle.created', entityType: 'review_cycle', entityId: id, after: created },
      requestId,
    );
    return created;
  });
}

export async function updateRound(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  body: UpdateReviewCycleBody,
  requestId: string,
) {
  assertCanManageReviews(actor);
  return ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const before = await loadRound(s, id, true);
    if (before.version !== expectedVersion) throw new AppError('precondition.failed');
    if (before.status !== 'draft') throw new AppError('review_cycle.invalid_transition');
    await assertValidPopulations(s, before.kind, body.populations);
    const populations = body.populations.map((p) => (before.kind === 'mid' ? { ...p, templateId: null } : p));
    await repo.updateRound(s, id, expectedVersion, { name: body.name, populations });
    const after = await toReviewCycle(s, await loadRound(s, id));
    await recordAudit(
      s,
      actor,
      { action: 'review_cycle.updated', entityType: 'review_cycle', entityId: id, before, after },
      requestId,
    );
    return after;
  });
}

export async function deleteRound(ctx: AppContext, actor: Actor, id: string, requestId: string) {
  assertCanManageReviews(actor);
  await ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const before = await loadRound(s, id, true);
    if (before.status !== 'draft') throw new AppError('review_cycle.invalid_transition');
    await repo.deleteRound(s, id);
    await recordAudit(
      s,
      actor,
      { action: 'review_cycle.deleted', entityType: 'review_cycle', entityId: id, before },
      requestId,
    );
  });
}

/** Parsed template definitions by `templateId:version`. */
async function definitionsOf(
  scope: TenantScope,
  pairs: readonly { templateId: string | null; templateVersion: number | null }[],
): Promise<Map<string, ReviewTemplateDefinition>> {
  const wanted = new Map<string, { templateId: string; templateVersion: number }>();
  for (const p of pairs)
    if (p.templateId && p.templateVersion !== null)
      wanted.set(`${p.templateId}:${p.templateVersion}`, {
        templateId: p.templateId,
        templateVersion: p.templateVersion,
      });
  const raw = await reviewRepo.selectTemplateVersions(scope, [...wanted.values()]);
  return new Map([...raw].map(([k, v]) => [k, ReviewTemplateDefinitionSchema.parse(v)]));
}

export function definitionKey(p: { template_id: string | null; template_version: number | null }) {
  return `${p.template_id}:${p.template_version}`;
}

/**
 * Launches a round: the participants (first population that names a person wins, with the
 * template version current now), a self and a manager review each, upward reviews for managers
 * with at least 3 direct reports in the round, and the notifications. A few statements whatever
 * the size of the population.
 */
export async function launchRound(ctx: AppContext, actor: Actor, id: string, requestId: string) {
  assertCanManageReviews(actor);
  return ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const round = await loadRound(s, id, true);
    if (round.status !== 'draft') throw new AppError('review_cycle.invalid_transition');
    const cycle = (await findCycleState(s, round.cycle_id))!;
    const deadlines = reviewDeadlines(round.kind, cycle);
    const templates = await currentTemplateVersions(
      s,
      round.populations.map((p) => p.templateId).filter((t): t is string => !!t),
    );
    const members = new Map<string, repo.ParticipantInsert>();
    for (const population of round.populations) {
      const template = population.templateId ? templates.get(population.templateId) : undefined;
      if (round.kind === 'final' && (!template || template.archived))
        throw new AppError(
          'review_cycle.invalid_transition',
          'A population’s template is missing or archived',
        );
      for (const m of await repo.selectPopulation(s, population))
        if (!members.has(m.id))
          members.set(m.id, {
            employee_id: m.id,
            manager_id: m.manager_id,
            department_id: m.department_id,
            template_id: population.templateId,
            template_version: template?.templateVersion ?? null,
          });
    }
    if (members.size === 0) throw new AppError('review_cycle.no_participants');
    const inserted = await repo.insertParticipants(s, id, [...members.values()]);
    const participantOf = new Map(inserted.map((p) => [p.employee_id, p.id]));
    const activeManagers = await repo.selectActiveEmployeeIds(s, [
      ...new Set([...members.values()].map((m) => m.manager_id).filter((m): m is string => !!m)),
    ]);
    const definitions = await definitionsOf(
      s,
      [...members.values()].map((m) => ({ templateId: m.template_id, templateVersion: m.template_version })),
    );

    const reviews: repo.ReviewInsert[] = [];
    const reportsOf = new Map<string, string[]>();
    for (const m of members.values()) {
      const participantId = participantOf.get(m.employee_id)!;
      reviews.push({
        participant_id: participantId,
        ratee_id: m.employee_id,
        reviewer_id: m.employee_id,
        rater_type: 'self',
        due_date: deadlineOf(deadlines, 'self'),
      });
      if (m.manager_id && activeManagers.has(m.manager_id)) {
        reviews.push({
          participant_id: participantId,
          ratee_id: m.employee_id,
          reviewer_id: m.manager_id,
          rater_type: 'manager',
          due_date: deadlineOf(deadlines, 'manager'),
        });
        const reports = reportsOf.get(m.manager_id) ?? [];
        reports.push(m.employee_id);
        reportsOf.set(m.manager_id, reports);
      }
    }
    // Upward reviews: a manager in the round with at least 3 direct reports in it, if their template asks.
    for (const [managerId, reports] of reportsOf) {
      const manager = members.get(managerId);
      if (!manager || reports.length < 3) continue;
      const definition = definitions.get(`${manager.template_id}:${manager.template_version}`);
      if (round.kind !== 'final' || !definition?.upwardReviews) continue;
      for (const reportId of reports)
        reviews.push({
          participant_id: participantOf.get(managerId)!,
          ratee_id: managerId,
          reviewer_id: reportId,
          rater_type: 'subordinate',
          due_date: deadlineOf(deadlines, 'subordinate'),
        });
    }
    const created = await repo.insertReviews(s, id, reviews);
    await repo.updateRound(s, id, round.version, { status: 'open', launchedAt: ctx.clock() });

    const names = await reviewRepo.selectEmployeeNames(s, [...members.keys()]);
    const items: NotifyItem[] = created.map((r) => ({
      recipientId: r.reviewer_id,
      event: 'review.requested',
      params: {
        ownerName: names.get(r.ratee_id) ?? '',
        raterType: r.rater_type,
        roundName: round.name,
        dueDate: r.due_date,
      },
      link: `/reviews/${r.id}`,
      dedupeKey: `review:${r.id}`,
    }));
    if (round.kind === 'final')
      for (const m of members.values()) {
        const definition = definitions.get(`${m.template_id}:${m.template_version}`);
        if (!definition || definition.nominations.max === 0) continue;
        items.push({
          recipientId: m.employee_id,
          event: 'nomination.requested',
          params: { roundName: round.name, dueDate: deadlines.nomination },
          link: `/reviews/nominations/${id}/${m.employee_id}`,
          dedupeKey: `nomination:${id}`,
        });
      }
    await notify(s, items, ctx.clock(), ctx.config.publicUrl);
    await recordAudit(
      s,
      actor,
      {
        action: 'review_cycle.launched',
        entityType: 'review_cycle',
        entityId: id,
        after: { participants: inserted.length, reviews: created.length },
      },
      requestId,
    );
    return { participants: inserted.length, reviews: created.length };
  });
}

/** Closes the review phase: nothing more is written, anonymous aggregates may show, and every score is computed. */
export async function closeRound(ctx: AppContext, actor: Actor, id: string, requestId: string) {
  assertCanManageReviews(actor);
  return ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const round = await loadRound(s, id, true);
    if (round.status !== 'open') throw new AppError('review_cycle.invalid_transition');
    await repo.updateRound(s, id, round.version, { status: 'closed', closedAt: ctx.clock() });
    if (round.kind === 'final')
      await scoreRound(s, round, ctx.clock(), actor.tenant.goalSettings.progressCap);
    await recordAudit(
      s,
      actor,
      { action: 'review_cycle.closed', entityType: 'review_cycle', entityId: id },
      requestId,
    );
    return toReviewCycle(s, await loadRound(s, id));
  });
}

export async function rescoreRound(ctx: AppContext, actor: Actor, id: string) {
  assertCanManageReviews(actor);
  return ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const round = await loadRound(s, id);
    if (round.kind !== 'final' || round.status === 'draft')
      throw new AppError('review_cycle.invalid_transition');
    const at = ctx.clock();
    const scored = await scoreRound(s, round, at, actor.tenant.goalSettings.progressCap);
    return { scored, scoredAt: at.toISOString() };
  });
}

/** Attainment of some people in a cycle (§2, the one rule); null for someone with no goal that counts. */
export async function attainmentOf(
  scope: TenantScope,
  cycleId: string,
  employeeIds: readonly string[],
  progressCap: number,
): Promise<Map<string, number | null>> {
  const goals = await repo.selectCountingGoals(scope, cycleId, employeeIds);
  const progress = await progressOfGoals(scope, goals, progressCap);
  const byOwner = new Map<string, AttainmentGoal[]>();
  for (const g of goals) {
    const own = byOwner.get(g.owner_id) ?? [];
    own.push({ status: g.status, level: g.level, weightBp: g.weight_bp, progress: progress.get(g.id) ?? 0 });
    byOwner.set(g.owner_id, own);
  }
  return new Map(employeeIds.map((id) => [id, byOwner.has(id) ? ownerAttainment(byOwner.get(id)!) : null]));
}

/**
 * Every final score of a round (or of some participants) as a batch: the rater-type aggregates in
 * one statement, attainment in two, core's combineScores over the arrays, and one write.
 */
export async function scoreRound(
  scope: TenantScope,
  round: { id: string; cycle_id: string },
  at: Date,
  progressCap: number,
  only?: { participantIds: readonly string[] },
): Promise<number> {
  // One participant when a review is submitted, the whole round when it closes.
  const participants = await repo.selectRoundParticipants(scope, round.id, only?.participantIds);
  const definitions = await definitionsOf(
    scope,
    participants.map((p) => ({ templateId: p.template_id, templateVersion: p.template_version })),
  );
  const aggregates = await reviewRepo.selectTypeAggregates(scope, round.id, only?.participantIds);
  const byParticipant = new Map<string, TypeDimensionScore[]>();
  for (const a of aggregates) {
    const list = byParticipant.get(a.participant_id) ?? [];
    list.push({ dimensionKey: a.dimension_key, raterType: a.rater_type, score: a.score, raters: a.raters });
    byParticipant.set(a.participant_id, list);
  }
  const needsAttainment = participants.filter((p) =>
    definitions.get(definitionKey(p))?.dimensions.some((d) => d.source === 'attainment'),
  );
  const attainment = await attainmentOf(
    scope,
    round.cycle_id,
    needsAttainment.map((p) => p.employee_id),
    progressCap,
  );
  const rows = participants.map((p) => {
    const definition = definitions.get(definitionKey(p));
    const a = attainment.get(p.employee_id) ?? null;
    if (!definition) return { participantId: p.id, attainment: a, final: null, exact: null };
    const score = combineScores(definition, byParticipant.get(p.id) ?? [], a);
    return { participantId: p.id, attainment: a, final: score.finalScore, exact: score.finalScoreExact };
  });
  await reviewRepo.writeFinalScores(scope, rows, at);
  if (!only) await repo.setRoundScoredAt(scope, round.id, at);
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// Tracking

type TrackingQuery = {
  departmentId?: string;
  managerId?: string;
  status?: 'pending' | 'draft' | 'submitted';
  late?: 'true' | 'false';
  raterType?: TrackedReview['raterType'];
};

function trackingFilter(q: TrackingQuery): repo.TrackingFilter {
  return {
    ...(q.departmentId && { departmentId: q.departmentId }),
    ...(q.managerId && { managerId: q.managerId }),
    ...(q.status && { status: q.status }),
    ...(q.raterType && { raterType: q.raterType }),
    ...(q.late && { late: q.late === 'true' }),
  };
}

export async function getProgress(
  ctx: AppContext,
  actor: Actor,
  id: string,
  query: TrackingQuery,
): Promise<ReviewProgress> {
  const scope = scopeOf(ctx, actor);
  await loadRound(scope, id);
  const rows = await repo.selectCompletion(scope, actor, id, trackingFilter(query), todayOf(ctx, actor));
  const all = rows.find((r) => r.grouping === 'all') ?? { total: 0, submitted: 0, late: 0 };
  const of = (g: string) => rows.filter((r) => r.grouping === g && r.key !== null);
  return {
    total: all.total,
    submitted: all.submitted,
    late: all.late,
    percent: all.total === 0 ? 0 : roundPercent(all.submitted / all.total),
    byRaterType: of('type').map((r) => ({
      raterType: r.key as TrackedReview['raterType'],
      total: r.total,
      submitted: r.submitted,
      late: r.late,
    })),
    byDepartment: of('department').map((r) => ({
      departmentId: r.key!,
      name: r.name ?? '',
      total: r.total,
      submitted: r.submitted,
      late: r.late,
    })),
    byManager: of('manager').map((r) => ({
      managerId: r.key!,
      name: r.name ?? '',
      total: r.total,
      submitted: r.submitted,
      late: r.late,
    })),
  };
}

const toTracked = (r: repo.TrackedReviewRow): TrackedReview => ({
  id: r.id,
  raterType: r.rater_type,
  status: r.status,
  reviewerId: r.reviewer_id,
  reviewerName: r.reviewer_name,
  rateeId: r.ratee_id,
  rateeName: r.ratee_name,
  departmentName: r.department_name,
  dueDate: r.due_date,
  late: r.late,
  submittedAt: iso(r.submitted_at),
  lastRemindedAt: iso(r.last_reminded_at),
});

export async function listTrackedReviews(
  ctx: AppContext,
  actor: Actor,
  id: string,
  query: TrackingQuery & { cursor?: string; limit: number },
) {
  const scope = scopeOf(ctx, actor);
  await loadRound(scope, id);
  const page = await repo.listTrackedReviews(
    scope,
    actor,
    id,
    { ...trackingFilter(query), cursor: query.cursor, limit: query.limit },
    todayOf(ctx, actor),
  );
  return { items: page.items.map(toTracked), nextCursor: page.nextCursor };
}

export async function listParticipants(
  ctx: AppContext,
  actor: Actor,
  id: string,
  query: { departmentId?: string; managerId?: string; q?: string; cursor?: string; limit: number },
) {
  const scope = scopeOf(ctx, actor);
  const round = await loadRound(scope, id);
  const closed = scoreVisibility(actor, { roundClosed: round.status === 'closed', belowMinimum: false });
  const page = await repo.listParticipants(
    scope,
    actor,
    id,
    query,
    todayOf(ctx, actor),
    // HR sees every score; others see none before close, and after it only those with no small slice.
    closed === 'phase_open' ? 'none' : isTenantAdmin(actor) ? 'all' : 'without_small_slices',
  );
  const items: Participant[] = page.items.map((p) => ({
    employeeId: p.employee_id,
    name: p.name,
    departmentName: p.department_name,
    managerId: p.manager_id,
    managerName: p.manager_name,
    templateName: p.template_name,
    nominationStatus: p.nomination_status,
    reviews: { total: p.total, submitted: p.submitted, late: p.late },
    finalScore: p.final_score,
  }));
  return { items, nextCursor: page.nextCursor };
}

/** Reminds the reviewers of unsubmitted reviews in reach (all of them, or the ones named). */
export async function remind(
  ctx: AppContext,
  actor: Actor,
  id: string,
  reviewIds: readonly string[] | undefined,
) {
  const scope = scopeOf(ctx, actor);
  const round = await loadRound(scope, id);
  if (round.status !== 'open') throw new AppError('review_cycle.not_open');
  return ctx.database.db.transaction(async (tx) => {
    const s = scope.with(tx);
    const today = todayOf(ctx, actor);
    const reminded = await repo.markReminded(
      s,
      actor,
      id,
      reviewIds ? { reviewIds } : {},
      today,
      ctx.clock(),
    );
    await notify(
      s,
      reminded.map((r) => ({
        recipientId: r.reviewer_id,
        event: 'review.reminder',
        params: { ownerName: r.ratee_name, raterType: r.rater_type, dueDate: r.due_date },
        link: `/reviews/${r.id}`,
        // One reminder per review per day, however often the button is pressed.
        dedupeKey: `review-reminder:${r.id}:${today}`,
      })),
      ctx.clock(),
      ctx.config.publicUrl,
    );
    return { reminded: reminded.length };
  });
}

/** Every tracked review of the round in reach, for the .xlsx export (no paging). */
export async function allTrackedReviews(ctx: AppContext, actor: Actor, id: string) {
  const scope = scopeOf(ctx, actor);
  const round = await loadRound(scope, id);
  const items: TrackedReview[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.listTrackedReviews(
      scope,
      actor,
      id,
      { cursor, limit: 5000 },
      todayOf(ctx, actor),
    );
    items.push(...page.items.map(toTracked));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { round, items };
}
