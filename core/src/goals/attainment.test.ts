import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTAINMENT_STATUSES,
  countAttainmentGoals,
  countsTowardAttainment,
  ownerAttainment,
  ownerAttainmentAndPace,
} from './attainment.ts';
import { checkInCompliance } from './check-in-compliance.ts';
import { GOAL_LEVELS, GOAL_STATUSES } from './goal.schemas.ts';
import { isBehindPace, keyResultSpan, paceThresholdOf } from './progress.ts';

describe('which goals count toward attainment (§2)', () => {
  it('counts approved and closed personal goals, and nothing else', () => {
    const counted = GOAL_LEVELS.flatMap((level) =>
      GOAL_STATUSES.filter((status) => countsTowardAttainment({ status, level })).map((s) => `${level}:${s}`),
    );
    expect(counted).toEqual(['personal:approved', 'personal:closed']);
    expect([...ATTAINMENT_STATUSES]).toEqual(['approved', 'closed']);
  });

  it('leaves draft, submitted, returned and cancelled goals out of the sum', () => {
    const goal = (status: (typeof GOAL_STATUSES)[number], weightBp: number, progress: number) => ({
      status,
      level: 'personal' as const,
      weightBp,
      progress,
      expected: 0.5,
    });
    const goals = [
      goal('approved', 3000, 0.5),
      goal('closed', 2000, 1),
      goal('draft', 1000, 1),
      goal('submitted', 2000, 1),
      goal('returned', 1000, 1),
      goal('cancelled', 1000, 1),
    ];
    // 30% · 0.5 + 20% · 1 = 0.35; expected 50% · 0.5 = 0.25.
    expect(ownerAttainment(goals)).toBeCloseTo(0.35, 12);
    const all = ownerAttainmentAndPace(goals);
    expect(all.expected).toBeCloseTo(0.25, 12);
    expect(all.pace).toBeCloseTo(1.4, 12);
    expect(countAttainmentGoals(goals)).toBe(2);
  });

  it('is Σ(w · progress) / 100% over counted goals, and nothing expected means no pace', () => {
    expect(
      ownerAttainment([
        { status: 'approved', level: 'personal', weightBp: 6000, progress: 0.5 },
        { status: 'closed', level: 'personal', weightBp: 4000, progress: 1 },
      ]),
    ).toBeCloseTo(0.7, 12);
    expect(ownerAttainmentAndPace([]).pace).toBeNull();
  });

  it('never exceeds the cap when every goal holds it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom(...GOAL_STATUSES),
            weightBp: fc.integer({ min: 0, max: 10_000 }),
            progress: fc.double({ min: 0, max: 1.5, noNaN: true }),
          }),
          { maxLength: 8 },
        ),
        (raw) => {
          // Weights of the counted goals sum to at most 100%; goal progress at most the cap 1.5.
          let left = 10_000;
          const goals = raw.map((g) => {
            const weightBp = Math.min(g.weightBp, left);
            if (countsTowardAttainment({ status: g.status, level: 'personal' })) left -= weightBp;
            return { ...g, weightBp, level: 'personal' as const };
          });
          expect(ownerAttainment(goals)).toBeLessThanOrEqual(1.5 + 1e-12);
        },
      ),
    );
  });
});

describe('pace status (§3)', () => {
  it('is behind only below the threshold, never without a pace', () => {
    expect(isBehindPace(0.79, 0.8)).toBe(true);
    expect(isBehindPace(0.8, 0.8)).toBe(false);
    expect(isBehindPace(0.6, 0.5)).toBe(false);
    expect(isBehindPace(null, 0.8)).toBe(false);
  });

  it('takes the cycle’s threshold over the company’s', () => {
    expect(paceThresholdOf(0.8, null)).toBe(0.8);
    expect(paceThresholdOf(0.8, {})).toBe(0.8);
    expect(paceThresholdOf(0.8, { paceThreshold: 0.6 })).toBe(0.6);
  });
});

describe('key-result span (§3)', () => {
  it('runs from the KR start (default the cycle start) to its due date (default the goal’s, then the cycle end)', () => {
    const cycle = { cycleStart: '2026-07-01', cycleEnd: '2026-09-30' };
    expect(keyResultSpan({ startDate: null, dueDate: null, goalDueDate: null, ...cycle })).toEqual({
      start: '2026-07-01',
      due: '2026-09-30',
    });
    expect(keyResultSpan({ startDate: null, dueDate: null, goalDueDate: '2026-09-15', ...cycle })).toEqual({
      start: '2026-07-01',
      due: '2026-09-15',
    });
    expect(
      keyResultSpan({ startDate: '2026-07-15', dueDate: '2026-08-31', goalDueDate: '2026-09-15', ...cycle }),
    ).toEqual({ start: '2026-07-15', due: '2026-08-31' });
  });
});

describe('check-in compliance (§10)', () => {
  it('is the share of approved goals with a check-in in the last 7 days', () => {
    const now = new Date('2026-08-10T04:00:00Z');
    const result = checkInCompliance(
      [
        { status: 'approved', lastCheckInAt: '2026-08-03T04:00:00Z' }, // exactly 7 days: counts
        { status: 'approved', lastCheckInAt: '2026-08-03T03:59:59Z' }, // just older: does not
        { status: 'approved', lastCheckInAt: null },
        { status: 'approved', lastCheckInAt: '2026-08-10 03:00:00+00' }, // PostgreSQL's text form
        { status: 'closed', lastCheckInAt: '2026-08-09T00:00:00Z' }, // not being worked on
      ],
      now,
    );
    expect(result).toEqual({ goals: 4, checkedInLast7Days: 2, compliance: 0.5 });
    expect(checkInCompliance([], now).compliance).toBeNull();
  });
});
