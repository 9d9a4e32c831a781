import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, expectedProgress } from '../goals/progress.ts';
import { computeGap, decidePaceAlert, type GoalSnapshot, isBehind, isStale } from './early-warning.ts';

/** A 13-week quarter from 2026-07-01 to 2026-09-30 with weekly snapshots on Mondays from 07-06. */
const mondays = Array.from({ length: 13 }, (_, i) => addDays('2026-07-06', i * 7));
const snap = (date: string, progress: number): GoalSnapshot => ({
  date,
  progress,
  expected: expectedProgress(date, '2026-07-01', '2026-09-30'),
});

describe('early warning (§3)', () => {
  it('opens nothing after one snapshot behind, exactly one alert after two, and resolves on recovery', () => {
    // Week 1 on pace, weeks 2–3 behind, week 4 recovered.
    const e = (i: number) => expectedProgress(mondays[i]!, '2026-07-01', '2026-09-30');
    const history = [snap(mondays[0]!, e(0)), snap(mondays[1]!, e(1) * 0.5)];
    expect(decidePaceAlert(history, false)).toBeNull();
    history.push(snap(mondays[2]!, e(2) * 0.79));
    expect(decidePaceAlert(history, false)).toBe('open');
    expect(decidePaceAlert(history, true)).toBeNull();
    history.push(snap(mondays[3]!, e(3) * 0.8));
    expect(decidePaceAlert(history, true)).toBe('resolve');
  });

  it('changes the outcome as the rule says with 0.7 and 3 snapshots', () => {
    const settings = { paceThreshold: 0.7, consecutiveSnapshots: 3 };
    const e = (i: number) => expectedProgress(mondays[i]!, '2026-07-01', '2026-09-30');
    const history = [
      snap(mondays[0]!, e(0) * 0.75),
      snap(mondays[1]!, e(1) * 0.69),
      snap(mondays[2]!, e(2) * 0.6),
    ];
    // Under the default rule the last two are behind; under 0.7/3 the first (0.75) is not.
    expect(decidePaceAlert(history, false)).toBe('open');
    expect(decidePaceAlert(history, false, settings)).toBeNull();
    history.push(snap(mondays[3]!, e(3) * 0.5));
    expect(decidePaceAlert(history, false, settings)).toBe('open');
  });

  it('never counts a snapshot where nothing is expected yet (e = 0 at the start of a KR)', () => {
    expect(isBehind({ date: '2026-07-01', progress: 0, expected: 0 }, 0.8)).toBe(false);
    expect(
      decidePaceAlert([{ date: '2026-07-01', progress: 0, expected: 0 }, snap(mondays[0]!, 0)], false),
    ).toBeNull();
  });

  it('opens only when every snapshot of the last N is behind (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 2, maxLength: 13 }),
        (paces) => {
          const history = paces.map((p, i) => {
            const expected = expectedProgress(mondays[i]!, '2026-07-01', '2026-09-30');
            return { date: mondays[i]!, progress: p * expected, expected };
          });
          const lastTwo = paces.slice(-2);
          expect(decidePaceAlert(history, false) === 'open').toBe(lastTwo.every((p) => p < 0.8));
        },
      ),
    );
  });

  it('marks a goal stale after 14 days without a check-in', () => {
    expect(
      isStale({
        lastCheckInDate: '2026-08-01',
        openedDate: '2026-07-01',
        onDate: '2026-08-14',
        staleDays: 14,
      }),
    ).toBe(false);
    expect(
      isStale({
        lastCheckInDate: '2026-08-01',
        openedDate: '2026-07-01',
        onDate: '2026-08-15',
        staleDays: 14,
      }),
    ).toBe(true);
    expect(
      isStale({ lastCheckInDate: null, openedDate: '2026-07-01', onDate: '2026-07-15', staleDays: 14 }),
    ).toBe(true);
  });
});

describe('gap analysis (§4)', () => {
  it('computes the seed example: 客户投诉处理率 ≥95%, actual 88% → gap −7', () => {
    const { gap, gapRatio } = computeGap(95, 88);
    expect(gap).toBe(-7);
    expect(gapRatio).toBeCloseTo(-7 / 95, 12);
    expect(computeGap(0, 3)).toEqual({ gap: 3, gapRatio: null });
    expect(computeGap(0.3, 0.1).gap).toBe(-0.2);
  });
});

describe('attainmentBucket', () => {
  it('puts each attainment in its 20-point bucket, 100% and over together', async () => {
    const { attainmentBucket } = await import('../dashboards/dashboard.schemas.ts');
    expect([0, 0.1999, 0.2, 0.5, 0.79994, 0.79996, 0.8, 0.99994, 1, 1.7].map(attainmentBucket)).toEqual([
      '0-20',
      '0-20',
      '20-40',
      '40-60',
      '60-80',
      '80-100',
      '80-100',
      '80-100',
      '100+',
      '100+',
    ]);
  });
});
