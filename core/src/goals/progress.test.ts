import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  computeProgress,
  dayNumber,
  endOfDayInstant,
  expectedProgress,
  formatPercent,
  formatWeight,
  type KrDirection,
  type KrMeasure,
  keyResultMeasureAt,
  keyResultProgress,
  pace,
  parseWeightPercent,
  roundPercent,
  weightedProgress,
} from './progress.ts';

const metric = (s: number, t: number, c: number, direction: KrDirection = 'increase'): KrMeasure => ({
  kind: 'metric',
  startValue: s,
  targetValue: t,
  currentValue: c,
  direction,
});

describe('key-result progress (§2)', () => {
  it('is (c − s) / (t − s) for an increasing metric', () => {
    expect(keyResultProgress(metric(0, 20, 5))).toBe(0.25);
    expect(keyResultProgress(metric(60, 85, 80))).toBeCloseTo(0.8, 12);
  });

  it('works for decreasing metrics (complaint rate 12% down to 5%)', () => {
    expect(keyResultProgress(metric(12, 5, 12, 'decrease'))).toBe(0);
    expect(keyResultProgress(metric(12, 5, 8.5, 'decrease'))).toBe(0.5);
    expect(keyResultProgress(metric(12, 5, 5, 'decrease'))).toBe(1);
    expect(keyResultProgress(metric(12, 5, 3.6, 'decrease'))).toBeCloseTo(1.2, 12);
  });

  it('counts a metric that moved the wrong way as 0', () => {
    expect(keyResultProgress(metric(10, 20, 8))).toBe(0);
    expect(keyResultProgress(metric(12, 5, 14, 'decrease'))).toBe(0);
  });

  it('keeps over-achievement above 1', () => {
    expect(keyResultProgress(metric(0, 20, 30))).toBe(1.5);
  });

  it('treats t = s as binary in the stated direction ("不低于 4.8" is at_least 4.8)', () => {
    expect(keyResultProgress(metric(4.8, 4.8, 4.79, 'at_least'))).toBe(0);
    expect(keyResultProgress(metric(4.8, 4.8, 4.8, 'at_least'))).toBe(1);
    expect(keyResultProgress(metric(4.8, 4.8, 4.9, 'at_least'))).toBe(1);
    expect(keyResultProgress(metric(3, 3, 2, 'at_most'))).toBe(1);
    expect(keyResultProgress(metric(3, 3, 3, 'at_most'))).toBe(1);
    expect(keyResultProgress(metric(3, 3, 3.01, 'at_most'))).toBe(0);
  });

  it('gives a milestone 1 when done, else its manual percent, else 0', () => {
    expect(keyResultProgress({ kind: 'milestone', done: true, manualPercent: 20 })).toBe(1);
    expect(keyResultProgress({ kind: 'milestone', done: false, manualPercent: 40 })).toBe(0.4);
    expect(keyResultProgress({ kind: 'milestone', done: false, manualPercent: null })).toBe(0);
  });

  it('is never negative and is exactly 1 at the target (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        (s, t, c) => {
          const p = keyResultProgress(metric(s, t, c));
          expect(p).toBeGreaterThanOrEqual(0);
          if (s !== t) expect(keyResultProgress(metric(s, t, t))).toBe(1);
        },
      ),
    );
  });

  it('gives a decreasing metric the same progress as its mirrored increasing one (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: -3000, max: 3000 }),
        (s, span, c) => {
          const up = keyResultProgress(metric(s, s + span, c));
          const down = keyResultProgress(metric(-s, -s - span, -c, 'decrease'));
          expect(down).toBeCloseTo(up, 9);
        },
      ),
    );
  });
});

