/*
 * How review-round numbers read. The server computes every score and share; these only round
 * them for display (half-up, as core rounds scores), so a column never disagrees with itself.
 */

/** x rounded half-up to `decimals` places; binary noise (83.855 stored as 83.8549999…) cannot flip the half. */
export function roundHalfUp(x: number, decimals: number): number {
  const scaled = Number((x * 10 ** decimals).toPrecision(12));
  const rounded = Math.sign(scaled) * Math.floor(Math.abs(scaled) + 0.5);
  return rounded / 10 ** decimals + 0; // + 0 turns −0 into 0
}

/** A score 0..100 with two decimals (83.857… → "83.86"); a dash when nothing scored it. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : roundHalfUp(score, 2).toFixed(2);
}

/** A mean rating on the template's scale (4.333… → "4.33"). */
export function formatRating(rating: number | null | undefined): string {
  return rating === null || rating === undefined ? '—' : roundHalfUp(rating, 2).toFixed(2);
}

/** A weight share 0..1 after renormalisation as a percentage with two decimals (6/7 → "85.71%"). */
export function formatShare(share: number): string {
  return `${roundHalfUp(share * 100, 2).toFixed(2)}%`;
}

/** Submitted of total as a ratio for `formatPercent`; null when nothing is expected. */
export function completionRatio(c: { submitted: number; total: number }): number | null {
  return c.total === 0 ? null : c.submitted / c.total;
}
