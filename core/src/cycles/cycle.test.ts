import { describe, expect, it } from 'vitest';
import { checkCycleDates, currentPhase, defaultCycleName, defaultCycleRange } from './cycle.ts';

describe('cycles', () => {
  it('derives the calendar period of each kind', () => {
    expect(defaultCycleRange('quarter', '2026-08-14')).toEqual({
      startDate: '2026-07-01',
      endDate: '2026-09-30',
    });
    expect(defaultCycleRange('month', '2026-02-14')).toEqual({
      startDate: '2026-02-01',
      endDate: '2026-02-28',
    });
    expect(defaultCycleRange('half', '2026-11-21')).toEqual({
      startDate: '2026-07-01',
      endDate: '2026-12-31',
    });
    expect(defaultCycleRange('year', '2028-02-29')).toEqual({
      startDate: '2028-01-01',
      endDate: '2028-12-31',
    });
    expect(defaultCycleName('quarter', '2026-07-01', 'zh-CN')).toBe('2026年第三季度');
    expect(defaultCycleName('quarter', '2026-07-01', 'en-US')).toBe('2026 Q3');
  });

  it('rejects an end before the start and phases out of order', () => {
    expect(checkCycleDates({ startDate: '2026-07-01', endDate: '2026-06-30', phases: {} })).toEqual([
      { path: 'endDate', code: 'end_before_start' },
    ]);
    expect(
      checkCycleDates({
        startDate: '2026-07-01',
        endDate: '2026-09-30',
        phases: {
          goalSetting: { start: '2026-06-20', end: '2026-07-10' },
          midReview: { start: '2026-08-10', end: '2026-08-05' },
          selfReview: { start: '2026-08-01', end: '2026-09-30' },
        },
      }),
    ).toEqual([
      { path: 'phases.midReview.end', code: 'end_before_start' },
      { path: 'phases.selfReview.start', code: 'phase_order' },
    ]);
  });

  it('knows the current phase', () => {
    const phases = {
      goalSetting: { start: '2026-06-20', end: '2026-07-10' },
      midReview: { start: '2026-08-10', end: '2026-08-20' },
    };
    expect(currentPhase(phases, '2026-06-01')).toBeNull();
    expect(currentPhase(phases, '2026-07-01')).toBe('goalSetting');
    expect(currentPhase(phases, '2026-08-15')).toBe('midReview');
  });
});
