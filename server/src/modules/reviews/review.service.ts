import {
  ANONYMOUS_RATER_TYPES,
  describeKeyResultProgress,
  type FinalAnswers,
  FinalAnswersSchema,
  isAnonymousRaterType,
  type Locale,
  type MidAnswers,
  MidAnswersSchema,
  type MyReview,
  type ParticipantResult,
  RATER_TYPES,
  type RaterType,
  type Review,
  type ReviewEvidence,
  type ReviewGoal,
  type ReviewStatus,
  type ReviewTemplateDefinition,
  ReviewTemplateDefinitionSchema,
  raterDimensionScores,
  scoreRatee,
  templateItems,
} from '@perfloop/core';
import { isTenantAdmin } from '../../access/reach.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findCycleState } from '../cycles/cycle.repository.ts';
import { findEmployee } from '../employees/employee.repository.ts';
import { insertFollowUpsAndNotify } from '../follow-ups/follow-up.service.ts';
import { progressOfGoals, todayOf } from '../goals/goal.service.ts';
import { listKeyEventsForEvidence } from '../key-events/key-event.repository.ts';
import { notify } from '../notifications/notification.service.ts';
import {
  assertCanReadReview,
  assertCanSeeResult,
  assertCanWriteReview,
  scoreVisibility,
} from './review.policy.ts';
import * as repo from './review.repository.ts';
import * as roundRepo from './review-cycle.repository.ts';
import { attainmentOf, loadRound, scoreRound } from './review-cycle.service.ts';
import * as evidence from './review-evidence.repository.ts';

const scopeOf = (ctx: AppContext, actor: Actor) => new TenantScope(ctx.database.db, actor.tenant.id);
const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());

export async function listMyReviews(
  ctx: AppContext,
  actor: Actor,
  query: { status?: ReviewStatus; cursor?: string; limit: number },
) {
  if (!actor.employeeId) return { items: [], nextCursor: null };
  const page = await repo.listMyReviews(scopeOf(ctx, actor), actor.employeeId, query, todayOf(ctx, actor));
  const items: MyReview[] = page.items.map((r) => ({
    id: r.id,
    reviewCycleId: r.review_cycle_id,
    reviewCycleName: r.review_cycle_name,
    kind: r.kind,
    raterType: r.rater_type,
    status: r.status,
    rateeId: r.ratee_id,
    rateeName: r.ratee_name,
    dueDate: r.due_date,
    late: r.late,
    submittedAt: iso(r.submitted_at),
  }));
  return { items, nextCursor: page.nextCursor };
}

async function loadReview(scope: TenantScope, id: string, lock = false) {
  const row = await repo.findReview(scope, id, lock);
  // A draft round's reviews do not exist yet for anyone.
  if (!row) throw new AppError('not_found');
  return row;
}

const definitionOf = (row: repo.ReviewRow): ReviewTemplateDefinition | null =>
  row.definition ? ReviewTemplateDefinitionSchema.parse(row.definition) : null;

function answersOf(row: repo.ReviewRow): FinalAnswers | MidAnswers {
  return row.kind === 'mid'
    ? MidAnswersSchema.parse(row.answers ?? {})
    : FinalAnswersSchema.parse(row.answers ?? {});
}

async function midReviewGoals(
  scope: TenantScope,
  row: repo.ReviewRow,
  progressCap: number,
  locale: Locale,
): Promise<ReviewGoal[]> {
  const { goals, krs } = await evidence.selectMidReviewGoals(scope, row.ratee_id, row.cycle_id);
  const progress = await progressOfGoals(scope, goals, progressCap);
  const num = (v: string | null) => (v === null ? null : Number(v));
  return goals.map((g) => ({
    goalId: g.id,
    title: g.title,
    weightBp: g.weight_bp,
    progress: progress.get(g.id) ?? 0,
    progressText: krs
      .filter((k) => k.goal_id === g.id)
      .map((k) =>
        describeKeyResultProgress(
          {
            title: k.title,
            kind: k.kind,
            startValue: Number(k.start_value),
            targetValue: num(k.target_value),
            currentValue: num(k.current_value),
            unit: k.unit,
            done: k.done,
            manualPercent: num(k.manual_percent),
          },
          locale,
        ),
      ),
  }));
}

