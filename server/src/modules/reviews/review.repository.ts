import type { RaterType, ReviewCycleStatus, ReviewKind, ReviewStatus } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, keysetOrder, pageOf } from '../../db/keyset.ts';
import { float8Array, textArray, uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Page } from '../../shared/pagination.ts';

export type MyReviewRow = {
  id: string;
  review_cycle_id: string;
  review_cycle_name: string;
  kind: ReviewKind;
  rater_type: RaterType;
  status: ReviewStatus;
  ratee_id: string;
  ratee_name: string;
  due_date: string | null;
  late: boolean;
  submitted_at: string | null;
};

const MY_KEYSET: Keyset<MyReviewRow> = {
  parts: [
    {
      column: sql`r.created_at`,
      kind: 'timestamptz',
      of: (r) => (r as MyReviewRow & { created_at: string }).created_at,
    },
    { column: sql`r.id`, kind: 'uuid', of: (r) => r.id },
  ],
  descending: true,
};

/** The reviews a person must write, in rounds that have been launched; newest first. */
export async function listMyReviews(
  scope: TenantScope,
  reviewerId: string,
  filter: { status?: ReviewStatus; cursor?: string; limit: number },
  today: string,
): Promise<Page<MyReviewRow>> {
  const conditions: SQL[] = [sql`r.reviewer_id = ${reviewerId}`, sql`rc.status <> 'draft'`];
  if (filter.status) conditions.push(sql`r.status = ${filter.status}`);
  const after = afterCursor(MY_KEYSET, filter.cursor);
  if (after) conditions.push(after);
  const result = await scope.db.execute(sql`
    select r.id, r.review_cycle_id, rc.name as review_cycle_name, rc.kind, r.rater_type, r.status, r.ratee_id,
      e.name as ratee_name, r.due_date::text as due_date,
      (r.status <> 'submitted' and r.due_date < ${today}::date) as late, r.submitted_at::text as submitted_at,
      r.created_at::text as created_at
    from reviews r
    join review_cycles rc on rc.tenant_id = r.tenant_id and rc.id = r.review_cycle_id
    join employees e on e.tenant_id = r.tenant_id and e.id = r.ratee_id
    where r.tenant_id = ${scope.tenantId} and ${sql.join(conditions, sql` and `)}
    order by ${keysetOrder(MY_KEYSET)} limit ${filter.limit + 1}`);
  const { rows, nextCursor } = pageOf(MY_KEYSET, rowsOf<MyReviewRow>(result), filter.limit);
  return { items: rows, nextCursor };
}

export type ReviewRow = {
  id: string;
  review_cycle_id: string;
  review_cycle_name: string;
  round_status: ReviewCycleStatus;
  cycle_id: string;
  kind: ReviewKind;
  rater_type: RaterType;
  status: ReviewStatus;
  participant_id: string;
  ratee_id: string;
  ratee_name: string;
  ratee_department_name: string | null;
  ratee_manager_id: string | null;
  reviewer_id: string;
  reviewer_name: string;
  due_date: string | null;
  submitted_at: string | null;
  template_id: string | null;
  template_version: number | null;
  definition: unknown;
  answers: unknown;
  version: number;
};

export async function findReview(scope: TenantScope, id: string, lock = false): Promise<ReviewRow | null> {
  const result = await scope.db.execute(sql`
    select r.id, r.review_cycle_id, rc.name as review_cycle_name, rc.status as round_status, rc.cycle_id, rc.kind,
      r.rater_type, r.status, r.participant_id, r.ratee_id, e.name as ratee_name, d.name as ratee_department_name,
      p.manager_id as ratee_manager_id, r.reviewer_id, rv.name as reviewer_name, r.due_date::text as due_date,
      r.submitted_at::text as submitted_at, p.template_id, p.template_version, tv.definition, r.answers, r.version
    from reviews r
    join review_cycles rc on rc.tenant_id = r.tenant_id and rc.id = r.review_cycle_id
    join review_participants p on p.tenant_id = r.tenant_id and p.id = r.participant_id
    join employees e on e.tenant_id = r.tenant_id and e.id = r.ratee_id
    join employees rv on rv.tenant_id = r.tenant_id and rv.id = r.reviewer_id
    left join departments d on d.tenant_id = p.tenant_id and d.id = p.department_id
    left join review_template_versions tv on tv.tenant_id = p.tenant_id and tv.template_id = p.template_id
      and tv.template_version = p.template_version
    where r.tenant_id = ${scope.tenantId} and r.id = ${id}
    ${lock ? sql`for update of r for share of rc` : sql``}`);
  // Locking the round too (shared): a save or a submission and the round's closing never overlap,
  // so nothing lands after the scores of a closed round were computed.
  const [row] = rowsOf<ReviewRow>(result);
  return row ?? null;
}

