import {
  type AlertRule,
  alertNotice,
  decidePaceAlert,
  endOfDayInstant,
  expectedProgress,
  isStale,
  keyResultMeasureAt,
  type OpenedAlert,
  pace,
  type SnapshotRun,
  type WarningSettings,
  weightedProgress,
} from '@perfloop/core';
import { customPlans, type Db } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { AuditActor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { latestCheckInsBefore, pointOf } from '../goals/check-in.repository.ts';
import { krSpan, measureOf, progressOfRows } from '../goals/goal.progress.ts';
import { type KeyResultSpanRow, selectKeyResultSpans } from '../goals/key-result.repository.ts';
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
    await customPlans(tx);
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
  // Today's snapshot reads the current values; a past date replays the check-ins up to its end.
  const endOfDay = endOfDayInstant(date, timeZone);
  const before = endOfDay.getTime() < now.getTime() ? endOfDay : null;

  const written = await repo.insertSnapshots(scope, date, { cap: progressCap, before });
  const rolledUp = await snapshotRollUpGoals(scope, date, progressCap, before);

  // A week back-filled after a later one stores its numbers; the alerts stay as the latest
  // snapshot left them (an older week's pace must not resolve what a newer one opened).
  if (await repo.hasLaterRun(scope, SNAPSHOT_JOB, date))
    return {
      goals: written.goals + rolledUp.goals,
      keyResults: written.keyResults + rolledUp.keyResults,
      alertsOpened: 0,
      alertsResolved: 0,
    };
  const { toOpen, toResolve, settingsOf } = await decideAlerts(scope, date, tenantSettings);
  const opened = await alerts.insertAlerts(scope, date, toOpen);
  const resolved = await alerts.resolveAlerts(scope, toResolve, date);

  await notifyOpened(scope, date, now, publicUrl, opened, settingsOf);
  return {
    goals: written.goals + rolledUp.goals,
    keyResults: written.keyResults + rolledUp.keyResults,
    alertsOpened: opened.length,
    alertsResolved: resolved,
  };
}

/**
 * Tells the owner and the manager (the department head for a department goal) of the alerts
 * opened, one notice per person and rule (alertNotice: a digest when there are several), and
 * the company's chat groups one per rule.
 */
async function notifyOpened(
  scope: TenantScope,
  date: string,
  now: Date,
  publicUrl: string,
  opened: readonly alerts.OpenedAlertRow[],
  settingsOf: (cycleId: string) => WarningSettings,
) {
  if (opened.length === 0) return;
  const goals = new Map(
    (await repo.selectNoticeGoals(scope, [...new Set(opened.map((a) => a.goal_id))])).map((g) => [g.id, g]),
  );
  // Per rule, each recipient's alerts (maps keyed by id: 140,000 alerts at 100k people).
  const perRule = new Map<AlertRule, { all: OpenedAlert[]; byRecipient: Map<string, OpenedAlert[]> }>();
  const add = (byRecipient: Map<string, OpenedAlert[]>, recipientId: string | null, alert: OpenedAlert) => {
    if (!recipientId) return;
    const list = byRecipient.get(recipientId);
    if (list) list.push(alert);
    else byRecipient.set(recipientId, [alert]);
  };
  for (const a of opened) {
    const g = goals.get(a.goal_id);
    if (!g) continue;
    const alert: OpenedAlert = {
      alertId: a.id,
      rule: a.rule,
      goalId: g.id,
      goalTitle: g.title,
      ownerName: g.owner_name,
      pace: a.pace,
      staleDays: settingsOf(a.cycle_id).staleDays,
    };
    let ofRule = perRule.get(a.rule);
    if (!ofRule) {
      ofRule = { all: [], byRecipient: new Map() };
      perRule.set(a.rule, ofRule);
    }
    ofRule.all.push(alert);
    const owner = g.level === 'personal' ? g.owner_id : null;
    const manager = g.level === 'personal' ? g.owner_manager_id : g.department_head_id;
    add(ofRule.byRecipient, owner, alert);
    if (manager !== owner) add(ofRule.byRecipient, manager, alert);
  }
  const items: NotifyItem[] = [];
  for (const { byRecipient } of perRule.values())
    for (const [recipientId, list] of byRecipient) items.push({ recipientId, ...alertNotice(list, date) });
  await notify(scope, items, now, publicUrl);
  await announce(
    scope,
    [...perRule.values()].map(({ all }) => {
      const { event, params, link } = alertNotice(all, date);
      return { event, params, link };
    }),
    now,
    publicUrl,
  );
}

/**
 * The few open goals with a roll-up KR, whose progress follows the goals aligned to it (which may
 * be in other cycles or closed): computed by core from their KR tree, as the goal page does.
 */
