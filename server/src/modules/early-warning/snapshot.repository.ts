import type { CycleWarningOverride } from '@perfloop/core';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';

/** Claims a job run for a tenant and key; false when it already ran (or is running in another process). */
export async function claimJobRun(
  scope: TenantScope,
  job: string,
  runKey: string,
  trigger: 'schedule' | 'manual',
): Promise<boolean> {
  const result = await scope.db.execute(sql`
    insert into job_runs (tenant_id, job, run_key, trigger) values (${scope.tenantId}, ${job}, ${runKey}, ${trigger})
    on conflict do nothing returning run_key`);
  return rowsOf(result).length === 1;
}

export async function finishJobRun(scope: TenantScope, job: string, runKey: string, stats: object, at: Date) {
  await scope.db.execute(sql`
    update job_runs set stats = ${JSON.stringify(stats)}::jsonb, finished_at = ${at.toISOString()}::timestamptz
    where tenant_id = ${scope.tenantId} and job = ${job} and run_key = ${runKey}`);
}

/** Whether the job already ran for a later key (date) than this one. */
export async function hasLaterRun(scope: TenantScope, job: string, runKey: string): Promise<boolean> {
  const result = await scope.db.execute(sql`
    select exists (select 1 from job_runs where tenant_id = ${scope.tenantId} and job = ${job} and run_key > ${runKey})
      as later`);
  return rowsOf<{ later: boolean }>(result)[0]?.later === true;
}

export type JobRunRow = {
  run_key: string;
  trigger: 'schedule' | 'manual';
  stats: Record<string, number>;
  started_at: string;
  finished_at: string | null;
};

export async function findJobRuns(scope: TenantScope, job: string, limit: number, runKey?: string) {
  const result = await scope.db.execute(sql`
    select run_key, trigger, stats, started_at::text as started_at, finished_at::text as finished_at
    from job_runs where tenant_id = ${scope.tenantId} and job = ${job}
      ${runKey ? sql`and run_key = ${runKey}` : sql``}
    order by run_key desc limit ${limit}`);
  return rowsOf<JobRunRow>(result);
}

/** Goal g in cycle c is open on the date: approved, in an open cycle that has started and not yet ended. */
const openOn = (t: string, date: string) => sql`g.tenant_id = ${t} and g.status = 'approved'
  and c.status = 'open' and c.start_date <= ${date}::date and c.end_date >= ${date}::date`;

/**
 * Snapshots every open goal without a roll-up KR in one INSERT … SELECT (§3): each KR's p and e
 * computed in the database by perfloop_kr_progress and perfloop_expected (core's rules, migration
 * 0011), the goal's Σ(w · min(p, cap)) / Σw and weighted e, and its KRs as arrays in position
 * order. Nothing crosses the wire but two counts: at 100k people that is 1.2 million KRs the
 * server no longer reads, computes and writes back.
 *
 * `before` set: a past date, replayed from each KR's last check-in before that instant (one
 * index probe per KR), the goal's last check-in being the latest of those. Unset: today, read
 * from the KRs' current values and the goal's own last check-in.
 */
export async function insertSnapshots(
  scope: TenantScope,
  date: string,
  options: { cap: number; before: Date | null },
): Promise<{ goals: number; keyResults: number }> {
  const t = scope.tenantId;
  const before = options.before?.toISOString();
  const measure = before
    ? sql`k.kind, k.direction, k.start_value::float8, k.target_value::float8, ci.value::float8, ci.done,
        ci.percent::float8`
    : sql`k.kind, k.direction, k.start_value::float8, k.target_value::float8, k.current_value::float8, k.done,
        k.manual_percent::float8`;
  // The sort for the grouping takes ~200 MB at 100k people: in memory, not spilled to disk in
  // 4 MB runs; JIT compiling costs more than it saves. A rerun replaces the date's rows, so the
  // insert needs no ON CONFLICT (a speculative insertion per row cost 0.9 s of 3 at 100k).
  // One sort, by goal and then KR position, feeds both the grouping and the arrays, which take
  // their rows in that order (an INSERT runs no parallel workers to interleave them): an
  // `array_agg(… order by …)` sorts each goal's rows again per array, three tiny sorts a goal,
  // which was a fifth of the statement at 10k people.
  await scope.db.execute(sql`set local jit = off`);
  await scope.db.execute(sql`set local work_mem = '256MB'`);
  await scope.db.execute(
    sql`delete from goal_snapshots where tenant_id = ${t} and snapshot_date = ${date}::date`,
  );
  const result = await scope.db.execute(sql`
    with written as (
      insert into goal_snapshots (tenant_id, goal_id, snapshot_date, cycle_id, progress, expected,
        key_result_ids, key_result_progress, key_result_expected, last_check_in_at)
      select ${t}, x.goal_id, ${date}::date, x.cycle_id,
        coalesce(sum(x.weight_bp * least(greatest(x.p, 0), ${options.cap}::float8)) / nullif(sum(x.weight_bp), 0), 0),
        coalesce(sum(x.weight_bp * least(greatest(x.e, 0), 1)) / nullif(sum(x.weight_bp), 0), 0),
        coalesce(array_agg(x.id) filter (where x.id is not null), '{}'),
        coalesce(array_agg(x.p) filter (where x.id is not null), '{}'),
        coalesce(array_agg(x.e) filter (where x.id is not null), '{}'),
        max(x.last_check_in_at)
      from (
        select g.id as goal_id, g.cycle_id, k.id, k.position, k.weight_bp, k.roll_up,
          ${before ? sql`ci.at` : sql`g.last_check_in_at`} as last_check_in_at,
          perfloop_kr_progress(${measure}) as p,
          perfloop_expected(${date}::date, coalesce(k.start_date, c.start_date),
            coalesce(k.due_date, g.due_date, c.end_date)) as e
        from goals g
        join cycles c on c.tenant_id = g.tenant_id and c.id = g.cycle_id
        left join key_results k on k.tenant_id = g.tenant_id and k.goal_id = g.id
        ${
          before
            ? sql`left join lateral (
                select ch.value, ch.done, ch.percent, ch.at from check_ins ch
                where ch.tenant_id = ${t} and ch.key_result_id = k.id and ch.at < ${before}::timestamptz
                order by ch.at desc, ch.id desc limit 1
              ) ci on true`
            : sql``
        }
        where ${openOn(t, date)}
        order by g.id, g.cycle_id, k.position, k.id
      ) x
      group by x.goal_id, x.cycle_id
      having not coalesce(bool_or(x.roll_up), false)
      returning cardinality(key_result_ids) as n
    )
    select count(*)::int as goals, coalesce(sum(n), 0)::int as key_results from written`);
  const [row] = rowsOf<{ goals: number; key_results: number }>(result);
  return { goals: Number(row?.goals ?? 0), keyResults: Number(row?.key_results ?? 0) };
}

