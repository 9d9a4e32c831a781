import {
  dateInTimeZone,
  decidePaceAlert,
  endOfDayInstant,
  expectedProgress,
  isStale,
  keyResultMeasureAt,
  pace,
  type SnapshotRun,
  type WarningSettings,
  weightedProgress,
} from '@perfloop/core';
import type { Db } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { AuditActor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { latestCheckInsBefore, pointOf } from '../goals/check-in.repository.ts';
import { krSpan, measureOf, progressOfRows } from '../goals/goal.progress.ts';
import { selectKeyResultSpans } from '../goals/goal.repository.ts';
import { announce, type NotifyItem, notify } from '../notifications/notification.service.ts';
import { findFollowThroughSettings, findGoalSettings } from '../settings/settings.repository.ts';
import * as alerts from './alert.repository.ts';
import * as repo from './snapshot.repository.ts';

export const SNAPSHOT_JOB = 'weekly_snapshot';

type Stats = { goals: number; keyResults: number; alertsOpened: number; alertsResolved: number };

export function toRun(row: repo.JobRunRow, alreadyRun: boolean): SnapshotRun {
  return {
    date: row.run_key,
    status: 'done',
    trigger: row.trigger,
    goals: row.stats.goals ?? 0,
    keyResults: row.stats.keyResults ?? 0,
    alertsOpened: row.stats.alertsOpened ?? 0,
    alertsResolved: row.stats.alertsResolved ?? 0,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: new Date(row.finished_at ?? row.started_at).toISOString(),
    alreadyRun,
  };
}

const dayOf = (instant: string | null, timeZone: string) =>
  instant ? dateInTimeZone(new Date(instant), timeZone) : null;

/**
 * The weekly snapshot of one tenant for one date (§3): stores p and e of every open goal and KR,
 * then applies the pace and stale rules, opening and resolving alerts and notifying the owner
 * and the manager. One transaction; the job_runs claim makes it run once per tenant and date,
 * whichever process or person starts it (a second run reports the first).
 *
 * For a past date, progress is replayed from the check-ins made up to the end of that day, so a
 * back-filled week reads as it stood then.
 */
export async function runWeeklySnapshot(
  env: { db: Db; now: Date; publicUrl: string },
  tenantId: string,
  date: string,
  trigger: 'schedule' | 'manual',
  actor?: AuditActor,
): Promise<SnapshotRun> {
  return env.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, tenantId);
    if (!(await repo.claimJobRun(scope, SNAPSHOT_JOB, date, trigger))) {
      const [existing] = await repo.findJobRuns(scope, SNAPSHOT_JOB, 1, date);
      return toRun(existing!, true);
    }
    const stats = await snapshotAndEvaluate(scope, date, env.now, env.publicUrl);
    await repo.finishJobRun(scope, SNAPSHOT_JOB, date, stats, env.now);
    if (actor)
      await recordAudit(scope, actor, {
        action: 'snapshot.run',
        entityType: 'snapshot',
        entityId: date,
        after: stats,
      });
    const [row] = await repo.findJobRuns(scope, SNAPSHOT_JOB, 1, date);
    return toRun(row!, false);
  });
}