async function snapshotRollUpGoals(
  scope: TenantScope,
  date: string,
  cap: number,
  before: Date | null,
): Promise<{ goals: number; keyResults: number }> {
  const goals = await repo.selectOpenRollUpGoals(scope, date);
  if (goals.length === 0) return { goals: 0, keyResults: 0 };
  const krRows = await selectKeyResultSpans(
    scope,
    goals.map((g) => g.id),
  );
  const latest = before
    ? new Map(
        (
          await latestCheckInsBefore(
            scope,
            krRows.map((k) => k.id),
            before,
          )
        ).map((c) => [c.key_result_id, c]),
      )
    : null;
  const progress = progressOfRows(krRows, cap, (kr) => {
    if (!latest || !before) return measureOf(kr);
    const c = latest.get(kr.id);
    return keyResultMeasureAt(measureOf(kr), c ? [pointOf(c)] : [], before);
  });
  const krsByGoal = new Map<string, KeyResultSpanRow[]>();
  for (const kr of krRows) {
    const list = krsByGoal.get(kr.goal_id);
    if (list) list.push(kr);
    else krsByGoal.set(kr.goal_id, [kr]);
  }
  const rows = goals.map((g): repo.GoalSnapshotWrite => {
    const own = (krsByGoal.get(g.id) ?? []).sort(
      (a, b) => a.position - b.position || a.id.localeCompare(b.id),
    );
    const expected = own.map((kr) => {
      const span = krSpan(kr);
      return expectedProgress(date, span.start, span.due);
    });
    let lastCheckInAt = before ? null : g.last_check_in_at;
    if (latest)
      for (const kr of own) {
        const at = latest.get(kr.id)?.at;
        if (at && (!lastCheckInAt || Date.parse(at) > Date.parse(lastCheckInAt))) lastCheckInAt = at;
      }
    return {
      goal_id: g.id,
      cycle_id: g.cycle_id,
      progress: progress.goals.get(g.id) ?? 0,
      expected: weightedProgress(own.map((kr, i) => ({ weightBp: kr.weight_bp, progress: expected[i]! }))),
      key_result_ids: own.map((kr) => kr.id),
      key_result_progress: own.map((kr) => progress.keyResults.get(kr.id) ?? 0),
      key_result_expected: expected,
      last_check_in_at: lastCheckInAt,
    };
  });
  await repo.insertGoalSnapshots(scope, date, rows);
  return { goals: rows.length, keyResults: rows.reduce((n, r) => n + r.key_result_ids.length, 0) };
}

/**
 * The pace and stale rules (core) over the goals that can have a decision, with each goal's
 * recent snapshots: which alerts to open and which to resolve.
 */
async function decideAlerts(
  scope: TenantScope,
  date: string,
  tenantSettings: WarningSettings & { timeZone: string },
) {
  const candidates = await repo.selectAlertCandidates(scope, date, tenantSettings);
  const overrides = new Map(candidates.map((g) => [g.cycle_id, g.warning_settings]));
  const settingsCache = new Map<string, WarningSettings>();
  const settingsOf = (cycleId: string): WarningSettings => {
    let settings = settingsCache.get(cycleId);
    if (!settings) {
      const override = overrides.get(cycleId);
      settings = {
        paceThreshold: override?.paceThreshold ?? tenantSettings.paceThreshold,
        consecutiveSnapshots: override?.consecutiveSnapshots ?? tenantSettings.consecutiveSnapshots,
        staleDays: override?.staleDays ?? tenantSettings.staleDays,
      };
      settingsCache.set(cycleId, settings);
    }
    return settings;
  };
  const toOpen: alerts.AlertInsert[] = [];
  const toResolve: string[] = [];
  for (const g of candidates) {
    const settings = settingsOf(g.cycle_id);
    const progress = Number(g.progress);
    const expected = Number(g.expected);
    const alert = (rule: AlertRule): alerts.AlertInsert => ({
      goal_id: g.goal_id,
      cycle_id: g.cycle_id,
      rule,
      progress,
      expected,
      pace: pace(progress, expected),
      last_check_in_on: g.last_check_in_on,
    });
    // decidePaceAlert orders them and reads the last run of this cycle's length (only the date's
    // snapshot while a pace alert is open).
    const history = g.history
      ? g.history.map(([on, p, e]) => ({ date: on, progress: Number(p), expected: Number(e) }))
      : [{ date, progress, expected }];
    const decision = decidePaceAlert(history, !!g.pace_alert_id, settings);
    if (decision === 'open') toOpen.push(alert('pace'));
    else if (decision === 'resolve') toResolve.push(g.pace_alert_id!);

    const openedDate = g.approved_on && g.approved_on > g.cycle_start ? g.approved_on : g.cycle_start;
    const stale = isStale({
      lastCheckInDate: g.last_check_in_on,
      openedDate,
      onDate: date,
      staleDays: settings.staleDays,
    });
    if (stale && !g.stale_alert_id) toOpen.push(alert('stale'));
    else if (!stale && g.stale_alert_id) toResolve.push(g.stale_alert_id);
  }
  return { toOpen, toResolve, settingsOf };
}
