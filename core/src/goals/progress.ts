/**
 * Key-result and goal progress (domain.md §2) and expected progress (§3). Pure: time is a
 * parameter, nothing here reads a clock.
 */

/** 100% as basis points (hundredths of a percent). Weights are stored in these. */
export const FULL_WEIGHT_BP = 10_000;
/** Over-achievement counts as at most this much when rolled up (configurable per tenant). */
export const DEFAULT_PROGRESS_CAP = 1;

export const KR_DIRECTIONS = ['increase', 'decrease', 'at_least', 'at_most'] as const;
export type KrDirection = (typeof KR_DIRECTIONS)[number];
export const KR_KINDS = ['metric', 'milestone'] as const;
export type KrKind = (typeof KR_KINDS)[number];

export type KrMeasure =
  | { kind: 'metric'; startValue: number; targetValue: number; currentValue: number; direction: KrDirection }
  | { kind: 'milestone'; done: boolean; manualPercent: number | null };

/**
 * p = (c − s) / (t − s), which also works when the target is below the start. Where t = s
 * the KR is binary: 1 once c meets t in the stated direction, else 0. Below 0 counts as 0;
 * above 1 is kept (over-achievement).
 */
export function keyResultProgress(kr: KrMeasure): number {
  if (kr.kind === 'milestone') {
    if (kr.done) return 1;
    return kr.manualPercent === null ? 0 : clamp(kr.manualPercent / 100, 0, 1);
  }
  const { startValue: s, targetValue: t, currentValue: c } = kr;
  if (t === s) {
    const lowerIsBetter = kr.direction === 'at_most' || kr.direction === 'decrease';
    return (lowerIsBetter ? c <= t : c >= t) ? 1 : 0;
  }
  return Math.max(0, (c - s) / (t - s));
}

/** Σ(w · min(p, cap)) / Σw over the key results of one goal; 0 for a goal without weight. */
export function weightedProgress(
  parts: readonly { weightBp: number; progress: number }[],
  cap = DEFAULT_PROGRESS_CAP,
): number {
  let weighted = 0;
  let total = 0;
  for (const part of parts) {
    weighted += part.weightBp * Math.min(Math.max(part.progress, 0), cap);
    total += part.weightBp;
  }
  return total === 0 ? 0 : weighted / total;
}

export function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

/**
 * A ratio as a percentage rounded half-up to one decimal (1/3 → 33.3). The product is first
 * cut to 12 significant digits so binary noise (0.145 · 1000 = 144.99999…) cannot flip the
 * rounding of a value that is exactly on the half.
 */
export function roundPercent(ratio: number): number {
  const tenths = Number((ratio * 1000).toPrecision(12));
  const rounded = Math.sign(tenths) * Math.floor(Math.abs(tenths) + 0.5);
  return rounded / 10 + 0; // + 0 turns −0 into 0
}

export function formatPercent(ratio: number): string {
  return `${roundPercent(ratio).toFixed(1)}%`;
}

