import { describe, expect, it } from 'vitest';
import { completionRatio, formatRating, formatScore, formatShare, roundHalfUp } from './review-cycles.format';

describe('review-round numbers as they read', () => {
  it('shows renormalised rater weights 60/10 as 85.71% and 14.29%', () => {
    expect(formatShare(6000 / 7000)).toBe('85.71%');
    expect(formatShare(1000 / 7000)).toBe('14.29%');
    expect(formatShare(1)).toBe('100.00%');
    expect(formatShare(0)).toBe('0.00%');
    expect(formatShare(0.6)).toBe('60.00%');
  });

  it('rounds a score half-up to two decimals, as the final score is rounded', () => {
    expect(formatScore(0.6 * 90 + (0.3 * 510) / 7 + 0.1 * 80)).toBe('83.86');
    expect(formatScore(100)).toBe('100.00');
    expect(formatScore(72.855)).toBe('72.86');
    expect(formatScore(1.005)).toBe('1.01');
  });

  it('shows a dash for what nothing scored', () => {
    expect(formatScore(null)).toBe('—');
    expect(formatScore(undefined)).toBe('—');
    expect(formatRating(null)).toBe('—');
  });

  it('shows mean ratings with two decimals', () => {
    expect(formatRating(13 / 3)).toBe('4.33');
    expect(formatRating(4)).toBe('4.00');
  });

  it('never shows −0', () => {
    expect(Object.is(roundHalfUp(-0.001, 2), 0)).toBe(true);
  });

  it('has no completion when nothing is expected', () => {
    expect(completionRatio({ submitted: 0, total: 0 })).toBeNull();
    expect(completionRatio({ submitted: 3, total: 4 })).toBe(0.75);
  });
});
