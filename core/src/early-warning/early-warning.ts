import { dayNumber, isBehindPace, pace } from '../goals/progress.ts';

/**
 * Early warning (预警, domain.md §3) as pure decisions over weekly snapshots. The snapshot job
 * (issue 4) stores p and e per goal; these functions say which alerts open and which resolve.
 */
export type WarningSettings = {
  /** Pace below this opens an alert (default 0.8). */
  paceThreshold: number;
  /** … at this many consecutive weekly snapshots (default 2). */
  consecutiveSnapshots: number;
  /** No check-in on an open goal for this many days opens a stale alert (default 14). */
  staleDays: number;
};

export const DEFAULT_WARNING_SETTINGS: WarningSettings = {
  paceThreshold: 0.8,
  consecutiveSnapshots: 2,
  staleDays: 14,
};

export type GoalSnapshot = { date: string; progress: number; expected: number };

/** Whether a snapshot is behind: pace p / e below the threshold. Nothing expected yet (e = 0) is never behind. */
export function isBehind(snapshot: GoalSnapshot, threshold: number): boolean {
  return isBehindPace(pace(snapshot.progress, snapshot.expected), threshold);
}

/**
 * The pace rule after the latest snapshot: `open` when the last N snapshots (by date) are all
 * behind and no alert is open; `resolve` when an alert is open and the latest snapshot is at or
 * above the threshold; otherwise nothing. A snapshot with e = 0 breaks a run.
 */
export function decidePaceAlert(
  snapshots: readonly GoalSnapshot[],
  hasOpenAlert: boolean,
  settings: Pick<WarningSettings, 'paceThreshold' | 'consecutiveSnapshots'> = DEFAULT_WARNING_SETTINGS,
): 'open' | 'resolve' | null {
  if (snapshots.length === 0) return null;
  const ordered = [...snapshots].sort((a, b) => dayNumber(a.date) - dayNumber(b.date));
  const latest = ordered[ordered.length - 1]!;
  if (hasOpenAlert) {
    const p = pace(latest.progress, latest.expected);
    return p !== null && p >= settings.paceThreshold ? 'resolve' : null;
  }
  const run = ordered.slice(-settings.consecutiveSnapshots);
  if (run.length < settings.consecutiveSnapshots) return null;
  return run.every((s) => isBehind(s, settings.paceThreshold)) ? 'open' : null;
}

/** The stale rule: an open goal without a check-in (or since it opened) for at least D days. */
export function isStale(input: {
  lastCheckInDate: string | null;
  openedDate: string;
  onDate: string;
  staleDays: number;
}): boolean {
  const since = input.lastCheckInDate ?? input.openedDate;
  return dayNumber(input.onDate) - dayNumber(since) >= input.staleDays;
}

/**
 * Gap analysis (绩效改进分析表, §4): gap = actual − target, and as a share of the target (null
 * when the target is 0). 客户投诉处理率 target 95, actual 88 → gap −7, −7.37%.
 */
export function computeGap(target: number, actual: number): { gap: number; gapRatio: number | null } {
  const gap = Number((actual - target).toPrecision(12));
  return { gap, gapRatio: target === 0 ? null : gap / target };
}

/** An alert a snapshot opened, as its notice names it. */
export type OpenedAlert = {
  alertId: string;
  rule: 'pace' | 'stale';
  goalId: string;
  goalTitle: string;
  ownerName: string | null;
  pace: number | null;
  staleDays: number;
};

const byTitle = new Intl.Collator('zh-CN');

/** Lowest pace first (for the pace rule), then by title in Chinese order, then by goal id. */
function noticeOrder(a: OpenedAlert, b: OpenedAlert): number {
  if (a.rule === 'pace' && a.pace !== b.pace)
    return (a.pace ?? Number.POSITIVE_INFINITY) - (b.pace ?? Number.POSITIVE_INFINITY);
  return (
    byTitle.compare(a.goalTitle, b.goalTitle) || (a.goalId < b.goalId ? -1 : a.goalId > b.goalId ? 1 : 0)
  );
}

/**
 * One notice for the alerts of one rule a snapshot opened for one recipient (or one chat group):
 * a single alert names its goal and links to it; several are one digest naming the furthest
 * behind (lowest pace; for stale, the first by title) with their count, linking to the alerts
 * list. A manager whose team has eight goals behind gets one message, not eight.
 */
export function alertNotice(alerts: readonly OpenedAlert[], date: string) {
  // One pass for the first in that order, not a sort: a chat group's digest of a 100k company's
  // snapshot covers 140,000 alerts.
  let first = alerts[0];
  if (!first) throw new Error('alertNotice: no alerts');
  for (const a of alerts) if (noticeOrder(a, first) < 0) first = a;
  const event = first.rule === 'pace' ? ('alert.pace' as const) : ('alert.stale' as const);
  if (alerts.length === 1)
    return {
      event,
      params: {
        goalTitle: first.goalTitle,
        ownerName: first.ownerName ?? undefined,
        pace: first.pace,
        staleDays: first.staleDays,
      },
      link: `/goals/${first.goalId}`,
      dedupeKey: `alert:${first.alertId}`,
    };
  return {
    event,
    params: { goalTitle: first.goalTitle, count: alerts.length, staleDays: first.staleDays },
    link: '/alerts',
    dedupeKey: `alerts:${date}:${first.rule}`,
  };
}
