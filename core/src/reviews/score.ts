import {
  RATER_TYPES,
  type RaterType,
  type RaterWeights,
  type ReviewTemplateDefinition,
  type TemplateDimension,
} from './review-template.ts';

/*
 * Evaluation scores (domain.md §6): item ratings → each rater's dimension score → each rater type's
 * → the dimension's (rater-type weighted) → the final (dimension weighted). Whatever did not score
 * (a rater type with no submitted rating, a dimension nobody rated, an unknown attainment) is left
 * out and the remaining weights are renormalised; it never counts as zero. Everything is kept at
 * full precision and only the final is rounded.
 */

/** One rater's rating of one item, 1..m. */
export type ItemRating = { itemKey: string; rating: number };
/** Full precision, 0..100. */
export type RaterDimensionScore = { dimensionKey: string; score: number };
/** A rater type's dimension score: the mean over its raters of their dimension scores. */
export type TypeDimensionScore = {
  dimensionKey: string;
  raterType: RaterType;
  score: number;
  raters: number;
};

export type DimensionBreakdown = {
  key: string;
  name: string;
  weightBp: number;
  source: 'ratings' | 'attainment';
  /** Full precision; null when nothing scored it. */
  score: number | null;
  /** The dimension's share of the final after renormalising over the scored dimensions (0..1), 0 when unscored. */
  weightShare: number;
  /** weightShare × score (0 when unscored): the contributions add up to the final. */
  contribution: number;
  /** For the attainment dimension: the attainment as given (before the cap), and the cap. */
  attainment?: number | null;
  attainmentCap?: number;
  /** The rater types that rated the dimension and carry weight, their weights renormalised over them. */
  raterTypes: {
    raterType: RaterType;
    weightBp: number;
    weightShare: number;
    score: number;
    raters: number;
  }[];
  items: {
    key: string;
    name: string;
    weightBp: number;
    byType: { raterType: RaterType; meanRating: number; meanScore: number; raters: number }[];
  }[];
};

/**
 * The final score and how it came about. Per-type figures include every type, anonymous ones with
 * any number of raters: the server applies the anonymity minimum before a ratee sees them (§6).
 */
export type ScoreBreakdown = {
  finalScore: number | null;
  finalScoreExact: number | null;
  dimensions: DimensionBreakdown[];
};

/** One submitted rating. A rater is a rater type and an id; each rates an item at most once. */
export type SubmittedRating = { raterId: string; raterType: RaterType; itemKey: string; rating: number };

/**
 * A rating r on a 1..m scale scores r / m × 100. Multiplying first makes it one rounding of an
 * exact integer, so r = m is exactly 100 and 3 of 5 exactly 60 (3 / 5 × 100 is not, for some r and m).
 */
export function ratingScore(rating: number, levels: number): number {
  return (rating * 100) / levels;
}

/** Σ(w · x) / Σw; null when nothing carries weight, which is how "left out, renormalise the rest" is spelt. */
function weightedMean(parts: readonly { weight: number; value: number }[]): number | null {
  let weighted = 0;
  let total = 0;
  for (const part of parts) {
    weighted += part.weight * part.value;
    total += part.weight;
  }
  return total > 0 ? weighted / total : null;
}

/**
 * One rater's dimension scores: per rating dimension, the weighted mean of the items that rater
 * rated (r/m×100). Dimensions the rater rated nothing of (or only zero-weight items) are left out.
 * Unknown item keys are ignored.
 */
export function raterDimensionScores(
  template: ReviewTemplateDefinition,
  ratings: readonly ItemRating[],
): RaterDimensionScore[] {
  const levels = template.scale.length;
  const ratingsByItem = groupBy(ratings, (r) => r.itemKey);
  const scores: RaterDimensionScore[] = [];
  for (const dimension of template.dimensions) {
    if (dimension.source !== 'ratings') continue;
    // Summed in template order, not the order the ratings came in, so the order cannot move the last bit.
    const score = weightedMean(
      dimension.items.flatMap((item) =>
        (ratingsByItem.get(item.key) ?? []).map((r) => ({
          weight: item.weightBp,
          value: ratingScore(r.rating, levels),
        })),
      ),
    );
    if (score !== null) scores.push({ dimensionKey: dimension.key, score });
  }
  return scores;
}

/**
 * Combines per-type dimension scores and attainment into the final score (used by the batch job
 * over arrays, and by scoreRatee). items[] are empty in its result. A type listed twice for one
 * dimension counts once, as the mean over all its raters.
 */
export function combineScores(
  template: ReviewTemplateDefinition,
  typeScores: readonly TypeDimensionScore[],
  attainment: number | null,
): ScoreBreakdown {
  const scored = template.dimensions.map((d) =>
    d.source === 'attainment'
      ? {
          ...dimensionHead(d),
          score: attainment === null ? null : Math.min(attainment, d.attainmentCap) * 100,
          attainment,
          attainmentCap: d.attainmentCap,
          raterTypes: [],
        }
      : ratedDimension(d, template.raterWeights, typeScores),
  );
  // A scored dimension of weight 0 shows its score but has no share, like a rater type of weight 0.
  const parts = scored.flatMap((d) => (d.score === null ? [] : [{ weight: d.weightBp, value: d.score }]));
  const totalBp = parts.reduce((s, p) => s + p.weight, 0);
  const finalScoreExact = weightedMean(parts);
  return {
    finalScore: finalScoreExact === null ? null : roundScore(finalScoreExact),
    finalScoreExact,
    dimensions: scored.map((d) => {
      const weightShare = d.score === null || totalBp === 0 ? 0 : d.weightBp / totalBp;
      return { ...d, weightShare, contribution: weightShare * (d.score ?? 0), items: [] };
    }),
  };
}