/** The open goals on the date with a roll-up KR: their progress follows other goals, so core computes it. */
export async function selectOpenRollUpGoals(scope: TenantScope, date: string) {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select g.id, g.cycle_id, g.last_check_in_at::text as last_check_in_at
    from goals g join cycles c on c.tenant_id = g.tenant_id and c.id = g.cycle_id
    where ${openOn(t, date)}
      and exists (select 1 from key_results k where k.tenant_id = ${t} and k.goal_id = g.id and k.roll_up)`);
  return rowsOf<{ id: string; cycle_id: string; last_check_in_at: string | null }>(result);
}

export type GoalSnapshotWrite = {
  goal_id: string;
  cycle_id: string;
  progress: number;
  expected: number;
  key_result_ids: string[];
  key_result_progress: number[];
  key_result_expected: number[];
  last_check_in_at: string | null;
};

/** Snapshots computed in core (the roll-up goals, a handful per tenant), after insertSnapshots. */
export async function insertGoalSnapshots(
  scope: TenantScope,
  date: string,
  rows: readonly GoalSnapshotWrite[],
) {
  if (rows.length === 0) return;
  await scope.db.execute(sql`
    insert into goal_snapshots (tenant_id, goal_id, snapshot_date, cycle_id, progress, expected,
      key_result_ids, key_result_progress, key_result_expected, last_check_in_at)
    select ${scope.tenantId}, x.goal_id, ${date}::date, x.cycle_id, x.progress, x.expected,
      x.key_result_ids, x.key_result_progress, x.key_result_expected, x.last_check_in_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(goal_id uuid, cycle_id uuid, progress float8,
      expected float8, key_result_ids uuid[], key_result_progress float8[], key_result_expected float8[],
      last_check_in_at timestamptz)`);
}

export type AlertCandidateRow = {
  goal_id: string;
  cycle_id: string;
  progress: number;
  expected: number;
  last_check_in_on: string | null;
  approved_on: string | null;
  cycle_start: string;
  warning_settings: CycleWarningOverride | null;
  pace_alert_id: string | null;
  stale_alert_id: string | null;
  /**
   * For a goal without an open pace alert, its last snapshots on or before the date, as many as its
   * cycle's run of behind snapshots, newest first: [date, progress, expected]. Null for a goal with
   * one, whose rule reads only the date's snapshot (the row's own progress and expected).
   */
  history: [string, number, number][] | null;
};

/**
 * The goals of the date's snapshot the alert rules can act on: those with an open alert, those
 * behind pace on this snapshot (no run of behind snapshots can end on one that is not), and
 * those without a check-in for their stale days. Core decides each (decidePaceAlert, isStale);
 * every other goal's decision is "nothing", so the rules read a few rows instead of all.
 * Days of instants are taken in the tenant’s time zone here, for the rows kept only, and so is
 * each kept goal's run of recent snapshots (one index probe a goal, only for a goal without an
 * open pace alert): at 100k people a second statement had sent back 270,000 goal ids and read
 * 540,000 snapshots.
 */
export async function selectAlertCandidates(
  scope: TenantScope,
  date: string,
  defaults: { timeZone: string; paceThreshold: number; staleDays: number; consecutiveSnapshots: number },
): Promise<AlertCandidateRow[]> {
  const t = scope.tenantId;
  // The filter compares instants with a bound two days past the stale day at UTC midnight: a
  // superset whatever the zone (±14 h), so only the rows kept pay for the conversion to days.
  // Hash joins only: the rows were written in this transaction and the open alerts perhaps in
  // the last (HR back-filling weeks in a row), so the statistics may still say both tables are
  // empty, and a nested loop over them costs snapshots × alerts (82 s at 10k in the bench).
  await scope.db.execute(sql`set local enable_nestloop = off`);
  const result = await scope.db.execute(sql`
    select x.goal_id, x.cycle_id, x.progress, x.expected,
      (x.last_check_in_at at time zone ${defaults.timeZone})::date::text as last_check_in_on,
      (x.approved_at at time zone ${defaults.timeZone})::date::text as approved_on,
      x.cycle_start::text as cycle_start, x.warning_settings, x.pace_alert_id, x.stale_alert_id,
      case when x.pace_alert_id is null then (
        select jsonb_agg(jsonb_build_array(h.snapshot_date, h.progress, h.expected))
        from (
          select r.snapshot_date, r.progress, r.expected from goal_snapshots r
          where r.tenant_id = ${t} and r.goal_id = x.goal_id and r.snapshot_date <= ${date}::date
          order by r.snapshot_date desc
          limit coalesce((x.warning_settings->>'consecutiveSnapshots')::int, ${defaults.consecutiveSnapshots}::int)
        ) h
      ) end as history
    from (
      select s.goal_id, s.cycle_id, s.progress, s.expected, s.last_check_in_at, g.approved_at,
        c.start_date as cycle_start, c.warning_settings, pa.id as pace_alert_id, sa.id as stale_alert_id,
        coalesce((c.warning_settings->>'paceThreshold')::float8, ${defaults.paceThreshold}::float8) as threshold,
        ${date}::date - coalesce((c.warning_settings->>'staleDays')::int, ${defaults.staleDays}::int) as stale_on
      from goal_snapshots s
      join goals g on g.tenant_id = s.tenant_id and g.id = s.goal_id
      join cycles c on c.tenant_id = g.tenant_id and c.id = g.cycle_id
      left join alerts pa on pa.tenant_id = s.tenant_id and pa.goal_id = s.goal_id and pa.rule = 'pace'
        and pa.status = 'open'
      left join alerts sa on sa.tenant_id = s.tenant_id and sa.goal_id = s.goal_id and sa.rule = 'stale'
        and sa.status = 'open'
      where s.tenant_id = ${t} and s.snapshot_date = ${date}::date and ${openOn(t, date)}
    ) x
    where x.pace_alert_id is not null or x.stale_alert_id is not null
      or (x.expected > 0 and x.progress / x.expected < x.threshold)
      or case when x.last_check_in_at is not null
        then x.last_check_in_at < ((x.stale_on + 2)::timestamp at time zone 'UTC')
        else x.cycle_start <= x.stale_on
          and (x.approved_at is null or x.approved_at < ((x.stale_on + 2)::timestamp at time zone 'UTC'))
      end`);
  await scope.db.execute(sql`set local enable_nestloop = on`);
  return rowsOf<AlertCandidateRow>(result);
}

export type NoticeGoalRow = {
  id: string;
  title: string;
  level: 'company' | 'department' | 'personal';
  owner_id: string | null;
  owner_name: string | null;
  owner_manager_id: string | null;
  department_head_id: string | null;
};

/** What an alert's notice names and whom it goes to: the owner and their manager, or the department head. */
export async function selectNoticeGoals(
  scope: TenantScope,
  goalIds: readonly string[],
): Promise<NoticeGoalRow[]> {
  if (goalIds.length === 0) return [];
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select g.id, g.title, g.level, g.owner_id, o.name as owner_name, o.manager_id as owner_manager_id,
      d.head_id as department_head_id
    from goals g
    left join employees o on o.tenant_id = g.tenant_id and o.id = g.owner_id
    left join departments d on d.tenant_id = g.tenant_id and d.id = coalesce(o.department_id, g.department_id)
    where g.tenant_id = ${t} and g.id = any(${uuidArray(goalIds)})`);
  return rowsOf<NoticeGoalRow>(result);
}

/** Snapshots of one goal with its KRs' values, oldest first, for its chart. */
export async function selectGoalSnapshots(scope: TenantScope, goalId: string) {
  const result = await scope.db.execute(sql`
    select snapshot_date::text as date, progress, expected, key_result_ids, key_result_progress, key_result_expected
    from goal_snapshots
    where tenant_id = ${scope.tenantId} and goal_id = ${goalId} order by snapshot_date`);
  return rowsOf<{
    date: string;
    progress: number;
    expected: number;
    key_result_ids: string[];
    key_result_progress: number[];
    key_result_expected: number[];
  }>(result);
}