describe('goal progress and attainment (§2)', () => {
  it('weights KR progress and caps over-achievement at 1.0 by default', () => {
    const p = weightedProgress([
      { weightBp: 4000, progress: 1.5 },
      { weightBp: 3000, progress: 0.5 },
      { weightBp: 3000, progress: 0 },
    ]);
    expect(p).toBeCloseTo(0.4 + 0.15, 12);
  });

  it('uses a configured cap', () => {
    expect(weightedProgress([{ weightBp: 10000, progress: 1.5 }], 1.2)).toBeCloseTo(1.2, 12);
  });

  it('is 0 for a goal without weights', () => {
    expect(weightedProgress([])).toBe(0);
  });

  it('stays within [0, cap] whatever the inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            weightBp: fc.integer({ min: 0, max: 10000 }),
            progress: fc.double({ min: -5, max: 5, noNaN: true }),
          }),
          { maxLength: 10 },
        ),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (parts, cap) => {
          const p = weightedProgress(parts, cap);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(cap + 1e-12);
        },
      ),
    );
  });
});

describe('display rounding', () => {
  it('rounds half-up to one decimal (1/3 → 33.3%)', () => {
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(2 / 3)).toBe('66.7%');
    expect(roundPercent(0.145)).toBe(14.5);
    expect(roundPercent(0.1445)).toBe(14.5);
    expect(roundPercent(0.00049)).toBe(0);
    expect(roundPercent(0.0005)).toBe(0.1);
    expect(roundPercent(1.2345)).toBe(123.5);
    expect(formatPercent(0)).toBe('0.0%');
  });

  it('never drifts more than half a tenth from the exact value (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), (n) => {
        // n / 100000 as a ratio: exact decimal, so the half-up result is known.
        const ratio = n / 100_000;
        const exactTenths = n / 100; // percentage in tenths
        expect(roundPercent(ratio) * 10).toBe(Math.floor(exactTenths + 0.5));
      }),
    );
  });
});

describe('weights in basis points', () => {
  it('parses percentages exactly', () => {
    expect(parseWeightPercent('40')).toBe(4000);
    expect(parseWeightPercent('69.99')).toBe(6999);
    expect(parseWeightPercent('12.5%')).toBe(1250);
    expect(parseWeightPercent('100')).toBe(10000);
    expect(parseWeightPercent('100.01')).toBeNull();
    expect(parseWeightPercent('1.234')).toBeNull();
    expect(parseWeightPercent('abc')).toBeNull();
  });

  it('rejects 30 + 69.99 as not 100', () => {
    expect((parseWeightPercent('30') ?? 0) + (parseWeightPercent('69.99') ?? 0)).toBe(9999);
  });

  it('formats basis points back to the percentage typed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), (bp) => {
        expect(parseWeightPercent(formatWeight(bp))).toBe(bp);
      }),
    );
    expect(formatWeight(4000)).toBe('40');
    expect(formatWeight(6999)).toBe('69.99');
    expect(formatWeight(1250)).toBe('12.5');
  });
});

describe('expected progress and pace (§3)', () => {
  it('is clamp((d − start) / (due − start), 0, 1)', () => {
    expect(expectedProgress('2026-07-01', '2026-07-01', '2026-09-30')).toBe(0);
    expect(expectedProgress('2026-06-01', '2026-07-01', '2026-09-30')).toBe(0);
    expect(expectedProgress('2026-08-15', '2026-07-01', '2026-09-30')).toBeCloseTo(45 / 91, 12);
    expect(expectedProgress('2026-10-15', '2026-07-01', '2026-09-30')).toBe(1);
  });

  it('has no pace while nothing is expected', () => {
    expect(pace(0.3, 0)).toBeNull();
    expect(pace(0.3, 0.5)).toBeCloseTo(0.6, 12);
  });
});

