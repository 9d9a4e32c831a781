import {
  type CheckIn,
  type CheckInBody,
  endOfDayInstant,
  expectedProgress,
  keyResultMeasureAt,
  keyResultProgress,
  measureOfKeyResult,
  weightedProgress,
} from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { sha256 } from '../../shared/crypto.ts';
import { uniqueViolationOf } from '../../shared/pg-errors.ts';
import * as repo from './check-in.repository.ts';
import { assertCan, canCheckIn, NO_RELATION } from './goal.policy.ts';
import { krSpan, measureOf, progressOfRows } from './goal.progress.ts';
import { findGoalRelation } from './goal.repository.ts';
import { assertGoalVisible, loadVisibleGoal, todayOf } from './goal.service.ts';
import { selectKeyResultsForProgress } from './key-result.repository.ts';

function toCheckIn(row: repo.CheckInRow, progress: number): CheckIn {
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  return {
    id: String(row.id),
    keyResultId: row.key_result_id,
    goalId: row.goal_id,
    value: num(row.value),
    done: row.done,
    percent: num(row.percent),
    progress,
    confidence: row.confidence,
    comment: row.comment,
    authorId: row.author_id,
    authorName: row.author_name,
    at: new Date(row.at).toISOString(),
  };
}

/**
 * Records a check-in (§2): never overwrites history. With an Idempotency-Key a repeated request
 * returns the first result (`replayed`), and the same key with a different body is refused.
 *
 * The key result is read, the check-in decided on it, and applied in one statement only if the
 * row has not changed since (applyCheckIn): no transaction, two round trips. A check-in that lost
 * that race twice (others checking in on the same KR at the same moment) reads it FOR UPDATE in a
 * transaction and so waits its turn.
 */
export async function createCheckIn(
  ctx: AppContext,
  actor: Actor,
  target: { id: string } | { externalKey: string },
  body: CheckInBody,
  idempotencyKey: string | null,
  requestId: string,
): Promise<{ checkIn: CheckIn; replayed: boolean }> {
  const scope0 = new TenantScope(ctx.database.db, actor.tenant.id);
  const attempt = async (scope: TenantScope, lock: boolean) => {
    const kr = await repo.selectKeyResultToCheckIn(scope, actor, target, lock);
    if (!kr) throw new AppError('not_found');
    const requestHash = idempotencyKey ? sha256(JSON.stringify({ kr: kr.id, body })) : null;
    if (idempotencyKey) {
      const earlier = await repo.findCheckInByKey(scope, idempotencyKey);
      if (earlier) {
        if (earlier.request_hash !== requestHash) throw new AppError('idempotency.conflict');
        return { row: earlier, kr, replayed: true };
      }
    }
    // Visibility first (404), then the right to check in (403). The owner and the KR's owner
    // need no look-up of the reporting line and the department chain.
    if (!kr.visible) throw new AppError('not_found');
    const facts = { level: kr.goal_level, ownerId: kr.goal_owner_id };
    if (!canCheckIn(actor, facts, NO_RELATION, kr.owner_id))
      assertCan(canCheckIn(actor, facts, await findGoalRelation(scope, actor, kr.goal_id), kr.owner_id));
    if (kr.cycle_status === 'closed') throw new AppError('cycle.closed');
    if (kr.goal_status !== 'approved') throw new AppError('goal.not_approved');
    if (kr.kind === 'metric' && body.value === undefined) throw fieldError('body.value', 'required');
    if (kr.kind === 'milestone' && body.done === undefined && body.percent === undefined)
      throw fieldError('body.done', 'required');
    const state = {
      value: kr.kind === 'metric' ? (body.value ?? null) : null,
      done: kr.kind === 'milestone' ? (body.done ?? null) : null,
      percent: kr.kind === 'milestone' ? (body.percent ?? null) : null,
      confidence: body.confidence,
      // Read after the key result: a check-in applied after another one is later than it.
      at: ctx.clock().toISOString(),
    };
    // The check-in table is the KR's history; the audit log records the change to the goal as well (§11).
    const audit: repo.CheckInAudit = {
      actor,
      requestId,
      before: {
        currentValue: kr.current_value,
        done: kr.done,
        manualPercent: kr.manual_percent,
        confidence: kr.confidence,
      },
      after: { ...state, comment: body.comment },
    };
    const row = await repo.applyCheckIn(
      scope,
      {
        keyResultId: kr.id,
        goalId: kr.goal_id,
        ...state,
        comment: body.comment,
        authorId: actor.employeeId,
        tokenId: actor.tokenId,
        idempotencyKey,
        requestHash,
        rowVersion: kr.row_version,
        staleResolvedOn: todayOf(ctx, actor),
      },
      audit,
    );
    return row ? { row, kr, replayed: false } : null;
  };
  const run = async () => {
    for (let lost = 0; ; lost++) {
      const applied =
        lost < 2
          ? await attempt(scope0, false)
          : await ctx.database.db.transaction((tx) => attempt(scope0.with(tx), true));
      if (applied) return applied;
    }
  };
  const { row, kr, replayed } = await run().catch(async (error: unknown) => {
    // Two requests with one key raced past the lookup: the loser answers with the winner's result.
    if (idempotencyKey && uniqueViolationOf(error) === 'check_ins_tenant_idem_uq') return run();
    throw error;
  });
  const measure = measureOf(kr);
  const progress = keyResultProgress(
    measure.kind === 'metric'
      ? { ...measure, currentValue: row.value === null ? measure.currentValue : Number(row.value) }
      : {
          ...measure,
          done: row.done ?? measure.done,
          manualPercent: row.percent === null ? measure.manualPercent : Number(row.percent),
        },
  );
  return { checkIn: toCheckIn(row, progress), replayed };
}

