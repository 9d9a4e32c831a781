import type { CycleWarningOverride } from '@perfloop/core';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { float8Array, uuidArray } from '../../db/sql-arrays.ts';
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

export type SnapshotGoalRow = {
  id: string;
  title: string;
  cycle_id: string;
  cycle_start: string;
  level: 'company' | 'department' | 'personal';
  owner_id: string | null;
  owner_name: string | null;
  owner_manager_id: string | null;
  department_head_id: string | null;
  approved_at: string | null;
  last_check_in_at: string | null;
  warning_settings: CycleWarningOverride | null;
};

/** The open goals on a date: approved, in an open cycle that has started and not yet ended. */
export async function selectOpenGoals(scope: TenantScope, date: string): Promise<SnapshotGoalRow[]> {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select g.id, g.title, g.cycle_id, c.start_date::text as cycle_start, g.level, g.owner_id, o.name as owner_name,
      o.manager_id as owner_manager_id, d.head_id as department_head_id, g.approved_at::text as approved_at,
      g.last_check_in_at::text as last_check_in_at, c.warning_settings
    from goals g
    join cycles c on c.tenant_id = g.tenant_id and c.id = g.cycle_id
    left join employees o on o.tenant_id = g.tenant_id and o.id = g.owner_id
    left join departments d on d.tenant_id = g.tenant_id and d.id = coalesce(o.department_id, g.department_id)
    where g.tenant_id = ${t} and g.status = 'approved' and c.status = 'open'
      and c.start_date <= ${date}::date and c.end_date >= ${date}::date`);
  return rowsOf<SnapshotGoalRow>(result);
}

/**
 * Rows per statement. Columns bind as typed arrays that unnest() turns back into rows: one
 * parameter each, and no JSON to build in node and parse in the database.
 */
const CHUNK = 10_000;

export async function upsertGoalSnapshots(
  scope: TenantScope,
  date: string,
  rows: readonly { goal_id: string; cycle_id: string; progress: number; expected: number }[],
) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await scope.db.execute(sql`
      insert into goal_snapshots (tenant_id, goal_id, snapshot_date, cycle_id, progress, expected)
      select ${scope.tenantId}, x.goal_id, ${date}::date, x.cycle_id, x.progress, x.expected
      from unnest(${uuidArray(chunk.map((r) => r.goal_id))}, ${uuidArray(chunk.map((r) => r.cycle_id))},
        ${float8Array(chunk.map((r) => r.progress))}, ${float8Array(chunk.map((r) => r.expected))})
        as x(goal_id, cycle_id, progress, expected)
      on conflict (tenant_id, goal_id, snapshot_date)
        do update set progress = excluded.progress, expected = excluded.expected`);
  }
}

export async function upsertKeyResultSnapshots(
  scope: TenantScope,
  date: string,
  rows: readonly { key_result_id: string; goal_id: string; progress: number; expected: number }[],
) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await scope.db.execute(sql`
      insert into key_result_snapshots (tenant_id, key_result_id, snapshot_date, goal_id, progress, expected)
      select ${scope.tenantId}, x.key_result_id, ${date}::date, x.goal_id, x.progress, x.expected
      from unnest(${uuidArray(chunk.map((r) => r.key_result_id))}, ${uuidArray(chunk.map((r) => r.goal_id))},
        ${float8Array(chunk.map((r) => r.progress))}, ${float8Array(chunk.map((r) => r.expected))})
        as x(key_result_id, goal_id, progress, expected)
      on conflict (tenant_id, key_result_id, snapshot_date)
        do update set progress = excluded.progress, expected = excluded.expected`);
  }
}

/** The last `count` snapshots (on or before the date) of each of the goals. */
export async function selectRecentSnapshots(
  scope: TenantScope,
  goalIds: readonly string[],
  date: string,
  count: number,
) {
  if (goalIds.length === 0) return [];
  const result = await scope.db.execute(sql`
    select goal_id, snapshot_date::text as date, progress, expected from (
      select s.*, row_number() over (partition by s.goal_id order by s.snapshot_date desc) as n
      from goal_snapshots s
      where s.tenant_id = ${scope.tenantId} and s.goal_id = any(${uuidArray(goalIds)}) and s.snapshot_date <= ${date}::date
    ) x where n <= ${count}`);
  return rowsOf<{ goal_id: string; date: string; progress: number; expected: number }>(result);
}

/** Snapshots of one goal, oldest first, for its chart. */
export async function selectGoalSnapshots(scope: TenantScope, goalId: string) {
  const result = await scope.db.execute(sql`
    select snapshot_date::text as date, progress, expected from goal_snapshots
    where tenant_id = ${scope.tenantId} and goal_id = ${goalId} order by snapshot_date`);
  return rowsOf<{ date: string; progress: number; expected: number }>(result);
}