async function toReview(
  scope: TenantScope,
  actor: Actor,
  row: repo.ReviewRow,
  locale: Locale,
): Promise<Review> {
  const definition = definitionOf(row);
  return {
    id: row.id,
    reviewCycleId: row.review_cycle_id,
    reviewCycleName: row.review_cycle_name,
    cycleId: row.cycle_id,
    kind: row.kind,
    raterType: row.rater_type,
    status: row.status,
    rateeId: row.ratee_id,
    rateeName: row.ratee_name,
    rateeDepartmentName: row.ratee_department_name,
    dueDate: row.due_date,
    submittedAt: iso(row.submitted_at),
    template:
      definition && row.template_id && row.template_version !== null
        ? { id: row.template_id, templateVersion: row.template_version, definition }
        : null,
    goals:
      row.kind === 'mid'
        ? await midReviewGoals(scope, row, actor.tenant.goalSettings.progressCap, locale)
        : [],
    answers: answersOf(row),
    version: row.version,
  };
}

export async function getReview(ctx: AppContext, actor: Actor, id: string, locale: Locale) {
  const scope = scopeOf(ctx, actor);
  const row = await loadReview(scope, id);
  assertCanReadReview(actor, row);
  return toReview(scope, actor, row, locale);
}

/** Answers checked against the template (final) or the ratee's goals (mid); `submitting` adds what a submission needs. */
async function checkAnswers(
  scope: TenantScope,
  row: repo.ReviewRow,
  raw: unknown,
  submitting: boolean,
): Promise<FinalAnswers | MidAnswers> {
  if (row.kind === 'mid') {
    const parsed = MidAnswersSchema.safeParse(raw);
    if (!parsed.success) throw fieldError('body.answers', 'invalid_value');
    const goals = new Set(
      (await evidence.selectRateeGoals(scope, row.ratee_id, row.cycle_id)).map((g) => g.id),
    );
    parsed.data.goals.forEach((g, i) => {
      if (!goals.has(g.goalId)) throw fieldError(`body.answers.goals.${i}.goalId`, 'unknown_goal');
    });
    return parsed.data;
  }
  const parsed = FinalAnswersSchema.safeParse(raw);
  if (!parsed.success) throw fieldError('body.answers', 'invalid_value');
  const answers = parsed.data;
  const definition = definitionOf(row)!;
  const items = new Map(templateItems(definition).map((i) => [i.key, i]));
  const m = definition.scale.length;
  const problems: {
    path: string;
    code: 'unknown_item' | 'invalid_rating' | 'comment_required' | 'nothing_rated';
  }[] = [];
  for (const [key, rating] of Object.entries(answers.ratings)) {
    if (!items.has(key)) problems.push({ path: `body.answers.ratings.${key}`, code: 'unknown_item' });
    else if (rating !== null && rating > m)
      problems.push({ path: `body.answers.ratings.${key}`, code: 'invalid_rating' });
  }
  for (const key of Object.keys(answers.comments))
    if (!items.has(key)) problems.push({ path: `body.answers.comments.${key}`, code: 'unknown_item' });
  if (submitting) {
    const rated = Object.entries(answers.ratings).filter(([, r]) => r !== null);
    if (rated.length === 0) problems.push({ path: 'body.answers.ratings', code: 'nothing_rated' });
    if (definition.commentRequiredAtExtremes)
      for (const [key, r] of rated)
        if ((r === 1 || r === m) && !answers.comments[key]?.trim())
          problems.push({ path: `body.answers.comments.${key}`, code: 'comment_required' });
  }
  if (problems.length > 0)
    throw new AppError(
      'validation.failed',
      undefined,
      problems.map((p) => ({ ...p, message: p.code })),
    );
  return answers;
}