/** Saves answers (and status) if the version is the one the caller saw. */
export async function updateReview(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  changes: { answers?: unknown; status: ReviewStatus; submittedAt?: Date | null; reopened?: boolean },
): Promise<boolean> {
  const sets: SQL[] = [sql`version = version + 1`, sql`updated_at = now()`, sql`status = ${changes.status}`];
  if (changes.answers !== undefined) sets.push(sql`answers = ${JSON.stringify(changes.answers)}::jsonb`);
  if (changes.submittedAt !== undefined)
    sets.push(
      sql`submitted_at = ${changes.submittedAt ? changes.submittedAt.toISOString() : null}::timestamptz`,
    );
  if (changes.reopened) sets.push(sql`reopened_count = reopened_count + 1`);
  const result = await scope.db.execute(sql`
    update reviews set ${sql.join(sets, sql`, `)}
    where tenant_id = ${scope.tenantId} and id = ${id} and version = ${expectedVersion}
    returning id`);
  return rowsOf(result).length === 1;
}

/** Replaces a review's dimension scores (core's raterDimensionScores of its ratings). */
export async function replaceReviewScores(
  scope: TenantScope,
  review: { id: string; review_cycle_id: string; participant_id: string; rater_type: RaterType },
  scores: readonly { dimensionKey: string; score: number }[],
): Promise<void> {
  await scope.db.execute(
    sql`delete from review_scores where tenant_id = ${scope.tenantId} and review_id = ${review.id}`,
  );
  if (scores.length === 0) return;
  await scope.db.execute(sql`
    insert into review_scores (tenant_id, review_id, review_cycle_id, participant_id, rater_type, dimension_key, score)
    select ${scope.tenantId}, ${review.id}, ${review.review_cycle_id}, ${review.participant_id}, ${review.rater_type},
      x.k, x.s
    from unnest(${textArray(scores.map((s) => s.dimensionKey))}, ${float8Array(scores.map((s) => s.score))}) as x(k, s)`);
}

export type SubmittedReviewRow = {
  id: string;
  reviewer_id: string;
  reviewer_name: string;
  rater_type: RaterType;
  answers: unknown;
};

/** The submitted reviews of one participant (for the breakdown and the result). */
export async function selectSubmittedReviews(
  scope: TenantScope,
  participantId: string,
): Promise<SubmittedReviewRow[]> {
  const result = await scope.db.execute(sql`
    select r.id, r.reviewer_id, e.name as reviewer_name, r.rater_type, r.answers
    from reviews r join employees e on e.tenant_id = r.tenant_id and e.id = r.reviewer_id
    where r.tenant_id = ${scope.tenantId} and r.participant_id = ${participantId} and r.status = 'submitted'
    order by r.rater_type, r.id`);
  return rowsOf<SubmittedReviewRow>(result);
}

export type TypeAggregateRow = {
  participant_id: string;
  dimension_key: string;
  rater_type: RaterType;
  score: number;
  raters: number;
};

/**
 * Each participant's rater-type dimension scores (§6: the mean over the type's raters of their
 * dimension scores), for a whole round or some participants, in one statement: what core's
 * combineScores turns into final scores.
 */
export async function selectTypeAggregates(
  scope: TenantScope,
  roundId: string,
  participantIds?: readonly string[],
): Promise<TypeAggregateRow[]> {
  const only = participantIds ? sql`and s.participant_id = any(${uuidArray(participantIds)})` : sql``;
  const result = await scope.db.execute(sql`
    select s.participant_id, s.dimension_key, s.rater_type, avg(s.score) as score, count(*)::int as raters
    from review_scores s
    where s.tenant_id = ${scope.tenantId} and s.review_cycle_id = ${roundId} ${only}
    group by s.participant_id, s.dimension_key, s.rater_type`);
  return rowsOf<TypeAggregateRow>(result).map((r) => ({ ...r, score: Number(r.score) }));
}

/** Writes final scores and the attainment they used, for many participants in one statement. */
export async function writeFinalScores(
  scope: TenantScope,
  rows: readonly {
    participantId: string;
    attainment: number | null;
    final: number | null;
    exact: number | null;
  }[],
  at: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 20_000) {
    const chunk = rows.slice(i, i + 20_000);
    await scope.db.execute(sql`
      update review_participants p
      set attainment = x.a, final_score = x.f, final_score_exact = x.e, scored_at = ${at.toISOString()}::timestamptz
      from unnest(${uuidArray(chunk.map((r) => r.participantId))}, ${float8Array(chunk.map((r) => r.attainment))},
        ${float8Array(chunk.map((r) => r.final))}, ${float8Array(chunk.map((r) => r.exact))}) as x(id, a, f, e)
      where p.tenant_id = ${scope.tenantId} and p.id = x.id`);
  }
}

