import type { AttainmentGoal, Population, RaterType, ReviewCycleStatus, ReviewKind } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { departmentAndBelow, visibleEmployeesCondition } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, keysetOrder, pageOf } from '../../db/keyset.ts';
import { textArray, uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { Page } from '../../shared/pagination.ts';
import { countsTowardAttainmentSql } from '../goals/goal.repository.ts';

export type ReviewCycleRow = {
  id: string;
  cycle_id: string;
  cycle_name: string;
  name: string;
  kind: ReviewKind;
  status: ReviewCycleStatus;
  populations: Population[];
  launched_at: string | null;
  closed_at: string | null;
  scored_at: string | null;
  participants: number;
  version: number;
  created_at: string;
};

const ROUND_KEYSET: Keyset<ReviewCycleRow> = {
  parts: [
    { column: sql`rc.created_at`, kind: 'timestamptz', of: (r) => r.created_at },
    { column: sql`rc.id`, kind: 'uuid', of: (r) => r.id },
  ],
  descending: true,
};

async function selectRounds(scope: TenantScope, where: SQL, limit: number, lock = false) {
  const result = await scope.db.execute(sql`
    select rc.id, rc.cycle_id, c.name as cycle_name, rc.name, rc.kind, rc.status, rc.populations,
      rc.launched_at::text as launched_at, rc.closed_at::text as closed_at, rc.scored_at::text as scored_at,
      (select count(*)::int from review_participants p
        where p.tenant_id = rc.tenant_id and p.review_cycle_id = rc.id) as participants,
      rc.version, rc.created_at::text as created_at
    from review_cycles rc
    join cycles c on c.tenant_id = rc.tenant_id and c.id = rc.cycle_id
    where rc.tenant_id = ${scope.tenantId} and ${where}
    order by ${keysetOrder(ROUND_KEYSET)} limit ${limit} ${lock ? sql`for update of rc` : sql``}`);
  return rowsOf<ReviewCycleRow>(result);
}

export async function listRounds(
  scope: TenantScope,
  filter: { cycleId?: string; cursor?: string; limit: number; launchedOnly: boolean },
): Promise<Page<ReviewCycleRow>> {
  const conditions: SQL[] = [sql`true`];
  if (filter.launchedOnly) conditions.push(sql`rc.status <> 'draft'`);
  if (filter.cycleId) conditions.push(sql`rc.cycle_id = ${filter.cycleId}`);
  const after = afterCursor(ROUND_KEYSET, filter.cursor);
  if (after) conditions.push(after);
  const rows = await selectRounds(scope, sql.join(conditions, sql` and `), filter.limit + 1);
  const { rows: items, nextCursor } = pageOf(ROUND_KEYSET, rows, filter.limit);
  return { items, nextCursor };
}

export async function findRound(
  scope: TenantScope,
  id: string,
  lock = false,
): Promise<ReviewCycleRow | null> {
  const [row] = await selectRounds(scope, sql`rc.id = ${id}`, 1, lock);
  return row ?? null;
}

export async function insertRound(
  scope: TenantScope,
  row: {
    cycleId: string;
    name: string;
    kind: ReviewKind;
    populations: Population[];
    createdById: string | null;
  },
): Promise<string> {
  const result = await scope.db.execute(sql`
    insert into review_cycles (tenant_id, cycle_id, name, kind, populations, created_by_id)
    values (${scope.tenantId}, ${row.cycleId}, ${row.name}, ${row.kind}, ${JSON.stringify(row.populations)}::jsonb,
      ${row.createdById})
    returning id`);
  return rowsOf<{ id: string }>(result)[0]!.id;
}

export async function updateRound(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  changes: {
    name?: string;
    populations?: Population[];
    status?: ReviewCycleStatus;
    launchedAt?: Date;
    closedAt?: Date;
  },
): Promise<boolean> {
  const sets: SQL[] = [sql`version = version + 1`, sql`updated_at = now()`];
  if (changes.name !== undefined) sets.push(sql`name = ${changes.name}`);
  if (changes.populations !== undefined)
    sets.push(sql`populations = ${JSON.stringify(changes.populations)}::jsonb`);
  if (changes.status !== undefined) sets.push(sql`status = ${changes.status}`);
  if (changes.launchedAt) sets.push(sql`launched_at = ${changes.launchedAt.toISOString()}::timestamptz`);
  if (changes.closedAt) sets.push(sql`closed_at = ${changes.closedAt.toISOString()}::timestamptz`);
  const result = await scope.db.execute(sql`
    update review_cycles set ${sql.join(sets, sql`, `)}
    where tenant_id = ${scope.tenantId} and id = ${id} and version = ${expectedVersion}
    returning id`);
  return rowsOf(result).length === 1;
}

export async function deleteRound(scope: TenantScope, id: string): Promise<void> {
  await scope.db.execute(sql`delete from review_cycles where tenant_id = ${scope.tenantId} and id = ${id}`);
}

export async function setRoundScoredAt(scope: TenantScope, id: string, at: Date): Promise<void> {
  await scope.db.execute(sql`
    update review_cycles set scored_at = ${at.toISOString()}::timestamptz
    where tenant_id = ${scope.tenantId} and id = ${id}`);
}

/** Active employees of one population, with their manager, department and number of direct reports. */
export type PopulationMember = {
  id: string;
  manager_id: string | null;
  department_id: string;
};

export async function selectPopulation(
  scope: TenantScope,
  population: Population,
): Promise<PopulationMember[]> {
  const t = scope.tenantId;
  const parts: SQL[] = [];
  if (population.departmentIds.length > 0) {
    const departments = population.includeSubDepartments
      ? sql.join(
          population.departmentIds.map((d) => sql`(${departmentAndBelow(t, d)})`),
          sql` union `,
        )
      : sql`select unnest(${uuidArray(population.departmentIds)})`;
    const levels =
      population.jobLevels.length > 0
        ? sql`and e.job_level = any(${textArray(population.jobLevels)})`
        : sql``;
    parts.push(sql`select e.id, e.manager_id, e.department_id from employees e
      where e.tenant_id = ${t} and e.status = 'active' and e.department_id in (${departments}) ${levels}`);
  }
  if (population.employeeIds.length > 0)
    parts.push(sql`select e.id, e.manager_id, e.department_id from employees e
      where e.tenant_id = ${t} and e.status = 'active' and e.id = any(${uuidArray(population.employeeIds)})`);
  if (parts.length === 0) return [];
  const result = await scope.db.execute(sql`${sql.join(parts, sql` union `)}`);
  return rowsOf<PopulationMember>(result);
}

/** Which of these ids are active employees of the tenant. */
export async function selectActiveEmployeeIds(
  scope: TenantScope,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await scope.db.execute(sql`
    select id from employees where tenant_id = ${scope.tenantId} and status = 'active' and id = any(${uuidArray(ids)})`);
  return new Set(rowsOf<{ id: string }>(result).map((r) => r.id));
}

export type ParticipantInsert = {
  employee_id: string;
  manager_id: string | null;
  department_id: string;
  template_id: string | null;
  template_version: number | null;
};

/** The participants of a round in one statement; returns (id, employee_id). */
export async function insertParticipants(
  scope: TenantScope,
  roundId: string,
  rows: readonly ParticipantInsert[],
): Promise<{ id: string; employee_id: string }[]> {
  if (rows.length === 0) return [];
  const result = await scope.db.execute(sql`
    insert into review_participants (tenant_id, review_cycle_id, employee_id, manager_id, department_id,
      template_id, template_version)
    select ${scope.tenantId}, ${roundId}, x.employee_id, x.manager_id, x.department_id, x.template_id, x.template_version
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(employee_id uuid, manager_id uuid, department_id uuid, template_id uuid, template_version int)
    returning id, employee_id`);
  return rowsOf<{ id: string; employee_id: string }>(result);
}

export type ReviewInsert = {
  participant_id: string;
  ratee_id: string;
  reviewer_id: string;
  rater_type: RaterType;
  due_date: string | null;
};

/** Reviews in one statement; a reviewer already asked about the ratee is left as they are. Returns the new ones. */
export async function insertReviews(
  scope: TenantScope,
  roundId: string,
  rows: readonly ReviewInsert[],
): Promise<
  { id: string; reviewer_id: string; ratee_id: string; rater_type: RaterType; due_date: string | null }[]
> {
  if (rows.length === 0) return [];
  const result = await scope.db.execute(sql`
    insert into reviews (tenant_id, review_cycle_id, participant_id, ratee_id, reviewer_id, rater_type, due_date)
    select ${scope.tenantId}, ${roundId}, x.participant_id, x.ratee_id, x.reviewer_id, x.rater_type, x.due_date
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(participant_id uuid, ratee_id uuid, reviewer_id uuid, rater_type text, due_date date)
    on conflict (tenant_id, participant_id, reviewer_id) do nothing
    returning id, reviewer_id, ratee_id, rater_type, due_date::text as due_date`);
  return rowsOf(result);
}

// ---------------------------------------------------------------------------------------------
// Tracking. Every list is narrowed to the people the actor may see, and never holds the reviews
// about the actor themself: a ratee must not learn who was asked about them (§6).

/** Participants `p` of a round the actor may track: in reach, and not the actor. */
export function trackedParticipants(scope: TenantScope, actor: Actor): SQL {
  const visible = visibleEmployeesCondition(scope, actor);
  const notMe = actor.employeeId ? sql`p.employee_id <> ${actor.employeeId}` : sql`true`;
  if (!visible) return notMe;
  return sql`${notMe} and exists (select 1 from employees e
    where e.tenant_id = p.tenant_id and e.id = p.employee_id and ${visible})`;
}

export type TrackingFilter = {
  departmentId?: string;
  managerId?: string;
  status?: 'pending' | 'draft' | 'submitted';
  late?: boolean;
  raterType?: RaterType;
  reviewIds?: readonly string[];
};

function trackingConditions(
  scope: TenantScope,
  actor: Actor,
  roundId: string,
  f: TrackingFilter,
  today: string,
) {
  const conditions: SQL[] = [sql`r.review_cycle_id = ${roundId}`, trackedParticipants(scope, actor)];
  if (f.departmentId)
    conditions.push(sql`p.department_id in (${departmentAndBelow(scope.tenantId, f.departmentId)})`);
  if (f.managerId) conditions.push(sql`p.manager_id = ${f.managerId}`);
  if (f.status) conditions.push(sql`r.status = ${f.status}`);
  if (f.raterType) conditions.push(sql`r.rater_type = ${f.raterType}`);
  if (f.late === true) conditions.push(sql`r.status <> 'submitted' and r.due_date < ${today}::date`);
  if (f.late === false) conditions.push(sql`not (r.status <> 'submitted' and r.due_date < ${today}::date)`);
  if (f.reviewIds) conditions.push(sql`r.id = any(${uuidArray(f.reviewIds)})`);
  return sql.join(conditions, sql` and `);
}

export type CompletionRow = {
  key: string | null;
  name: string | null;
  total: number;
  submitted: number;
  late: number;
};

/** Completion overall and grouped by rater type, department and manager, in one statement. */
export async function selectCompletion(
  scope: TenantScope,
  actor: Actor,
  roundId: string,
  filter: TrackingFilter,
  today: string,
): Promise<(CompletionRow & { grouping: 'all' | 'type' | 'department' | 'manager' })[]> {
  const where = trackingConditions(scope, actor, roundId, filter, today);
  const result = await scope.db.execute(sql`
    with t as (
      select r.rater_type, p.department_id, p.manager_id, (r.status = 'submitted') as done,
        (r.status <> 'submitted' and r.due_date < ${today}::date) as late
      from reviews r
      join review_participants p on p.tenant_id = r.tenant_id and p.id = r.participant_id
      where r.tenant_id = ${scope.tenantId} and ${where}
    ), g as (
      select case when grouping(rater_type) = 0 then 'type'
          when grouping(department_id) = 0 then 'department'
          when grouping(manager_id) = 0 then 'manager' else 'all' end as grouping,
        coalesce(rater_type, department_id::text, manager_id::text) as key,
        count(*)::int as total, count(*) filter (where done)::int as submitted, count(*) filter (where late)::int as late
      from t group by grouping sets ((), (rater_type), (department_id), (manager_id))
    )
    select g.grouping, g.key, coalesce(d.name, m.name) as name, g.total, g.submitted, g.late
    from g
    left join departments d on g.grouping = 'department' and d.tenant_id = ${scope.tenantId} and d.id::text = g.key
    left join employees m on g.grouping = 'manager' and m.tenant_id = ${scope.tenantId} and m.id::text = g.key
    order by g.grouping, g.total desc, g.key`);
  return rowsOf(result);
}

export type TrackedReviewRow = {
  id: string;
  rater_type: RaterType;
  status: 'pending' | 'draft' | 'submitted';
  reviewer_id: string;
  reviewer_name: string;
  ratee_id: string;
  ratee_name: string;
  department_name: string | null;
  due_date: string | null;
  late: boolean;
  submitted_at: string | null;
  last_reminded_at: string | null;
};

const TRACKED_KEYSET: Keyset<TrackedReviewRow> = {
  parts: [
    { column: sql`ee.name`, kind: 'text', of: (r) => r.ratee_name },
    { column: sql`r.id`, kind: 'uuid', of: (r) => r.id },
  ],
  descending: false,
};

export async function listTrackedReviews(
  scope: TenantScope,
  actor: Actor,
  roundId: string,
  filter: TrackingFilter & { cursor?: string; limit: number },
  today: string,
): Promise<Page<TrackedReviewRow>> {
  const conditions = [trackingConditions(scope, actor, roundId, filter, today)];
  const after = afterCursor(TRACKED_KEYSET, filter.cursor);
  if (after) conditions.push(after);
  const result = await scope.db.execute(sql`
    select r.id, r.rater_type, r.status, r.reviewer_id, rv.name as reviewer_name, r.ratee_id, ee.name as ratee_name,
      d.name as department_name, r.due_date::text as due_date,
      (r.status <> 'submitted' and r.due_date < ${today}::date) as late,
      r.submitted_at::text as submitted_at, r.last_reminded_at::text as last_reminded_at
    from reviews r
    join review_participants p on p.tenant_id = r.tenant_id and p.id = r.participant_id
    join employees ee on ee.tenant_id = r.tenant_id and ee.id = r.ratee_id
    join employees rv on rv.tenant_id = r.tenant_id and rv.id = r.reviewer_id
    left join departments d on d.tenant_id = p.tenant_id and d.id = p.department_id
    where r.tenant_id = ${scope.tenantId} and ${sql.join(conditions, sql` and `)}
    order by ${keysetOrder(TRACKED_KEYSET)} limit ${filter.limit + 1}`);
  const { rows, nextCursor } = pageOf(TRACKED_KEYSET, rowsOf<TrackedReviewRow>(result), filter.limit);
  return { items: rows, nextCursor };
}

/** Unsubmitted reviews to remind of (in reach); marks them reminded. */
export async function markReminded(
  scope: TenantScope,
  actor: Actor,
  roundId: string,
  filter: TrackingFilter,
  today: string,
  at: Date,
): Promise<
  { id: string; reviewer_id: string; ratee_name: string; rater_type: RaterType; due_date: string | null }[]
> {
  const where = trackingConditions(scope, actor, roundId, filter, today);
  const result = await scope.db.execute(sql`
    update reviews r set last_reminded_at = ${at.toISOString()}::timestamptz
    from review_participants p, employees ee
    where r.tenant_id = ${scope.tenantId} and p.tenant_id = r.tenant_id and p.id = r.participant_id
      and ee.tenant_id = r.tenant_id and ee.id = r.ratee_id and r.status <> 'submitted' and ${where}
    returning r.id, r.reviewer_id, ee.name as ratee_name, r.rater_type, r.due_date::text as due_date`);
  return rowsOf(result);
}

export type ParticipantRow = {
  id: string;
  employee_id: string;
  name: string;
  department_name: string | null;
  manager_id: string | null;
  manager_name: string | null;
  template_name: string | null;
  nomination_status: 'not_started' | 'submitted' | 'approved';
  total: number;
  submitted: number;
  late: number;
  final_score: number | null;
};

const PARTICIPANT_KEYSET: Keyset<ParticipantRow> = {
  parts: [
    { column: sql`e.name`, kind: 'text', of: (r) => r.name },
    { column: sql`p.id`, kind: 'uuid', of: (r) => r.id },
  ],
  descending: false,
};

export async function listParticipants(
  scope: TenantScope,
  actor: Actor,
  roundId: string,
  filter: { departmentId?: string; managerId?: string; q?: string; cursor?: string; limit: number },
  today: string,
  /** Scores the caller may not see (review.policy's scoreVisibility): none, or those holding a slice below the minimum. */
  scores: 'all' | 'none' | 'without_small_slices',
): Promise<Page<ParticipantRow>> {
  const t = scope.tenantId;
  // A dimension's answers of an anonymous type from fewer raters than the template's minimum, the
  // caller's own answers not counted (with them subtracted, the others would show).
  const smallSlice = sql`exists (
    select 1 from review_scores s
    join reviews r on r.tenant_id = s.tenant_id and r.id = s.review_id
    join review_template_versions tv on tv.tenant_id = p.tenant_id and tv.template_id = p.template_id
      and tv.template_version = p.template_version
    where s.tenant_id = p.tenant_id and s.participant_id = p.id
      and s.rater_type in ('peer', 'subordinate', 'collaborator')
    group by s.dimension_key, s.rater_type, tv.definition
    having count(*) filter (where r.reviewer_id is distinct from ${actor.employeeId}::uuid)
      < coalesce((tv.definition->>'anonymityMinimum')::int, 3))`;
  const finalScore =
    scores === 'all'
      ? sql`p.final_score`
      : scores === 'none'
        ? sql`null::numeric`
        : sql`case when ${smallSlice} then null else p.final_score end`;
  const conditions: SQL[] = [sql`p.review_cycle_id = ${roundId}`, trackedParticipants(scope, actor)];
  if (filter.departmentId)
    conditions.push(sql`p.department_id in (${departmentAndBelow(t, filter.departmentId)})`);
  if (filter.managerId) conditions.push(sql`p.manager_id = ${filter.managerId}`);
  if (filter.q)
    conditions.push(sql`(e.name ilike ${`%${filter.q}%`} or e.employee_no ilike ${`%${filter.q}%`})`);
  const after = afterCursor(PARTICIPANT_KEYSET, filter.cursor);
  if (after) conditions.push(after);
  const result = await scope.db.execute(sql`
    select p.id, p.employee_id, e.name, d.name as department_name, p.manager_id, m.name as manager_name,
      tpl.name as template_name, p.nomination_status, c.total, c.submitted, c.late, ${finalScore} as final_score
    from review_participants p
    join employees e on e.tenant_id = p.tenant_id and e.id = p.employee_id
    left join departments d on d.tenant_id = p.tenant_id and d.id = p.department_id
    left join employees m on m.tenant_id = p.tenant_id and m.id = p.manager_id
    left join review_templates tpl on tpl.tenant_id = p.tenant_id and tpl.id = p.template_id
    cross join lateral (
      select count(*)::int as total, count(*) filter (where r.status = 'submitted')::int as submitted,
        count(*) filter (where r.status <> 'submitted' and r.due_date < ${today}::date)::int as late
      from reviews r where r.tenant_id = p.tenant_id and r.participant_id = p.id) c
    where p.tenant_id = ${t} and ${sql.join(conditions, sql` and `)}
    order by ${keysetOrder(PARTICIPANT_KEYSET)} limit ${filter.limit + 1}`);
  const { rows, nextCursor } = pageOf(PARTICIPANT_KEYSET, rowsOf<ParticipantRow>(result), filter.limit);
  return {
    items: rows.map((r) => ({ ...r, final_score: r.final_score === null ? null : Number(r.final_score) })),
    nextCursor,
  };
}

export type ParticipantFacts = {
  id: string;
  review_cycle_id: string;
  employee_id: string;
  name: string;
  manager_id: string | null;
  department_id: string | null;
  template_id: string | null;
  template_version: number | null;
  nomination_status: 'not_started' | 'submitted' | 'approved';
  proposed_peer_ids: string[];
  proposed_collaborator_ids: string[];
  attainment: number | null;
  final_score: number | null;
  final_score_exact: number | null;
  version: number;
};

export async function findParticipant(
  scope: TenantScope,
  roundId: string,
  employeeId: string,
  lock = false,
): Promise<ParticipantFacts | null> {
  const result = await scope.db.execute(sql`
    select p.id, p.review_cycle_id, p.employee_id, e.name, p.manager_id, p.department_id, p.template_id,
      p.template_version, p.nomination_status, p.proposed_peer_ids, p.proposed_collaborator_ids, p.attainment,
      p.final_score, p.final_score_exact, p.version
    from review_participants p join employees e on e.tenant_id = p.tenant_id and e.id = p.employee_id
    where p.tenant_id = ${scope.tenantId} and p.review_cycle_id = ${roundId} and p.employee_id = ${employeeId}
    ${lock ? sql`for update of p` : sql``}`);
  const [row] = rowsOf<ParticipantFacts>(result);
  return row ? { ...row, final_score: row.final_score === null ? null : Number(row.final_score) } : null;
}

/** The participants of a round (or some of them) with their employee and template version, for scoring. */
export async function selectRoundParticipants(scope: TenantScope, roundId: string, only?: readonly string[]) {
  const some = only ? sql`and p.id = any(${uuidArray(only)})` : sql``;
  const result = await scope.db.execute(sql`
    select p.id, p.employee_id, p.template_id, p.template_version
    from review_participants p where p.tenant_id = ${scope.tenantId} and p.review_cycle_id = ${roundId} ${some}`);
  return rowsOf<{
    id: string;
    employee_id: string;
    template_id: string | null;
    template_version: number | null;
  }>(result);
}

/** The goals of some people in a cycle that count toward attainment (core's rule, as SQL). */
export async function selectCountingGoals(scope: TenantScope, cycleId: string, ownerIds: readonly string[]) {
  if (ownerIds.length === 0) return [];
  const result = await scope.db.execute(sql`
    select g.id, g.owner_id, g.weight_bp, g.level, g.status, g.progress
    from unnest(${uuidArray(ownerIds)}) as o(id)
    cross join lateral (
      select g.id, g.owner_id, g.weight_bp, g.level, g.status, g.progress from goals g
      where g.tenant_id = ${scope.tenantId} and g.cycle_id = ${cycleId} and g.owner_id = o.id
        and ${countsTowardAttainmentSql(sql`g`)}
      offset 0) g`);
  return rowsOf<{
    id: string;
    owner_id: string;
    weight_bp: number;
    level: AttainmentGoal['level'];
    status: AttainmentGoal['status'];
    progress: number | null;
  }>(result);
}

export type NominationRow = ParticipantFacts & {
  round_name: string;
  round_status: ReviewCycleStatus;
  cycle_id: string;
  department_name: string | null;
};

const NOMINATION_KEYSET: Keyset<NominationRow> = {
  parts: [
    { column: sql`e.name`, kind: 'text', of: (r) => r.name },
    { column: sql`p.id`, kind: 'uuid', of: (r) => r.id },
  ],
  descending: false,
};

/** Nominations of final rounds that are open: the actor's own (`mine`), or those waiting on them (`team`; HR: all). */
export async function listNominations(
  scope: TenantScope,
  filter: {
    employeeId?: string;
    managerId?: string;
    status?: 'not_started' | 'submitted' | 'approved';
    cursor?: string;
    limit: number;
  },
): Promise<Page<NominationRow>> {
  const conditions: SQL[] = [sql`rc.kind = 'final'`, sql`rc.status = 'open'`];
  if (filter.employeeId) conditions.push(sql`p.employee_id = ${filter.employeeId}`);
  if (filter.managerId)
    conditions.push(sql`p.manager_id = ${filter.managerId} and p.employee_id <> ${filter.managerId}`);
  if (filter.status) conditions.push(sql`p.nomination_status = ${filter.status}`);
  const after = afterCursor(NOMINATION_KEYSET, filter.cursor);
  if (after) conditions.push(after);
  const result = await scope.db.execute(sql`
    select ${NOMINATION_COLUMNS}
    from review_participants p
    join review_cycles rc on rc.tenant_id = p.tenant_id and rc.id = p.review_cycle_id
    join employees e on e.tenant_id = p.tenant_id and e.id = p.employee_id
    left join departments d on d.tenant_id = p.tenant_id and d.id = p.department_id
    where p.tenant_id = ${scope.tenantId} and ${sql.join(conditions, sql` and `)}
    order by ${keysetOrder(NOMINATION_KEYSET)} limit ${filter.limit + 1}`);
  const { rows, nextCursor } = pageOf(NOMINATION_KEYSET, rowsOf<NominationRow>(result), filter.limit);
  return { items: rows, nextCursor };
}

const NOMINATION_COLUMNS = sql`p.id, p.review_cycle_id, p.employee_id, e.name, p.manager_id, p.department_id,
  p.template_id, p.template_version, p.nomination_status, p.proposed_peer_ids, p.proposed_collaborator_ids,
  p.attainment, p.final_score, p.final_score_exact, p.version, rc.name as round_name, rc.status as round_status,
  rc.cycle_id, d.name as department_name`;

export async function findNomination(
  scope: TenantScope,
  roundId: string,
  employeeId: string,
  lock = false,
): Promise<NominationRow | null> {
  const result = await scope.db.execute(sql`
    select ${NOMINATION_COLUMNS}
    from review_participants p
    join review_cycles rc on rc.tenant_id = p.tenant_id and rc.id = p.review_cycle_id
    join employees e on e.tenant_id = p.tenant_id and e.id = p.employee_id
    left join departments d on d.tenant_id = p.tenant_id and d.id = p.department_id
    where p.tenant_id = ${scope.tenantId} and p.review_cycle_id = ${roundId} and p.employee_id = ${employeeId}
    ${lock ? sql`for update of p` : sql``}`);
  const [row] = rowsOf<NominationRow>(result);
  return row ?? null;
}

export async function updateNomination(
  scope: TenantScope,
  participantId: string,
  expectedVersion: number,
  changes: {
    status: 'submitted' | 'approved';
    peerIds?: readonly string[];
    collaboratorIds?: readonly string[];
  },
): Promise<boolean> {
  const sets: SQL[] = [
    sql`version = version + 1`,
    sql`updated_at = now()`,
    sql`nomination_status = ${changes.status}`,
  ];
  if (changes.peerIds) sets.push(sql`proposed_peer_ids = ${JSON.stringify(changes.peerIds)}::jsonb`);
  if (changes.collaboratorIds)
    sets.push(sql`proposed_collaborator_ids = ${JSON.stringify(changes.collaboratorIds)}::jsonb`);
  const result = await scope.db.execute(sql`
    update review_participants set ${sql.join(sets, sql`, `)}
    where tenant_id = ${scope.tenantId} and id = ${participantId} and version = ${expectedVersion}
    returning id`);
  return rowsOf(result).length === 1;
}

/** The people asked about some participants, by type (peer and collaborator reviews). */
export async function selectNominatedReviewers(scope: TenantScope, participantIds: readonly string[]) {
  if (participantIds.length === 0) return [];
  const result = await scope.db.execute(sql`
    select r.id, r.participant_id, r.reviewer_id, r.rater_type, r.status from reviews r
    where r.tenant_id = ${scope.tenantId} and r.participant_id = any(${uuidArray(participantIds)})
      and r.rater_type in ('peer', 'collaborator')`);
  return rowsOf<{
    id: string;
    participant_id: string;
    reviewer_id: string;
    rater_type: RaterType;
    status: string;
  }>(result);
}

/** Removes unsubmitted peer/collaborator reviews of people no longer on the list. */
export async function deleteUnsubmittedReviews(scope: TenantScope, reviewIds: readonly string[]) {
  if (reviewIds.length === 0) return;
  await scope.db.execute(sql`
    delete from reviews where tenant_id = ${scope.tenantId} and id = any(${uuidArray(reviewIds)})
      and status <> 'submitted'`);
}

/** People with name and department, for nomination lists and checks. */
export async function selectPeople(scope: TenantScope, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const result = await scope.db.execute(sql`
    select e.id, e.name, e.status, e.department_id, d.name as department_name
    from employees e left join departments d on d.tenant_id = e.tenant_id and d.id = e.department_id
    where e.tenant_id = ${scope.tenantId} and e.id = any(${uuidArray(ids)})`);
  return rowsOf<{
    id: string;
    name: string;
    status: string;
    department_id: string;
    department_name: string | null;
  }>(result);
}

/** Active colleagues by name or number, but not the excluded (the ratee and their manager). */
export async function searchColleagues(
  scope: TenantScope,
  filter: { q?: string; excludeIds: readonly string[]; departmentId: string | null; limit: number },
) {
  const like = filter.q
    ? sql`and (e.name ilike ${`%${filter.q}%`} or e.employee_no ilike ${`%${filter.q}%`})`
    : sql``;
  const result = await scope.db.execute(sql`
    select e.id, e.name, e.employee_no, d.name as department_name,
      (e.department_id is not distinct from ${filter.departmentId}::uuid) as same_department
    from employees e left join departments d on d.tenant_id = e.tenant_id and d.id = e.department_id
    where e.tenant_id = ${scope.tenantId} and e.status = 'active'
      and not (e.id = any(${uuidArray(filter.excludeIds)})) ${like}
    order by same_department desc, e.name, e.id limit ${filter.limit}`);
  return rowsOf<{
    id: string;
    name: string;
    employee_no: string;
    department_name: string | null;
    same_department: boolean;
  }>(result);
}