function assertEditable(row: repo.ReviewRow) {
  if (row.status === 'submitted' || row.round_status !== 'open') throw new AppError('review.not_editable');
}

/** Saves a draft: only the reviewer, only before submission, only while the round is open. */
export async function saveReview(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  answers: unknown,
  locale: Locale,
) {
  return ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const row = await loadReview(s, id, true);
    assertCanWriteReview(actor, row);
    if (row.version !== expectedVersion) throw new AppError('precondition.failed');
    assertEditable(row);
    const checked = await checkAnswers(s, row, answers, false);
    await repo.updateReview(s, id, expectedVersion, { answers: checked, status: 'draft' });
    return toReview(s, actor, await loadReview(s, id), locale);
  });
}

/** Submits a review: final. Its dimension scores are stored and the ratee's score recomputed. */
export async function submitReview(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  answers: unknown,
  locale: Locale,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const row = await loadReview(s, id, true);
    assertCanWriteReview(actor, row);
    if (row.version !== expectedVersion) throw new AppError('precondition.failed');
    assertEditable(row);
    const checked = await checkAnswers(s, row, answers, true);
    const at = ctx.clock();
    await repo.updateReview(s, id, expectedVersion, {
      answers: checked,
      status: 'submitted',
      submittedAt: at,
    });
    if (row.kind === 'final') await rescoreParticipant(s, actor, row, checked as FinalAnswers, at);
    // The audit row names the review and its round, never the answers nor the ratee: an HR admin who
    // is a ratee reads the audit log too, and must not learn who reviewed them (§6).
    await recordAudit(
      s,
      actor,
      {
        action: 'review.submitted',
        entityType: 'review',
        entityId: id,
        after: { raterType: row.rater_type, reviewCycleId: row.review_cycle_id },
      },
      requestId,
    );
    return toReview(s, actor, await loadReview(s, id), locale);
  });
}

function ratingsOf(answers: FinalAnswers) {
  return Object.entries(answers.ratings)
    .filter((e): e is [string, number] => e[1] !== null)
    .map(([itemKey, rating]) => ({ itemKey, rating }));
}

async function rescoreParticipant(
  s: TenantScope,
  actor: Actor,
  row: repo.ReviewRow,
  answers: FinalAnswers | null,
  at: Date,
) {
  const definition = definitionOf(row);
  if (!definition) return;
  await repo.replaceReviewScores(s, row, answers ? raterDimensionScores(definition, ratingsOf(answers)) : []);
  await scoreRound(
    s,
    { id: row.review_cycle_id, cycle_id: row.cycle_id },
    at,
    actor.tenant.goalSettings.progressCap,
    {
      participantIds: [row.participant_id],
    },
  );
}

/** HR reopens a submitted review: back to a draft, its scores out of the ratee's score, audited, the reviewer told. */
export async function reopenReview(
  ctx: AppContext,
  actor: Actor,
  id: string,
  reason: string,
  locale: Locale,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const row = await loadReview(s, id, true);
    // HR may reopen what they may read once submitted (so a draft is "not submitted", not "forbidden").
    assertCanReadReview(actor, { ...row, status: 'submitted' });
    if (row.status !== 'submitted') throw new AppError('review.not_submitted');
    if (row.round_status !== 'open') throw new AppError('review_cycle.not_open');
    await repo.updateReview(s, id, row.version, { status: 'draft', submittedAt: null, reopened: true });
    if (row.kind === 'final') await rescoreParticipant(s, actor, row, null, ctx.clock());
    await recordAudit(
      s,
      actor,
      {
        action: 'review.reopened',
        entityType: 'review',
        entityId: id,
        before: { status: 'submitted' },
        after: { status: 'draft', reason },
      },
      requestId,
    );
    await notify(
      s,
      [
        {
          recipientId: row.reviewer_id,
          event: 'review.reopened',
          params: { ownerName: row.ratee_name, raterType: row.rater_type, topic: reason },
          link: `/reviews/${id}`,
          dedupeKey: null,
        },
      ],
      ctx.clock(),
      ctx.config.publicUrl,
    );
    return toReview(s, actor, await loadReview(s, id), locale);
  });
}