describe('progress at a past date', () => {
  const checkIns = [
    { at: '2026-07-10T02:00:00.000Z', value: 5, done: null, percent: null },
    { at: '2026-07-20T15:59:59.000Z', value: 9, done: null, percent: null },
    { at: '2026-07-20T16:00:00.000Z', value: 12, done: null, percent: null },
  ];
  const kr = metric(0, 20, 12);

  it('replays check-ins up to the end of the day in the tenant time zone', () => {
    // 2026-07-20 ends at 16:00 UTC in Asia/Shanghai.
    expect(endOfDayInstant('2026-07-20', 'Asia/Shanghai').toISOString()).toBe('2026-07-20T16:00:00.000Z');
    const at = (date: string) =>
      keyResultProgress(keyResultMeasureAt(kr, checkIns, endOfDayInstant(date, 'Asia/Shanghai')));
    expect(at('2026-07-09')).toBe(0);
    expect(at('2026-07-10')).toBe(0.25);
    expect(at('2026-07-20')).toBe(0.45);
    expect(at('2026-07-21')).toBe(0.6);
  });

  it('knows the end of day in a zone with daylight saving', () => {
    expect(endOfDayInstant('2026-07-20', 'Europe/Berlin').toISOString()).toBe('2026-07-20T22:00:00.000Z');
    expect(endOfDayInstant('2026-01-20', 'Europe/Berlin').toISOString()).toBe('2026-01-20T23:00:00.000Z');
  });
});

describe('roll-up from aligned goals', () => {
  const kr = (id: string, goalId: string, weightBp: number, c: number, rollUp = false) => ({
    id,
    goalId,
    weightBp,
    rollUp,
    measure: metric(0, 100, c),
  });

  it('leaves the parent alone unless its KR rolls up', () => {
    const goals = [
      { id: 'P', weightBp: 10000, parentKeyResultId: null, isActive: true },
      { id: 'C', weightBp: 10000, parentKeyResultId: 'pk', isActive: true },
    ];
    const result = computeProgress(goals, [kr('pk', 'P', 10000, 10), kr('ck', 'C', 10000, 90)]);
    expect(result.goals.get('P')).toBeCloseTo(0.1, 12);
  });

  it('takes the weighted mean of the aligned goals when the KR rolls up, nested', () => {
    const goals = [
      { id: 'P', weightBp: 10000, parentKeyResultId: null, isActive: true },
      { id: 'C1', weightBp: 6000, parentKeyResultId: 'pk', isActive: true },
      { id: 'C2', weightBp: 4000, parentKeyResultId: 'pk', isActive: true },
      { id: 'G', weightBp: 10000, parentKeyResultId: 'c2k', isActive: true },
      { id: 'X', weightBp: 10000, parentKeyResultId: 'pk', isActive: false },
    ];
    const result = computeProgress(goals, [
      kr('pk', 'P', 10000, 0, true),
      kr('c1k', 'C1', 10000, 50),
      kr('c2k', 'C2', 10000, 0, true),
      kr('gk', 'G', 10000, 150),
      kr('xk', 'X', 10000, 100),
    ]);
    // G is capped at 1; C2 rolls up G → 1; P = 0.6·0.5 + 0.4·1 = 0.7 (X is cancelled, ignored).
    expect(result.goals.get('C2')).toBe(1);
    expect(result.goals.get('P')).toBeCloseTo(0.7, 12);
  });

  it('does not loop forever on a cycle in the data', () => {
    const goals = [
      { id: 'A', weightBp: 10000, parentKeyResultId: 'bk', isActive: true },
      { id: 'B', weightBp: 10000, parentKeyResultId: 'ak', isActive: true },
    ];
    const result = computeProgress(goals, [kr('ak', 'A', 10000, 0, true), kr('bk', 'B', 10000, 0, true)]);
    expect(result.goals.get('A')).toBe(0);
  });
});

describe('calendar days', () => {
  it('counts the days of any date since 1970-01-01 as the calendar does, and adds days back to the date', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const day = Math.floor(d.getTime() / 86_400_000);
          expect(dayNumber(iso)).toBe(day);
          expect(addDays('1970-01-01', day)).toBe(iso);
        },
      ),
    );
    expect(dayNumber('2026-09-30') - dayNumber('2026-07-01')).toBe(91);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
  });

  it('is not a number for text that is not a date', () => {
    for (const text of ['', '2026-9-30', 'abcd-ef-gh', '2026-09-3x']) expect(dayNumber(text)).toBeNaN();
  });
});
