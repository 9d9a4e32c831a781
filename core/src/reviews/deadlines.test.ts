import { describe, expect, it } from 'vitest';
import { deadlineOf, reviewDeadlines } from './deadlines.ts';

const cycle = {
  endDate: '2026-09-30',
  phases: {
    midReview: { start: '2026-08-10', end: '2026-08-20' },
    selfReview: { start: '2026-09-20', end: '2026-09-30' },
    managerReview: { start: '2026-10-01', end: '2026-10-10' },
  },
};

describe('review deadlines follow the cycle’s phases', () => {
  it('final: nominations before self reviews start, 360 with the self reviews, managers at their phase’s end', () => {
    const d = reviewDeadlines('final', cycle);
    expect(d).toEqual({
      nomination: '2026-09-20',
      self: '2026-09-30',
      peer: '2026-09-30',
      manager: '2026-10-10',
    });
    expect(
      ['self', 'manager', 'peer', 'subordinate', 'collaborator'].map((t) => deadlineOf(d, t as never)),
    ).toEqual(['2026-09-30', '2026-10-10', '2026-09-30', '2026-09-30', '2026-09-30']);
  });
  it('mid: both at the end of 期中评估', () => {
    expect(reviewDeadlines('mid', cycle)).toMatchObject({ self: '2026-08-20', manager: '2026-08-20' });
  });
  it('falls back to the cycle’s end where a phase has no dates', () => {
    expect(reviewDeadlines('final', { endDate: '2026-09-30', phases: {} })).toEqual({
      nomination: '2026-09-30',
      self: '2026-09-30',
      peer: '2026-09-30',
      manager: '2026-09-30',
    });
    expect(reviewDeadlines('mid', { endDate: '2026-09-30', phases: {} }).self).toBe('2026-09-30');
    // Self reviews after the cycle's end and no manager phase: the manager is due with them, not before.
    const late = {
      endDate: '2026-12-31',
      phases: { selfReview: { start: '2027-01-04', end: '2027-01-08' } },
    };
    expect(reviewDeadlines('final', late).manager).toBe('2027-01-08');
  });
});