/** Counts of submitted reviews by rater type for a participant (what anonymity decides on). */
export async function countSubmittedByType(
  scope: TenantScope,
  participantId: string,
): Promise<Map<RaterType, number>> {
  const result = await scope.db.execute(sql`
    select rater_type, count(*)::int as n from reviews
    where tenant_id = ${scope.tenantId} and participant_id = ${participantId} and status = 'submitted'
    group by rater_type`);
  return new Map(rowsOf<{ rater_type: RaterType; n: number }>(result).map((r) => [r.rater_type, r.n]));
}

/** The template definitions of some (template, version) pairs. */
export async function selectTemplateVersions(
  scope: TenantScope,
  pairs: readonly { templateId: string; templateVersion: number }[],
): Promise<Map<string, unknown>> {
  if (pairs.length === 0) return new Map();
  const result = await scope.db.execute(sql`
    select tv.template_id, tv.template_version, tv.definition from review_template_versions tv
    join unnest(${uuidArray(pairs.map((p) => p.templateId))}, ${textArray(pairs.map((p) => String(p.templateVersion)))})
      as x(t, v) on tv.template_id = x.t and tv.template_version = x.v::int
    where tv.tenant_id = ${scope.tenantId}`);
  return new Map(
    rowsOf<{ template_id: string; template_version: number; definition: unknown }>(result).map((r) => [
      `${r.template_id}:${r.template_version}`,
      r.definition,
    ]),
  );
}

export async function selectEmployeeNames(
  scope: TenantScope,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const result = await scope.db.execute(sql`
    select id, name from employees where tenant_id = ${scope.tenantId} and id = any(${uuidArray(ids)})`);
  return new Map(rowsOf<{ id: string; name: string }>(result).map((r) => [r.id, r.name]));
}

/**
 * Unsubmitted reviews of open rounds to remind of on a date: due in 3 days, due that day, or late
 * (the daily reminders send a late one once a week, by its dedupe key).
 */
export async function selectReviewsToRemind(scope: TenantScope, date: string) {
  const result = await scope.db.execute(sql`
    select r.id, r.reviewer_id, r.rater_type, r.due_date::text as due_date, e.name as ratee_name,
      (r.due_date < ${date}::date) as late
    from reviews r
    join review_cycles rc on rc.tenant_id = r.tenant_id and rc.id = r.review_cycle_id
    join employees e on e.tenant_id = r.tenant_id and e.id = r.ratee_id
    where r.tenant_id = ${scope.tenantId} and rc.status = 'open' and r.status <> 'submitted'
      and (r.due_date = ${date}::date or r.due_date = ${date}::date + 3 or r.due_date < ${date}::date)`);
  return rowsOf<{
    id: string;
    reviewer_id: string;
    rater_type: RaterType;
    due_date: string;
    ratee_name: string;
    late: boolean;
  }>(result);
}

/**
 * The goal risks of people's latest submitted mid-cycle review in a cycle (§6 期中评估): the
 * manager's assessment where there is one, else the employee's own; counts per level.
 */
export async function selectMidReviewRisks(
  scope: TenantScope,
  employeeIds: readonly string[],
  cycleId: string,
) {
  if (employeeIds.length === 0) return [];
  const result = await scope.db.execute(sql`
    select x.ratee_id,
      count(*) filter (where g->>'risk' = 'high')::int as high,
      count(*) filter (where g->>'risk' = 'medium')::int as medium,
      count(*) filter (where g->>'risk' = 'low')::int as low
    from (
      select distinct on (r.ratee_id) r.ratee_id, r.answers
      from reviews r join review_cycles rc on rc.tenant_id = r.tenant_id and rc.id = r.review_cycle_id
      where r.tenant_id = ${scope.tenantId} and r.ratee_id = any(${uuidArray(employeeIds)}) and rc.cycle_id = ${cycleId}
        and rc.kind = 'mid' and r.status = 'submitted' and r.rater_type in ('manager', 'self')
      order by r.ratee_id, (r.rater_type = 'manager') desc, r.submitted_at desc
    ) x left join lateral jsonb_array_elements(coalesce(x.answers->'goals', '[]'::jsonb)) g on true
    group by x.ratee_id`);
  return rowsOf<{ ratee_id: string; high: number; medium: number; low: number }>(result);
}