/**
 * The evidence beside the form. The ratee and their manager (and HR) see everything the product
 * holds for the cycle; a peer, subordinate or collaborator sees the goals only where goals are
 * public in the company (OKR transparency), and nothing else.
 */
export async function getEvidence(ctx: AppContext, actor: Actor, id: string): Promise<ReviewEvidence> {
  const scope = scopeOf(ctx, actor);
  const row = await loadReview(scope, id);
  assertCanReadReview(actor, row);
  const cycle = (await findCycleState(scope, row.cycle_id))!;
  const full = row.rater_type === 'self' || row.rater_type === 'manager';
  const goalsShown = full || actor.tenant.goalSettings.goalsVisibleToAll;
  const attainments = await attainmentOf(
    scope,
    row.cycle_id,
    [row.ratee_id],
    actor.tenant.goalSettings.progressCap,
  );
  const attainment = attainments.get(row.ratee_id) ?? null;
  let goals: ReviewEvidence['goals'] = null;
  if (goalsShown) {
    const rows = await evidence.selectRateeGoals(scope, row.ratee_id, row.cycle_id);
    const progress = await progressOfGoals(scope, rows, actor.tenant.goalSettings.progressCap);
    const checkIns = full
      ? await evidence.selectRecentCheckIns(
          scope,
          rows.map((g) => g.id),
        )
      : [];
    goals = rows.map((g) => ({
      id: g.id,
      title: g.title,
      status: g.status,
      weightBp: g.weight_bp,
      progress: progress.get(g.id) ?? 0,
      checkIns: checkIns
        .filter((c) => c.goal_id === g.id)
        .map((c) => ({ at: new Date(c.at).toISOString(), confidence: c.confidence, comment: c.comment })),
    }));
  }
  if (!full)
    return {
      attainment: goalsShown ? attainment : null,
      goals,
      alerts: null,
      followUps: null,
      keyEvents: null,
      midReviews: null,
      feedback: null,
    };
  const [alerts, followUps, keyEvents, mids, feedback] = await Promise.all([
    evidence.selectRateeAlerts(scope, row.ratee_id, row.cycle_id),
    evidence.selectRateeFollowUps(scope, row.ratee_id, cycle.startDate, cycle.endDate),
    listKeyEventsForEvidence(scope, row.ratee_id, row.cycle_id),
    evidence.selectMidReviews(scope, row.ratee_id, row.cycle_id, row.rater_type === 'self'),
    // Feedback is between people (§4): the ratee sees theirs, the manager what was shared with them, HR none.
    row.rater_type === 'self' || row.rater_type === 'manager'
      ? evidence.selectFeedbackReceived(
          scope,
          row.ratee_id,
          cycle.startDate,
          cycle.endDate,
          row.rater_type === 'manager',
        )
      : Promise.resolve([]),
  ]);
  const readerIsReviewer = actor.employeeId === row.reviewer_id;
  return {
    attainment,
    goals,
    alerts: alerts.map((a) => ({
      id: a.id,
      kind: a.kind,
      status: a.status,
      goalTitle: a.goal_title,
      openedOn: a.opened_on,
    })),
    followUps: followUps.map((f) => ({ ...f })),
    keyEvents,
    midReviews: mids.map((m) => ({
      raterType: m.rater_type,
      submittedAt: iso(m.submitted_at),
      answers: MidAnswersSchema.parse(m.answers ?? {}),
    })),
    feedback: readerIsReviewer
      ? feedback.map((f) => ({
          id: f.id,
          kind: f.kind,
          body: f.body,
          fromName: f.from_name,
          createdAt: new Date(f.created_at).toISOString(),
        }))
      : null,
  };
}