function dimensionHead(d: TemplateDimension) {
  return { key: d.key, name: d.name, weightBp: d.weightBp, source: d.source };
}

/**
 * A rating dimension's score: the rater-type weighted mean over the types that rated it. A type
 * of weight 0 is dropped here rather than carried with share 0: it counts for nothing, so it
 * explains nothing, and adding one leaves the whole breakdown as it was.
 */
function ratedDimension(
  d: TemplateDimension,
  raterWeights: RaterWeights,
  typeScores: readonly TypeDimensionScore[],
): Pick<DimensionBreakdown, 'key' | 'name' | 'weightBp' | 'source' | 'score' | 'raterTypes'> {
  const byType = new Map<RaterType, { total: number; raters: number }>();
  for (const t of typeScores) {
    if (t.dimensionKey !== d.key || t.raters <= 0 || raterWeights[t.raterType] <= 0) continue;
    const sum = byType.get(t.raterType) ?? { total: 0, raters: 0 };
    byType.set(t.raterType, { total: sum.total + t.score * t.raters, raters: sum.raters + t.raters });
  }
  const rated = RATER_TYPES.filter((t) => byType.has(t));
  const totalBp = rated.reduce((s, t) => s + raterWeights[t], 0);
  const raterTypes = rated.map((raterType) => {
    const { total, raters } = byType.get(raterType)!;
    const weightBp = raterWeights[raterType];
    return { raterType, weightBp, weightShare: weightBp / totalBp, score: total / raters, raters };
  });
  const score = weightedMean(raterTypes.map((t) => ({ weight: t.weightBp, value: t.score })));
  return { ...dimensionHead(d), score, raterTypes };
}

/** The whole computation for one ratee from every submitted rating, with the per-item breakdown. */
export function scoreRatee(
  template: ReviewTemplateDefinition,
  ratings: readonly SubmittedRating[],
  attainment: number | null,
): ScoreBreakdown {
  // Floating-point sums depend on their order: a canonical order makes the score independent of
  // the order the answers were stored or fetched in.
  const sorted = [...ratings].sort(compareRatings);
  const typeSums = new Map<string, TypeDimensionScore>();
  for (const [raterType, ofType] of groupBy(sorted, (r) => r.raterType)) {
    for (const ofRater of groupBy(ofType, (r) => r.raterId).values()) {
      for (const { dimensionKey, score } of raterDimensionScores(template, ofRater)) {
        const key = `${raterType} ${dimensionKey}`;
        const sum = typeSums.get(key) ?? { dimensionKey, raterType, score: 0, raters: 0 };
        typeSums.set(key, { ...sum, score: sum.score + score, raters: sum.raters + 1 });
      }
    }
  }
  const typeScores = [...typeSums.values()].map((t) => ({ ...t, score: t.score / t.raters }));
  const breakdown = combineScores(template, typeScores, attainment);

  const levels = template.scale.length;
  const weighted = RATER_TYPES.filter((t) => template.raterWeights[t] > 0);
  const ratingsByItem = groupBy(sorted, (r) => r.itemKey);
  const itemsOf = (d: TemplateDimension): DimensionBreakdown['items'] =>
    d.items.map((item) => {
      const ofItem = ratingsByItem.get(item.key) ?? [];
      const byType = weighted.flatMap((raterType) => {
        const given = ofItem.filter((r) => r.raterType === raterType);
        if (given.length === 0) return [];
        const meanRating = given.reduce((s, r) => s + r.rating, 0) / given.length;
        return [{ raterType, meanRating, meanScore: ratingScore(meanRating, levels), raters: given.length }];
      });
      return { key: item.key, name: item.name, weightBp: item.weightBp, byType };
    });
  return {
    ...breakdown,
    dimensions: breakdown.dimensions.map((d, i) => {
      const dimension = template.dimensions[i]!;
      return { ...d, items: dimension.source === 'ratings' ? itemsOf(dimension) : [] };
    }),
  };
}

function compareRatings(a: SubmittedRating, b: SubmittedRating): number {
  return (
    compareText(a.raterType, b.raterType) ||
    compareText(a.raterId, b.raterId) ||
    compareText(a.itemKey, b.itemKey) ||
    a.rating - b.rating
  );
}

/** By code unit, not locale: the order must be the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy<T, K>(xs: readonly T[], keyOf: (x: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const x of xs) {
    const key = keyOf(x);
    const group = groups.get(key);
    if (group) group.push(x);
    else groups.set(key, [x]);
  }
  return groups;
}

/**
 * A score rounded half-up to 2 decimals (83.855 → 83.86). As in roundPercent, the value is first
 * cut to 12 significant digits so binary noise (2.675 is stored as 2.67499999…) cannot flip the
 * rounding of a value that is exactly on the half.
 */
export function roundScore(x: number): number {
  const hundredths = Number((x * 100).toPrecision(12));
  return (Math.sign(hundredths) * Math.floor(Math.abs(hundredths) + 0.5)) / 100 + 0; // + 0 turns −0 into 0
}
