import type { GoalLevel } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import { type AuditActor, auditRowFrom } from '../audit/audit.repository.ts';
import { oneGoalVisible } from './goal.repository.ts';
import type { KeyResultRow } from './key-result.repository.ts';

export type KeyResultToCheckIn = KeyResultRow & {
  goal_level: GoalLevel;
  goal_owner_id: string | null;
  cycle_status: 'draft' | 'open' | 'closed';
  /** Whether the goal matches the visibility condition given. */
  visible: boolean;
  /** The row version of the key result as read (xmin): the check-in applies only to it. */
  row_version: string;
};

/**
 * A key result with what a check-in needs. `visible` is a condition on aliases g and o (owner),
 * evaluated in the same statement. `lock`: FOR UPDATE (in a transaction), for a check-in that lost
 * the race to apply twice already.
 */
export async function selectKeyResultToCheckIn(
  scope: TenantScope,
  actor: Actor,
  by: { id: string } | { externalKey: string },
  lock: boolean,
): Promise<KeyResultToCheckIn | null> {
  const t = scope.tenantId;
  const visible = oneGoalVisible(scope, actor, actor.tenant.goalSettings.goalsVisibleToAll);
  const match = 'id' in by ? sql`k.id = ${by.id}` : sql`k.external_key = ${by.externalKey}`;
  const result = await scope.db.execute(sql`
    select k.id, k.goal_id, k.position, k.title, k.kind, k.direction, k.start_value, k.target_value, k.current_value,
      k.unit, k.weight_bp, k.start_date::text as start_date, k.due_date::text as due_date, k.done, k.manual_percent,
      k.roll_up, k.external_key, k.owner_id, k.confidence, k.last_check_in_at::text as last_check_in_at,
      g.weight_bp as goal_weight_bp, g.status as goal_status, g.parent_key_result_id as goal_parent_key_result_id,
      g.due_date::text as goal_due_date, c.start_date::text as cycle_start, c.end_date::text as cycle_end,
      g.level as goal_level, g.owner_id as goal_owner_id, c.status as cycle_status,
      coalesce(${visible ?? sql`true`}, false) as visible, k.xmin::text as row_version
    from key_results k
    join goals g on g.tenant_id = k.tenant_id and g.id = k.goal_id
    join cycles c on c.tenant_id = g.tenant_id and c.id = g.cycle_id
    left join employees o on o.tenant_id = g.tenant_id and o.id = g.owner_id
    where k.tenant_id = ${t} and ${match}
    ${lock ? sql`for update of k` : sql``}`);
  return rowsOf<KeyResultToCheckIn>(result)[0] ?? null;
}

export type CheckInRow = {
  id: string | number;
  key_result_id: string;
  goal_id: string;
  value: string | number | null;
  done: boolean | null;
  percent: string | number | null;
  confidence: number;
  comment: string;
  author_id: string | null;
  author_name: string | null;
  request_hash: string | null;
  at: string;
};

const CHECK_IN_COLUMNS = sql`c.id, c.key_result_id, c.goal_id, c.value, c.done, c.percent, c.confidence, c.comment,
  c.author_id, coalesce(a.name, t.name) as author_name, c.request_hash, c.at::text as at`;

export async function findCheckInByKey(
  scope: TenantScope,
  idempotencyKey: string,
): Promise<CheckInRow | null> {
  const result = await scope.db.execute(sql`
    select ${CHECK_IN_COLUMNS} from check_ins c
    left join employees a on a.tenant_id = c.tenant_id and a.id = c.author_id
    left join api_tokens t on t.tenant_id = c.tenant_id and t.id = c.token_id
    where c.tenant_id = ${scope.tenantId} and c.idempotency_key = ${idempotencyKey}`);
  return rowsOf<CheckInRow>(result)[0] ?? null;
}

export type NewCheckIn = {
  keyResultId: string;
  goalId: string;
  value: number | null;
  done: boolean | null;
  percent: number | null;
  confidence: number;
  comment: string;
  authorId: string | null;
  tokenId: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  at: string;
};

/** The audit row of a check-in: the key result before, the check-in (its id added in the statement). */
export type CheckInAudit = { actor: AuditActor; requestId: string; before: unknown; after: object };

/**
 * Appends the check-in and applies it, all in one statement, which needs no transaction around it:
 * - the key result's current state follows the check-in, provided the row is still the version
 *   the check-in was decided on (`rowVersion`); otherwise nothing is written and null comes back,
 *   and the caller reads the key result again: two check-ins of one KR apply one after the other,
 *   and the later one sets the current value;
 * - the goal remembers when it was last updated and forgets its stored progress;
 * - the goal's open stale alert ends (§3: a check-in ends it at once; pace waits for a snapshot);
 * - the audit row (`audit`, over alias c, the new check-in) is written;
 * - the new row comes back with its author's name.
 * Two round trips on the hottest write (read, apply) instead of six.
 */
