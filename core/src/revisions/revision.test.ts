import { describe, expect, it } from 'vitest';
import { awaitingStep, decideRevision, RevisionChangeSchema } from './revision.ts';

describe('goal revision steps (§5)', () => {
  it('goes department head → HR → applied', () => {
    expect(awaitingStep('submitted')).toBe('department_head');
    expect(decideRevision('submitted', 'approve')).toEqual({ status: 'head_approved', apply: false });
    expect(awaitingStep('head_approved')).toBe('hr');
    expect(decideRevision('head_approved', 'approve')).toEqual({ status: 'applied', apply: true });
  });

  it('lets any step reject, and nothing happens after the end', () => {
    expect(decideRevision('submitted', 'reject')).toEqual({ status: 'rejected', apply: false });
    expect(decideRevision('head_approved', 'reject')).toEqual({ status: 'rejected', apply: false });
    for (const status of ['applied', 'rejected', 'withdrawn'] as const) {
      expect(awaitingStep(status)).toBeNull();
      expect(decideRevision(status, 'approve')).toBeNull();
    }
  });

  it('refuses KR weights that do not sum to 100 in a weight change', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const id2 = '00000000-0000-4000-8000-000000000002';
    expect(
      RevisionChangeSchema.safeParse({
        kind: 'weight',
        keyResults: [
          { id, weightBp: 3000 },
          { id: id2, weightBp: 6999 },
        ],
      }).success,
    ).toBe(false);
    expect(
      RevisionChangeSchema.safeParse({
        kind: 'weight',
        keyResults: [
          { id, weightBp: 3000 },
          { id: id2, weightBp: 7000 },
        ],
      }).success,
    ).toBe(true);
  });
});
