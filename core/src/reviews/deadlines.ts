import type { Phases } from '../cycles/cycle.ts';
import type { ReviewDeadlines, ReviewKind } from './review.schemas.ts';
import type { RaterType } from './review-template.ts';

/**
 * A round's deadlines from its performance cycle's phase dates (the cycle editor's 自评 and 上级评估
 * phases): nominations before self reviews start, peers and other 360 raters with the self
 * reviews, managers at the end of their phase. A mid-cycle review is due at the end of 期中评估.
 * A phase without dates falls back to the cycle's end.
 */
export function reviewDeadlines(
  kind: ReviewKind,
  cycle: { endDate: string; phases: Phases },
): ReviewDeadlines {
  const p = cycle.phases;
  if (kind === 'mid') {
    const due = p.midReview?.end ?? cycle.endDate;
    return { nomination: null, self: due, peer: null, manager: due };
  }
  const self = p.selfReview?.end ?? p.managerReview?.end ?? cycle.endDate;
  return {
    nomination: p.selfReview?.start ?? self,
    self,
    peer: self,
    // Without a 上级评估 phase the manager writes last: the cycle's end, or the self reviews' deadline
    // when that is later (a manager is never due before the self review they read).
    manager: p.managerReview?.end ?? (self > cycle.endDate ? self : cycle.endDate),
  };
}

/** The deadline of a review by its rater's type. */
export function deadlineOf(deadlines: ReviewDeadlines, raterType: RaterType): string | null {
  switch (raterType) {
    case 'self':
      return deadlines.self;
    case 'manager':
      return deadlines.manager;
    case 'peer':
    case 'subordinate':
    case 'collaborator':
      return deadlines.peer ?? deadlines.manager;
  }
}