/** A plan item of a mid-cycle retrospective becomes a follow-up record (the reviewer's, about the ratee). */
export async function planItemToFollowUp(
  ctx: AppContext,
  actor: Actor,
  id: string,
  planIndex: number,
  locale: Locale,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const row = await loadReview(s, id, true);
    assertCanWriteReview(actor, row);
    if (row.kind !== 'mid') throw fieldError('body.planIndex', 'not_found');
    const answers = MidAnswersSchema.parse(row.answers ?? {});
    const item = answers.retrospective.plan[planIndex];
    if (!item) throw fieldError('body.planIndex', 'not_found');
    if (item.followUpId) return toReview(s, actor, row, locale);
    const responsible = row.rater_type === 'manager' ? row.ratee_id : row.reviewer_id;
    const person = await findEmployee(s, responsible);
    if (person?.status !== 'active') throw fieldError('body.planIndex', 'not_found');
    const [followUp] = await insertFollowUpsAndNotify(
      ctx,
      s,
      actor,
      [
        {
          date: todayOf(ctx, actor),
          employee_id: row.ratee_id,
          topic: row.review_cycle_name,
          summary: answers.retrospective.lessons,
          action: item.text,
          responsible_id: responsible,
          due_date: item.dueDate,
          goal_id: null,
          key_result_id: null,
          source: 'mid_review',
          source_id: id,
          created_by_id: actor.employeeId,
        },
      ],
      requestId,
    );
    item.followUpId = followUp!.id;
    await repo.updateReview(s, id, row.version, { answers, status: row.status });
    return toReview(s, actor, await loadReview(s, id), locale);
  });
}

// ---------------------------------------------------------------------------------------------
// A ratee's result: the score with its breakdown and the answers, anonymity applied here (§6)