export async function applyCheckIn(
  scope: TenantScope,
  row: NewCheckIn & { rowVersion: string; staleResolvedOn: string },
  audit: CheckInAudit,
): Promise<CheckInRow | null> {
  const t = scope.tenantId;
  const auditRow = (c: SQL) =>
    auditRowFrom(
      scope,
      audit.actor,
      {
        action: 'key_result.checked_in',
        entityType: 'key_result',
        entityId: row.keyResultId,
        before: audit.before,
        after: sql`${JSON.stringify(audit.after)}::jsonb
            || jsonb_build_object('checkInId', ${c}.id)`,
      },
      audit.requestId,
      c,
    );
  const result = await scope.db.execute(sql`
    with kr as (
      update key_results set
        current_value = coalesce(${row.value}::numeric, current_value),
        done = coalesce(${row.done}::boolean, done),
        manual_percent = coalesce(${row.percent}::numeric, manual_percent),
        confidence = ${row.confidence}, last_check_in_at = ${row.at}::timestamptz, updated_at = now()
      where tenant_id = ${t} and id = ${row.keyResultId} and xmin = ${row.rowVersion}::xid
      returning id
    ), c as (
      insert into check_ins (tenant_id, key_result_id, goal_id, value, done, percent, confidence, comment,
        author_id, token_id, idempotency_key, request_hash, at)
      select ${t}, kr.id, ${row.goalId}, ${row.value}::numeric, ${row.done}::boolean, ${row.percent}::numeric,
        ${row.confidence}, ${row.comment}, ${row.authorId}::uuid, ${row.tokenId}::uuid, ${row.idempotencyKey}::text,
        ${row.requestHash}::text, ${row.at}::timestamptz
      from kr
      returning *
    ), goal as (
      -- Progress is forgotten here, in the same row version, so the key_results trigger finds
      -- nothing left to write.
      update goals set last_check_in_at = greatest(coalesce(last_check_in_at, ${row.at}::timestamptz), ${row.at}::timestamptz),
        progress = null
      where tenant_id = ${t} and id = ${row.goalId} and exists (select 1 from kr)
    ), stale as (
      update alerts set status = 'resolved', resolved_on = ${row.staleResolvedOn}::date, updated_at = now()
      where tenant_id = ${t} and goal_id = ${row.goalId} and rule = 'stale' and status = 'open'
        and exists (select 1 from kr)
    ), audit as (
      ${auditRow(sql`c`)}
    )
    select ${CHECK_IN_COLUMNS} from c
    left join employees a on a.tenant_id = c.tenant_id and a.id = c.author_id
    left join api_tokens t on t.tenant_id = c.tenant_id and t.id = c.token_id`);
  return rowsOf<CheckInRow>(result)[0] ?? null;
}

/** Newest first, by id (ids grow with time). */
export async function listCheckIns(
  scope: TenantScope,
  filter: { keyResultIds: readonly string[]; beforeId: number | null; limit: number },
): Promise<CheckInRow[]> {
  if (filter.keyResultIds.length === 0) return [];
  const ids = uuidArray(filter.keyResultIds);
  const result = await scope.db.execute(sql`
    select ${CHECK_IN_COLUMNS} from check_ins c
    left join employees a on a.tenant_id = c.tenant_id and a.id = c.author_id
    left join api_tokens t on t.tenant_id = c.tenant_id and t.id = c.token_id
    where c.tenant_id = ${scope.tenantId} and c.key_result_id = any(${ids})
      ${filter.beforeId !== null ? sql`and c.id < ${filter.beforeId}` : sql``}
    order by c.id desc limit ${filter.limit}`);
  return rowsOf<CheckInRow>(result);
}

/** What replaying a KR's state needs of a check-in. */
export type CheckInPointRow = {
  key_result_id: string;
  value: string | number | null;
  done: boolean | null;
  percent: string | number | null;
  at: string;
};

/** A replayed check-in in the form core's keyResultMeasureAt takes. */
export function pointOf(row: CheckInPointRow) {
  return {
    at: new Date(row.at).toISOString(),
    value: row.value === null ? null : Number(row.value),
    done: row.done,
    percent: row.percent === null ? null : Number(row.percent),
  };
}

/**
 * For each KR, its last check-in before an instant: what "progress at a past date" replays.
 * One index probe per KR (kr, at) with the measure columns only, so the weekly snapshot of
 * 120,000 KRs never reads the whole history, and the cost grows with the KRs, not the check-ins.
 */
export async function latestCheckInsBefore(
  scope: TenantScope,
  keyResultIds: readonly string[],
  before: Date,
): Promise<CheckInPointRow[]> {
  if (keyResultIds.length === 0) return [];
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select k.id as key_result_id, c.value, c.done, c.percent, c.at::text as at
    from unnest(${uuidArray(keyResultIds)}) as k(id)
    cross join lateral (
      select c.value, c.done, c.percent, c.at from check_ins c
      where c.tenant_id = ${t} and c.key_result_id = k.id and c.at < ${before.toISOString()}::timestamptz
      order by c.at desc, c.id desc limit 1
    ) c`);
  return rowsOf<CheckInPointRow>(result);
}