async function snapshotAndEvaluate(
  scope: TenantScope,
  date: string,
  now: Date,
  publicUrl: string,
): Promise<Stats> {
  const tenantSettings = await findFollowThroughSettings(scope.db, scope.tenantId);
  const { progressCap } = await findGoalSettings(scope.db, scope.tenantId);
  const timeZone = tenantSettings.timeZone;
  const goals = await repo.selectOpenGoals(scope, date);
  const krRows = await selectKeyResultSpans(
    scope,
    goals.map((g) => g.id),
  );

  // Today's snapshot reads the current values; a past date replays the check-ins up to its end.
  const endOfDay = endOfDayInstant(date, timeZone);
  const replay = endOfDay.getTime() < now.getTime();
  const latest = replay
    ? new Map(
        (
          await latestCheckInsBefore(
            scope,
            krRows.map((k) => k.id),
            endOfDay,
          )
        ).map((c) => [c.key_result_id, c]),
      )
    : null;
  const progress = progressOfRows(krRows, progressCap, (kr) => {
    if (!latest) return measureOf(kr);
    const c = latest.get(kr.id);
    const points = c ? [pointOf(c)] : [];
    return keyResultMeasureAt(measureOf(kr), points, endOfDay);
  });

  const goalIds = new Set(goals.map((g) => g.id));
  const own = krRows.filter((kr) => goalIds.has(kr.goal_id));
  // KRs mostly share their cycle's span: compute each span's expected progress once.
  const expectedOf = new Map<string, number>();
  const krSnapshots = own.map((kr) => {
    const span = krSpan(kr);
    const key = `${span.start}|${span.due}`;
    let expected = expectedOf.get(key);
    if (expected === undefined) {
      expected = expectedProgress(date, span.start, span.due);
      expectedOf.set(key, expected);
    }
    return {
      key_result_id: kr.id,
      goal_id: kr.goal_id,
      progress: progress.keyResults.get(kr.id) ?? 0,
      expected,
    };
  });
  const krsByGoal = new Map<string, { weightBp: number; progress: number }[]>();
  own.forEach((kr, i) => {
    const list = krsByGoal.get(kr.goal_id) ?? [];
    list.push({ weightBp: kr.weight_bp, progress: krSnapshots[i]!.expected });
    krsByGoal.set(kr.goal_id, list);
  });
  const goalSnapshots = goals.map((g) => ({
    goal_id: g.id,
    cycle_id: g.cycle_id,
    progress: progress.goals.get(g.id) ?? 0,
    expected: weightedProgress(krsByGoal.get(g.id) ?? []),
  }));
  await repo.upsertGoalSnapshots(scope, date, goalSnapshots);
  await repo.upsertKeyResultSnapshots(scope, date, krSnapshots);

  // Last check-in per goal as of the date: the goal's own column today, the replayed check-ins for a past date.
  const lastCheckIn = new Map<string, string>();
  if (latest) {
    // The latest instant per goal first, then one time-zone conversion per goal, not per KR.
    const latestAt = new Map<string, number>();
    for (const kr of own) {
      const c = latest.get(kr.id);
      const at = c ? new Date(c.at).getTime() : Number.NaN;
      if (at > (latestAt.get(kr.goal_id) ?? Number.NEGATIVE_INFINITY)) latestAt.set(kr.goal_id, at);
    }
    for (const [goalId, at] of latestAt) lastCheckIn.set(goalId, dateInTimeZone(new Date(at), timeZone));
  } else {
    for (const g of goals) {
      const day = dayOf(g.last_check_in_at, timeZone);
      if (day) lastCheckIn.set(g.id, day);
    }
  }

  const settingsOf = (g: repo.SnapshotGoalRow): WarningSettings => ({
    paceThreshold: g.warning_settings?.paceThreshold ?? tenantSettings.paceThreshold,
    consecutiveSnapshots: g.warning_settings?.consecutiveSnapshots ?? tenantSettings.consecutiveSnapshots,
    staleDays: g.warning_settings?.staleDays ?? tenantSettings.staleDays,
  });
  // A loop, not Math.max(...list): spreading 400,000 goals as arguments overflows the stack (100k bench).
  let runLength = 1;
  for (const g of goals) runLength = Math.max(runLength, settingsOf(g).consecutiveSnapshots);
  const history = new Map<string, { date: string; progress: number; expected: number }[]>();
  for (const s of await repo.selectRecentSnapshots(scope, [...goalIds], date, runLength)) {
    const list = history.get(s.goal_id) ?? [];
    list.push({ date: s.date, progress: Number(s.progress), expected: Number(s.expected) });
    history.set(s.goal_id, list);
  }
  const open = new Map(
    (await alerts.selectOpenAlerts(scope, [...goalIds])).map((a) => [`${a.goal_id}|${a.rule}`, a.id]),
  );

  const toOpen: alerts.AlertInsert[] = [];
  const toResolve: string[] = [];
  const snapshotOf = new Map(goalSnapshots.map((s) => [s.goal_id, s]));
  for (const g of goals) {
    const settings = settingsOf(g);
    const snap = snapshotOf.get(g.id)!;
    const paceAlert = open.get(`${g.id}|pace`);
    const recent = (history.get(g.id) ?? []).sort((a, b) => a.date.localeCompare(b.date));
    const decision = decidePaceAlert(recent.slice(-settings.consecutiveSnapshots), !!paceAlert, settings);
    if (decision === 'open')
      toOpen.push({
        goal_id: g.id,
        cycle_id: g.cycle_id,
        rule: 'pace',
        progress: snap.progress,
        expected: snap.expected,
        pace: pace(snap.progress, snap.expected),
        last_check_in_on: lastCheckIn.get(g.id) ?? null,
      });
    else if (decision === 'resolve') toResolve.push(paceAlert!);

    const approvedOn = dayOf(g.approved_at, timeZone);
    const openedDate = approvedOn && approvedOn > g.cycle_start ? approvedOn : g.cycle_start;
    const stale = isStale({
      lastCheckInDate: lastCheckIn.get(g.id) ?? null,
      openedDate,
      onDate: date,
      staleDays: settings.staleDays,
    });
    const staleAlert = open.get(`${g.id}|stale`);
    if (stale && !staleAlert)
      toOpen.push({
        goal_id: g.id,
        cycle_id: g.cycle_id,
        rule: 'stale',
        progress: snap.progress,
        expected: snap.expected,
        pace: pace(snap.progress, snap.expected),
        last_check_in_on: lastCheckIn.get(g.id) ?? null,
      });
    else if (!stale && staleAlert) toResolve.push(staleAlert);
  }
  const opened = await alerts.insertAlerts(scope, date, toOpen);
  const resolved = await alerts.resolveAlerts(scope, toResolve, date);

  // Notify the owner and the manager (the department head for a department goal).
  const goalById = new Map(goals.map((g) => [g.id, g]));
  const items: NotifyItem[] = [];
  const messages: Parameters<typeof announce>[1][number][] = [];
  for (const a of opened) {
    const g = goalById.get(a.goal_id)!;
    const snap = snapshotOf.get(g.id)!;
    const event = a.rule === 'pace' ? ('alert.pace' as const) : ('alert.stale' as const);
    const params = {
      goalTitle: g.title,
      ownerName: g.owner_name ?? undefined,
      pace: pace(snap.progress, snap.expected),
      staleDays: settingsOf(g).staleDays,
    };
    const link = `/goals/${g.id}`;
    const recipients = new Set(
      [
        g.level === 'personal' ? g.owner_id : null,
        g.level === 'personal' ? g.owner_manager_id : g.department_head_id,
      ].filter((id): id is string => !!id),
    );
    for (const recipientId of recipients)
      items.push({ recipientId, event, params, link, dedupeKey: `alert:${a.id}` });
    messages.push({ event, params, link });
  }
  await notify(scope, items, now, publicUrl);
  await announce(scope, messages, now, publicUrl);
  return {
    goals: goalSnapshots.length,
    keyResults: krSnapshots.length,
    alertsOpened: opened.length,
    alertsResolved: resolved,
  };
}