export async function getParticipantResult(
  ctx: AppContext,
  actor: Actor,
  roundId: string,
  employeeId: string,
): Promise<ParticipantResult> {
  const scope = scopeOf(ctx, actor);
  const round = await loadRound(scope, roundId);
  const inReach = (await findEmployee(scope, employeeId, actor)) !== null;
  assertCanSeeResult(actor, employeeId, inReach);
  const participant = await roundRepo.findParticipant(scope, roundId, employeeId);
  if (!participant) throw new AppError('not_found');
  const reviews = await repo.selectSubmittedReviews(scope, participant.id);
  const definitions =
    participant.template_id && participant.template_version !== null
      ? await repo.selectTemplateVersions(scope, [
          { templateId: participant.template_id, templateVersion: participant.template_version },
        ])
      : new Map<string, unknown>();
  const raw = definitions.get(`${participant.template_id}:${participant.template_version}`);
  const definition = raw ? ReviewTemplateDefinitionSchema.parse(raw) : null;
  const attainment =
    round.status === 'closed'
      ? participant.attainment
      : ((await attainmentOf(scope, round.cycle_id, [employeeId], actor.tenant.goalSettings.progressCap)).get(
          employeeId,
        ) ?? null);
  // A mid-cycle round's reviews hold no ratings: its result has answers of no one.
  const finals =
    round.kind === 'final'
      ? reviews.map((r) => ({ ...r, answers: FinalAnswersSchema.parse(r.answers ?? {}) }))
      : [];
  const score = definition
    ? scoreRatee(
        definition,
        finals.flatMap((r) =>
          ratingsOf(r.answers).map((x) => ({ raterId: r.reviewer_id, raterType: r.rater_type, ...x })),
        ),
        attainment,
      )
    : { finalScore: null, finalScoreExact: null, dimensions: [] };

  // What may be shown of each anonymous type: at least the minimum submitted, and the phase closed.
  const minimum = definition?.anonymityMinimum ?? 3;
  // A viewer who is one of the raters does not count toward the minimum for themself: with their
  // own answers subtracted, two others would be laid bare (an HRBP nominated as a peer).
  const mine = (t: RaterType) => finals.some((r) => r.rater_type === t && r.reviewer_id === actor.employeeId);
  const counts = new Map<RaterType, number>();
  for (const r of finals)
    if (r.reviewer_id !== actor.employeeId) counts.set(r.rater_type, (counts.get(r.rater_type) ?? 0) + 1);
  const shown = new Set<RaterType>(['self', 'manager']);
  const hidden: ParticipantResult['hidden'] = [];
  for (const type of ANONYMOUS_RATER_TYPES) {
    const n = counts.get(type) ?? 0;
    if (n === 0) continue;
    if (n < minimum) hidden.push({ raterType: type, reason: 'below_minimum' });
    else if (round.status !== 'closed') hidden.push({ raterType: type, reason: 'phase_open' });
    else shown.add(type);
  }
  // The score and its parts (review.policy's scoreVisibility): HR sees them all; anyone else only
  // after close, and only where no anonymous type rated a dimension with fewer raters than the minimum.
  const others = (t: { raterType: RaterType; raters: number }) => t.raters - (mine(t.raterType) ? 1 : 0);
  const belowMinimum = score.dimensions.some((d) =>
    d.raterTypes.some((t) => isAnonymousRaterType(t.raterType) && others(t) < minimum),
  );
  const visibility = scoreVisibility(actor, { roundClosed: round.status === 'closed', belowMinimum });
  const seesAll = isTenantAdmin(actor);
  // A slice of a shown type (one item's answers) from fewer than the minimum is left out as well.
  const slice = (t: { raterType: RaterType; raters: number }) =>
    seesAll || !isAnonymousRaterType(t.raterType) || others(t) >= minimum;
  const breakdown =
    visibility === 'all'
      ? score.dimensions.map((d) => ({
          key: d.key,
          name: d.name,
          weightBp: d.weightBp,
          source: d.source,
          score: d.score,
          weightShare: d.weightShare,
          contribution: d.contribution,
          raterTypes: d.raterTypes,
          items: d.items.map((i) => ({ ...i, byType: i.byType.filter(slice) })),
        }))
      : [];
  const self = finals.find((r) => r.rater_type === 'self');
  const manager = finals.find((r) => r.rater_type === 'manager');
  const items = definition ? templateItems(definition) : [];
  const groups = RATER_TYPES.filter((t) => ANONYMOUS_RATER_TYPES.includes(t) && shown.has(t)).map((type) => {
    const ofType = finals.filter((r) => r.rater_type === type);
    return {
      raterType: type,
      raters: ofType.length,
      items: items.map((item) => {
        const ratings = ofType
          .map((r) => r.answers.ratings[item.key])
          .filter((x): x is number => typeof x === 'number');
        const viewerAnswered = ofType.some(
          (r) => r.reviewer_id === actor.employeeId && typeof r.answers.ratings[item.key] === 'number',
        );
        // An item fewer than the minimum answered shows no mean: it would be one or two people's rating.
        const enough = ratings.length - (viewerAnswered ? 1 : 0) >= minimum;
        return {
          key: item.key,
          meanRating: enough ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
          answered: enough ? ratings.length : 0,
        };
      }),
      // Sorted, so their order says nothing about who wrote which or when.
      comments: ofType
        .flatMap((r) => [...Object.values(r.answers.comments), r.answers.strengths, r.answers.improvements])
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .sort(),
    };
  });
  return {
    reviewCycleId: roundId,
    employeeId,
    name: participant.name,
    finalScore: visibility === 'all' ? score.finalScore : null,
    finalScoreExact: visibility === 'all' ? score.finalScoreExact : null,
    scoreWithheld: visibility === 'all' ? null : visibility,
    attainment,
    breakdown,
    self: self ? self.answers : null,
    manager: manager ? { ...manager.answers, reviewerName: manager.reviewer_name } : null,
    groups,
    anonymityMinimum: minimum,
    hidden,
  };
}
