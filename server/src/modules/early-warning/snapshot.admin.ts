import type { SnapshotRun } from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import { type Actor, forbid, isTenantAdmin } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { loadVisibleGoal, todayOf } from '../goals/goal.service.ts';
import * as repo from './snapshot.repository.ts';
import { runWeeklySnapshot, SNAPSHOT_JOB, toRun } from './snapshot.service.ts';

/** HR runs the weekly snapshot for a date (back-filling, or a week the server missed). */
export async function runSnapshotNow(ctx: AppContext, actor: Actor, date: string): Promise<SnapshotRun> {
  if (!isTenantAdmin(actor)) forbid();
  if (date > todayOf(ctx, actor))
    throw new AppError('validation.failed', undefined, [
      { path: 'body.date', code: 'future_date', message: 'a snapshot cannot be taken of a future date' },
    ]);
  return runWeeklySnapshot(
    { db: ctx.database.db, now: ctx.clock(), publicUrl: ctx.config.publicUrl },
    actor.tenant.id,
    date,
    'manual',
    actor,
  );
}

export async function listSnapshotRuns(ctx: AppContext, actor: Actor): Promise<SnapshotRun[]> {
  if (!isTenantAdmin(actor)) forbid();
  const rows = await repo.findJobRuns(new TenantScope(ctx.database.db, actor.tenant.id), SNAPSHOT_JOB, 60);
  return rows.map((row) => toRun(row, true));
}

/** The weekly p and e of one goal the caller may see and of its key results, oldest first. */
export async function goalSnapshots(ctx: AppContext, actor: Actor, goalId: string) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  await loadVisibleGoal(ctx, scope, actor, goalId);
  return (await repo.selectGoalSnapshots(scope, goalId)).map((s) => ({
    date: s.date,
    progress: Number(s.progress),
    expected: Number(s.expected),
    keyResults: s.key_result_ids.map((id, i) => ({
      id,
      progress: Number(s.key_result_progress[i]),
      expected: Number(s.key_result_expected[i]),
    })),
  }));
}