/** A weight in basis points as the percentage people read: 4000 → "40", 6999 → "69.99". */
export function formatWeight(weightBp: number): string {
  const whole = Math.trunc(weightBp / 100);
  const cents = Math.abs(weightBp % 100);
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * "40", "69.99", "40%", "12.5 %" → basis points, exactly (no float arithmetic). Null when the
 * text is not a percentage with at most two decimals between 0 and 100.
 */
export function parseWeightPercent(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*[%％]?\s*$/.exec(text);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= FULL_WEIGHT_BP ? bp : null;
}

const DAY_MS = 86_400_000;

/** The number written by `length` ASCII digits of `text` from `start` (NaN if one is not a digit). */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Days since 1970-01-01 for a YYYY-MM-DD date (calendar arithmetic, no time zone). Read digit by
 * digit: splitting the string was most of the time of expected progress, which lists of goals
 * compute four dates a key result.
 */
export function dayNumber(isoDate: string): number {
  return Date.UTC(digits(isoDate, 0, 4), digits(isoDate, 5, 2) - 1, digits(isoDate, 8, 2)) / DAY_MS;
}

export function addDays(isoDate: string, days: number): string {
  return new Date((dayNumber(isoDate) + days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Expected progress e(d) = clamp((d − start) / (due − start), 0, 1), in whole days. When due
 * equals start the whole KR is expected on that day.
 */
export function expectedProgress(onDate: string, startDate: string, dueDate: string): number {
  const span = dayNumber(dueDate) - dayNumber(startDate);
  const elapsed = dayNumber(onDate) - dayNumber(startDate);
  if (span <= 0) return elapsed >= 0 ? 1 : 0;
  return clamp(elapsed / span, 0, 1);
}

/** Pace = p / e where e > 0; null before anything is expected. */
export function pace(progress: number, expected: number): number | null {
  return expected > 0 ? progress / expected : null;
}

/**
 * Behind pace: p / e below the company's threshold (§3, configurable per tenant and per cycle).
 * Nothing expected yet (no pace) is never behind. Pages show this flag; they never compare with a
 * threshold of their own.
 */
export function isBehindPace(paceValue: number | null, threshold: number): boolean {
  return paceValue !== null && paceValue < threshold;
}

/** The pace threshold that applies in a cycle: the cycle's own when it sets one, else the company's. */
export function paceThresholdOf(
  tenantThreshold: number,
  cycleOverride: { paceThreshold?: number | null | undefined } | null | undefined,
): number {
  return cycleOverride?.paceThreshold ?? tenantThreshold;
}

/**
 * A KR's span for expected progress (§3): from its start date (default the cycle start) to its due
 * date (default the goal's, then the cycle end). Where SQL takes the same defaults (the weekly
 * snapshot), a test checks it against this.
 */
export function keyResultSpan(input: {
  startDate: string | null;
  dueDate: string | null;
  goalDueDate: string | null;
  cycleStart: string;
  cycleEnd: string;
}): { start: string; due: string } {
  return {
    start: input.startDate ?? input.cycleStart,
    due: input.dueDate ?? input.goalDueDate ?? input.cycleEnd,
  };
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl.DateTimeFormat costs far more than using one: one per kind and zone, kept. */
function formatter(kind: 'date' | 'dateTime', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(kind === 'dateTime' && {
        hourCycle: 'h23',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
    });
    formatters.set(key, format);
  }
  return format;
}

export function dateInTimeZone(instant: Date, timeZone: string): string {
  const parts = formatter('date', timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The first instant after the calendar date ends in a time zone (exclusive upper bound). */
export function endOfDayInstant(isoDate: string, timeZone: string): Date {
  const nextMidnightUtc = (dayNumber(isoDate) + 1) * DAY_MS;
  // Offset of the zone at that moment, read back through Intl (handles DST zones too).
  const asLocal = new Date(nextMidnightUtc);
  const parts = formatter('dateTime', timeZone).formatToParts(asLocal);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const localAsUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const offset = localAsUtc - nextMidnightUtc;
  return new Date(nextMidnightUtc - offset);
}

export type CheckInPoint = { at: string; value: number | null; done: boolean | null; percent: number | null };

/**
 * The state of a key result at an instant, replayed from its check-ins: the last check-in at
 * or before the instant wins; before any check-in the KR is at its start.
 */
export function keyResultMeasureAt(
  kr: KrMeasure,
  checkIns: readonly CheckInPoint[],
  instant: Date,
): KrMeasure {
  const limit = instant.getTime();
  let latest: CheckInPoint | null = null;
  for (const c of checkIns) {
    const t = Date.parse(c.at);
    if (t < limit && (latest === null || t >= Date.parse(latest.at))) latest = c;
  }
  if (kr.kind === 'metric') {
    return { ...kr, currentValue: latest?.value ?? kr.startValue };
  }
  return { ...kr, done: latest?.done ?? false, manualPercent: latest?.percent ?? null };
}

export type ProgressGoal = {
  id: string;
  weightBp: number;
  parentKeyResultId: string | null;
  isActive: boolean;
};
export type ProgressKeyResult = {
  id: string;
  goalId: string;
  weightBp: number;
  rollUp: boolean;
  measure: KrMeasure;
};

/**
 * Progress of every goal and key result of a set, in one pass over arrays. A KR marked
 * "roll up" takes the weighted mean (by goal weight; equal weights if none) of the active
 * goals aligned to it; otherwise alignment never changes a parent. Roll-ups nest; a cycle in
 * the data (which the API refuses) counts as 0 instead of recursing forever.
 */
export function computeProgress(
  goals: readonly ProgressGoal[],
  keyResults: readonly ProgressKeyResult[],
  cap = DEFAULT_PROGRESS_CAP,
): { goals: Map<string, number>; keyResults: Map<string, number> } {
  const krsByGoal = new Map<string, ProgressKeyResult[]>();
  for (const kr of keyResults) {
    const list = krsByGoal.get(kr.goalId);
    if (list) list.push(kr);
    else krsByGoal.set(kr.goalId, [kr]);
  }
  const alignedByKr = new Map<string, ProgressGoal[]>();
  for (const goal of goals) {
    if (!goal.parentKeyResultId || !goal.isActive) continue;
    const list = alignedByKr.get(goal.parentKeyResultId);
    if (list) list.push(goal);
    else alignedByKr.set(goal.parentKeyResultId, [goal]);
  }
  const goalProgress = new Map<string, number>();
  const krProgress = new Map<string, number>();
  const visiting = new Set<string>();

  const progressOfKr = (kr: ProgressKeyResult): number => {
    const known = krProgress.get(kr.id);
    if (known !== undefined) return known;
    let p = keyResultProgress(kr.measure);
    const aligned = kr.rollUp ? alignedByKr.get(kr.id) : undefined;
    if (aligned && aligned.length > 0) {
      const anyWeight = aligned.some((g) => g.weightBp > 0);
      p = weightedProgress(
        aligned.map((g) => ({ weightBp: anyWeight ? g.weightBp : 1, progress: progressOfGoal(g.id) })),
        Number.POSITIVE_INFINITY,
      );
    }
    krProgress.set(kr.id, p);
    return p;
  };
  const progressOfGoal = (goalId: string): number => {
    const known = goalProgress.get(goalId);
    if (known !== undefined) return known;
    if (visiting.has(goalId)) return 0;
    visiting.add(goalId);
    const krs = krsByGoal.get(goalId) ?? [];
    const p = weightedProgress(
      krs.map((kr) => ({ weightBp: kr.weightBp, progress: progressOfKr(kr) })),
      cap,
    );
    visiting.delete(goalId);
    goalProgress.set(goalId, p);
    return p;
  };
  for (const goal of goals) progressOfGoal(goal.id);
  for (const kr of keyResults) progressOfKr(kr);
  return { goals: goalProgress, keyResults: krProgress };
}