export async function listCheckIns(
  ctx: AppContext,
  actor: Actor,
  keyResultId: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const kr = await loadVisibleKeyResult(ctx, scope, actor, keyResultId);
  const beforeId = query.cursor ? Number(query.cursor) : null;
  if (beforeId !== null && !Number.isSafeInteger(beforeId))
    throw fieldError('querystring.cursor', 'invalid_value');
  const rows = await repo.listCheckIns(scope, {
    keyResultIds: [keyResultId],
    beforeId,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const items = page.map((row) => toCheckIn(row, progressOfValue(kr.measure, row)));
  return { items, nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.id) : null };
}

function progressOfValue(measure: ReturnType<typeof measureOf>, row: repo.CheckInRow) {
  return keyResultProgress(
    measure.kind === 'metric'
      ? { ...measure, currentValue: row.value === null ? measure.startValue : Number(row.value) }
      : {
          ...measure,
          done: row.done ?? false,
          manualPercent: row.percent === null ? null : Number(row.percent),
        },
  );
}

async function loadVisibleKeyResult(ctx: AppContext, scope: TenantScope, actor: Actor, keyResultId: string) {
  // The key result's goal is found in the goal's statement: one round trip, not two.
  const goal = await loadVisibleGoal(ctx, scope, actor, { keyResultId });
  const kr = goal.keyResults.find((k) => k.id === keyResultId)!;
  return { goal, keyResult: kr, measure: measureOfKeyResult(kr) };
}

/** One key result with its goal and its recent check-ins. */
export async function getKeyResult(ctx: AppContext, actor: Actor, keyResultId: string) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const { goal, keyResult, measure } = await loadVisibleKeyResult(ctx, scope, actor, keyResultId);
  const rows = await repo.listCheckIns(scope, { keyResultIds: [keyResultId], beforeId: null, limit: 10 });
  return {
    keyResult,
    goal: {
      id: goal.id,
      title: goal.title,
      status: goal.status,
      ownerName: goal.ownerName,
      cycleName: goal.cycleName,
    },
    recentCheckIns: rows.map((row) => toCheckIn(row, progressOfValue(measure, row))),
  };
}

/**
 * Progress of a goal as it stood at the end of a past date (tenant time zone), replayed from
 * check-ins (§2), including goals that roll up into it.
 */
export async function goalProgressAt(ctx: AppContext, actor: Actor, goalId: string, date: string) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  await assertGoalVisible(scope, actor, goalId);
  const settings = actor.tenant.goalSettings;
  const krRows = await selectKeyResultsForProgress(scope, [goalId]);
  const instant = endOfDayInstant(date, actor.tenant.timeZone);
  const latest = await repo.latestCheckInsBefore(
    scope,
    krRows.map((k) => k.id),
    instant,
  );
  const byKr = new Map(latest.map((c) => [c.key_result_id, c]));
  const point = (kr: (typeof krRows)[number]) => {
    const c = byKr.get(kr.id);
    return c ? [repo.pointOf(c)] : [];
  };
  const progress = progressOfRows(krRows, settings.progressCap, (kr) =>
    keyResultMeasureAt(measureOf(kr), point(kr), instant),
  );
  const own = krRows.filter((kr) => kr.goal_id === goalId);
  const keyResults = own.map((kr) => {
    const measure = keyResultMeasureAt(measureOf(kr), point(kr), instant);
    const span = krSpan(kr);
    return {
      id: kr.id,
      value: measure.kind === 'metric' ? measure.currentValue : null,
      done: measure.kind === 'milestone' ? measure.done : false,
      progress: progress.keyResults.get(kr.id) ?? 0,
      expected: expectedProgress(date, span.start, span.due),
    };
  });
  return {
    goalId,
    date,
    progress: progress.goals.get(goalId) ?? 0,
    expected: weightedProgress(
      own.map((kr, i) => ({ weightBp: kr.weight_bp, progress: keyResults[i]!.expected })),
    ),
    keyResults,
  };
}
