import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FULL_WEIGHT_BP } from '../goals/progress.ts';
import {
  RATER_TYPES,
  type RaterType,
  type RaterWeights,
  type ReviewTemplateDefinition,
  ReviewTemplateDefinitionSchema,
  templateItems,
} from './review-template.ts';
import {
  combineScores,
  raterDimensionScores,
  roundScore,
  type ScoreBreakdown,
  type SubmittedRating,
  scoreRatee,
  type TypeDimensionScore,
} from './score.ts';

type DimensionSpec =
  | { key: string; weightBp: number; items: Record<string, number> }
  | { key: string; weightBp: number; attainmentCap: number };

const DEFAULT_RATER_WEIGHTS: RaterWeights = {
  manager: 6000,
  peer: 2000,
  subordinate: 1000,
  self: 1000,
  collaborator: 0,
};

/** A template the schema accepts, so every test scores something an admin could have saved. */
function template(
  dimensions: DimensionSpec[],
  { levels = 5, raterWeights = DEFAULT_RATER_WEIGHTS }: { levels?: number; raterWeights?: RaterWeights } = {},
): ReviewTemplateDefinition {
  return ReviewTemplateDefinitionSchema.parse({
    scale: Array.from({ length: levels }, (_, i) => ({ label: `L${i + 1}`, anchor: `level ${i + 1}` })),
    raterWeights,
    dimensions: dimensions.map((d) =>
      'items' in d
        ? {
            key: d.key,
            name: d.key,
            weightBp: d.weightBp,
            items: Object.entries(d.items).map(([key, weightBp]) => ({ key, name: key, weightBp })),
          }
        : {
            key: d.key,
            name: d.key,
            weightBp: d.weightBp,
            source: 'attainment',
            attainmentCap: d.attainmentCap,
          },
    ),
  });
}

/** The worked example of §6: results 60 from attainment, ability 30 (items 50/50), attitude 10. */
const example = template([
  { key: 'results', weightBp: 6000, attainmentCap: 1 },
  { key: 'ability', weightBp: 3000, items: { expertise: 5000, learning: 5000 } },
  { key: 'attitude', weightBp: 1000, items: { ownership: 5000, initiative: 5000 } },
]);
const exampleRatings: SubmittedRating[] = [
  { raterId: 'm', raterType: 'manager', itemKey: 'expertise', rating: 4 },
  { raterId: 'm', raterType: 'manager', itemKey: 'learning', rating: 3 },
  { raterId: 's', raterType: 'self', itemKey: 'expertise', rating: 5 },
  { raterId: 's', raterType: 'self', itemKey: 'learning', rating: 4 },
  { raterId: 'm', raterType: 'manager', itemKey: 'ownership', rating: 4 },
  { raterId: 'm', raterType: 'manager', itemKey: 'initiative', rating: 4 },
];

const dimension = (b: ScoreBreakdown, key: string) => b.dimensions.find((d) => d.key === key)!;

describe('the worked example of §6', () => {
  const b = scoreRatee(example, exampleRatings, 0.9);

  it('scores results from attainment, ability from the renormalised rater types, attitude from the manager alone', () => {
    expect(dimension(b, 'results').score).toBe(90);
    expect(dimension(b, 'ability').score).toBeCloseTo((60 * 70 + 10 * 90) / 70, 12);
    expect(dimension(b, 'ability').raterTypes).toEqual([
      { raterType: 'self', weightBp: 1000, weightShare: 1 / 7, score: 90, raters: 1 },
      { raterType: 'manager', weightBp: 6000, weightShare: 6 / 7, score: 70, raters: 1 },
    ]);
    expect(dimension(b, 'attitude').score).toBe(80);
  });

  it('gives a final of 83.857… rounded to 83.86', () => {
    expect(b.finalScoreExact).toBeCloseTo(0.6 * 90 + 0.3 * ((60 * 70 + 10 * 90) / 70) + 0.1 * 80, 10);
    expect(b.finalScoreExact).toBeCloseTo(83.857142857143, 10);
    expect(b.finalScore).toBe(83.86);
  });

  it('gives each dimension its share and contribution, which add up to the final', () => {
    expect(b.dimensions.map((d) => d.weightShare)).toEqual([0.6, 0.3, 0.1]);
    const total = b.dimensions.reduce((s, d) => s + d.contribution, 0);
    expect(total).toBeCloseTo(b.finalScoreExact!, 10);
    expect(dimension(b, 'results')).toMatchObject({
      attainment: 0.9,
      attainmentCap: 1,
      raterTypes: [],
      items: [],
    });
  });

  it('breaks each item down by rater type', () => {
    expect(dimension(b, 'ability').items).toEqual([
      {
        key: 'expertise',
        name: 'expertise',
        weightBp: 5000,
        byType: [
          { raterType: 'self', meanRating: 5, meanScore: 100, raters: 1 },
          { raterType: 'manager', meanRating: 4, meanScore: 80, raters: 1 },
        ],
      },
      {
        key: 'learning',
        name: 'learning',
        weightBp: 5000,
        byType: [
          { raterType: 'self', meanRating: 4, meanScore: 80, raters: 1 },
          { raterType: 'manager', meanRating: 3, meanScore: 60, raters: 1 },
        ],
      },
    ]);
  });
});

describe("a rater's dimension scores", () => {
  it('is the weighted mean of the items that rater rated, on r / m × 100', () => {
    expect(
      raterDimensionScores(example, [
        { itemKey: 'expertise', rating: 4 },
        { itemKey: 'learning', rating: 3 },
        { itemKey: 'ownership', rating: 2 },
      ]),
    ).toEqual([
      { dimensionKey: 'ability', score: 70 },
      { dimensionKey: 'attitude', score: 40 },
    ]);
  });

  it('weighs the items it rated by their weights, renormalised over them', () => {
    const t = template([{ key: 'ability', weightBp: FULL_WEIGHT_BP, items: { a: 7500, b: 2500, c: 0 } }]);
    expect(
      raterDimensionScores(t, [
        { itemKey: 'a', rating: 5 },
        { itemKey: 'b', rating: 1 },
      ]),
    ).toEqual([{ dimensionKey: 'ability', score: 0.75 * 100 + 0.25 * 20 }]);
    expect(raterDimensionScores(t, [{ itemKey: 'b', rating: 1 }])).toEqual([
      { dimensionKey: 'ability', score: 20 },
    ]);
  });

  it('leaves out dimensions rated nothing of, or only zero-weight items of, and ignores unknown items', () => {
    const t = template([
      { key: 'ability', weightBp: 5000, items: { a: FULL_WEIGHT_BP, b: 0 } },
      { key: 'attitude', weightBp: 5000, items: { c: FULL_WEIGHT_BP } },
    ]);
    expect(raterDimensionScores(t, [{ itemKey: 'b', rating: 5 }])).toEqual([]);
    expect(
      raterDimensionScores(t, [
        { itemKey: 'gone', rating: 5 },
        { itemKey: 'c', rating: 3 },
      ]),
    ).toEqual([{ dimensionKey: 'attitude', score: 60 }]);
  });
});

describe('rater-type weights (§6)', () => {
  const t = template([{ key: 'ability', weightBp: FULL_WEIGHT_BP, items: { a: FULL_WEIGHT_BP } }]);
  const rating = (raterId: string, raterType: RaterType, r: number): SubmittedRating => ({
    raterId,
    raterType,
    itemKey: 'a',
    rating: r,
  });

  it('leaves out a type with no submitted rating: only manager and self → 60/10 become 85.71/14.29', () => {
    const b = scoreRatee(t, [rating('m', 'manager', 5), rating('s', 'self', 1)], null);
    const shares = dimension(b, 'ability').raterTypes.map((x) => [x.raterType, x.weightShare]);
    expect(shares).toEqual([
      ['self', 1000 / 7000],
      ['manager', 6000 / 7000],
    ]);
    expect(shares.map(([, share]) => roundScore(Number(share) * 100))).toEqual([14.29, 85.71]);
    expect(dimension(b, 'ability').weightShare).toBe(1);
    expect(b.finalScoreExact).toBeCloseTo((6000 * 100 + 1000 * 20) / 7000, 12);
  });

  it("takes a type's score as the mean over its raters", () => {
    const b = scoreRatee(
      t,
      [rating('p1', 'peer', 5), rating('p2', 'peer', 2), rating('p3', 'peer', 2)],
      null,
    );
    expect(dimension(b, 'ability').raterTypes).toEqual([
      { raterType: 'peer', weightBp: 2000, weightShare: 1, score: 60, raters: 3 },
    ]);
    expect(dimension(b, 'ability').items[0]!.byType).toEqual([
      { raterType: 'peer', meanRating: 3, meanScore: 60, raters: 3 },
    ]);
    expect(b.finalScore).toBe(60);
  });

  it('leaves a dimension unscored when only zero-weight types rated it', () => {
    const b = scoreRatee(t, [rating('c', 'collaborator', 5)], null);
    expect(dimension(b, 'ability')).toMatchObject({
      score: null,
      weightShare: 0,
      contribution: 0,
      raterTypes: [],
    });
    expect(b.finalScore).toBeNull();
    expect(b.finalScoreExact).toBeNull();
  });

  it('counts a type listed twice for a dimension once, as the mean over all its raters', () => {
    const scores: TypeDimensionScore[] = [
      { dimensionKey: 'ability', raterType: 'peer', score: 80, raters: 1 },
      { dimensionKey: 'ability', raterType: 'peer', score: 40, raters: 3 },
      { dimensionKey: 'ability', raterType: 'manager', score: 100, raters: 1 },
    ];
    const b = combineScores(t, scores, null);
    expect(dimension(b, 'ability').raterTypes.map((x) => [x.raterType, x.score, x.raters])).toEqual([
      ['manager', 100, 1],
      ['peer', 50, 4],
    ]);
    expect(b.finalScoreExact).toBeCloseTo((6000 * 100 + 2000 * 50) / 8000, 12);
  });
});

describe('dimensions and the final', () => {
  it('scores exactly 100 when self and manager rate 5 of 5 on every item', () => {
    const t = template([
      { key: 'ability', weightBp: 7000, items: { a: 3400, b: 3300, c: 3300 } },
      { key: 'attitude', weightBp: 3000, items: { d: 5000, e: 5000 } },
    ]);
    const ratings = templateItems(t).flatMap((item) =>
      (['self', 'manager'] as const).map((raterType) => ({
        raterId: raterType,
        raterType,
        itemKey: item.key,
        rating: 5,
      })),
    );
    const b = scoreRatee(t, ratings, null);
    expect(b.finalScoreExact).toBe(100);
    expect(b.finalScore).toBe(100);
    expect(b.dimensions.map((d) => d.score)).toEqual([100, 100]);
  });

  it('caps attainment: 1.37 with cap 1.2 → 120, with cap 1.0 → 100; attainment 0 scores 0', () => {
    const results = (cap: number, attainment: number | null) =>
      dimension(
        combineScores(
          template([{ key: 'results', weightBp: FULL_WEIGHT_BP, attainmentCap: cap }]),
          [],
          attainment,
        ),
        'results',
      );
    expect(results(1.2, 1.37).score).toBe(120);
    expect(results(1.2, 1.37)).toMatchObject({ attainment: 1.37, attainmentCap: 1.2, weightShare: 1 });
    expect(results(1, 1.37).score).toBe(100);
    expect(results(1, 0)).toMatchObject({ score: 0, weightShare: 1, contribution: 0 });
    expect(results(1, null)).toMatchObject({ score: null, weightShare: 0, contribution: 0 });
  });

  it('counts attainment 0 as a score of 0, not as unscored', () => {
    const b = scoreRatee(example, exampleRatings, 0);
    expect(dimension(b, 'results').weightShare).toBe(0.6);
    expect(b.finalScoreExact).toBeCloseTo(0.3 * ((60 * 70 + 10 * 90) / 70) + 0.1 * 80, 10);
  });

  it('leaves out an unscored dimension and renormalises the others', () => {
    const b = scoreRatee(example, exampleRatings, null);
    expect(b.dimensions.map((d) => d.weightShare)).toEqual([0, 0.75, 0.25]);
    expect(b.finalScoreExact).toBeCloseTo((3000 * ((60 * 70 + 10 * 90) / 70) + 1000 * 80) / 4000, 10);
    expect(b.finalScore).toBe(74.64);
  });

  it('has no final when no dimension is scored', () => {
    expect(scoreRatee(example, [], null)).toMatchObject({ finalScore: null, finalScoreExact: null });
    expect(
      combineScores(example, [], null).dimensions.every((d) => d.score === null && d.weightShare === 0),
    ).toBe(true);
  });
});

describe('roundScore', () => {
  it('rounds half-up to 2 decimals despite binary noise', () => {
    expect(roundScore(83.855)).toBe(83.86);
    expect(roundScore(0.005)).toBe(0.01);
    expect(roundScore(2.675)).toBe(2.68);
    expect(roundScore(1.005)).toBe(1.01);
    expect(roundScore(83.857142857143)).toBe(83.86);
    expect(roundScore(83.8549)).toBe(83.85);
    expect(roundScore(0.0049)).toBe(0);
    expect(roundScore(100)).toBe(100);
  });

  it('rounds every value with three decimals half-up (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (thousandths) => {
        expect(roundScore(thousandths / 1000)).toBe(Math.floor((thousandths + 5) / 10) / 100);
      }),
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        const once = roundScore(x);
        expect(roundScore(once)).toBe(once);
      }),
    );
  });
});

/** n weights in basis points summing to 100%, zeros allowed, as a template would hold them. */
const weightsBp = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 10 }), { minLength: n, maxLength: n }).map((xs) => {
    const total = xs.reduce((s, x) => s + x, 0) || 1;
    const bp = xs.map((x) => Math.floor((x * FULL_WEIGHT_BP) / total));
    const rest = FULL_WEIGHT_BP - bp.reduce((s, x) => s + x, 0);
    return bp.map((x, i) => (i === n - 1 ? x + rest : x));
  });

const raterWeightsArb = weightsBp(RATER_TYPES.length).map(
  (bp) => Object.fromEntries(RATER_TYPES.map((t, i) => [t, bp[i]!])) as RaterWeights,
);

/** Any valid template: 2..10 levels, 1..4 rating dimensions of 1..3 items, maybe an attainment dimension. */
const templateArb = (withAttainment = fc.boolean()) =>
  fc
    .record({
      levels: fc.integer({ min: 2, max: 10 }),
      itemCounts: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
      attainment: withAttainment,
      cap: fc.constantFrom(1, 1.2, 1.5),
    })
    .chain(({ levels, itemCounts, attainment, cap }) =>
      fc
        .tuple(
          weightsBp(itemCounts.length + (attainment ? 1 : 0)),
          raterWeightsArb,
          fc.tuple(...itemCounts.map(weightsBp)),
        )
        .map(([dimensionBp, raterWeights, itemBp]) => {
          const rated: DimensionSpec[] = itemBp.map((bp, d) => ({
            key: `d${d}`,
            weightBp: dimensionBp[d]!,
            items: Object.fromEntries(bp.map((w, i) => [`d${d}i${i}`, w])),
          }));
          const results: DimensionSpec[] = attainment
            ? [{ key: 'results', weightBp: dimensionBp[itemCounts.length]!, attainmentCap: cap }]
            : [];
          return template([...results, ...rated], { levels, raterWeights });
        }),
    );

/** Raters of any type, each rating any subset of the items (and now and then an item no longer in the template). */
const ratingsArb = (t: ReviewTemplateDefinition) =>
  fc
    .array(
      fc.record({
        raterType: fc.constantFrom(...RATER_TYPES),
        answers: fc.dictionary(
          fc.constantFrom(...templateItems(t).map((item) => item.key), 'removed-item'),
          fc.integer({ min: 1, max: t.scale.length }),
        ),
      }),
      { maxLength: 8 },
    )
    .map((raters) =>
      raters.flatMap(({ raterType, answers }, i) =>
        Object.entries(answers).map(([itemKey, rating]) => ({
          raterId: `r${i}`,
          raterType,
          itemKey,
          rating,
        })),
      ),
    );

const attainmentArb = fc.option(fc.double({ min: 0, max: 2, noNaN: true }));

const caseArb = templateArb().chain((t) => fc.tuple(fc.constant(t), ratingsArb(t), attainmentArb));

/** Numbers equal to ~1e-9: the same rule summed in another order may differ in the last bit. */
function near(value: unknown): unknown {
  if (typeof value === 'number') return expect.closeTo(value, 9);
  if (Array.isArray(value)) return value.map(near);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, near(v)]));
  return value;
}

describe('score properties', () => {
  it('scores r / m × 100 when a single rater rates every item r, for any m in 2..10', () => {
    fc.assert(
      fc.property(
        templateArb(fc.constant(false)).chain((t) =>
          fc.tuple(fc.constant(t), fc.integer({ min: 1, max: t.scale.length })),
        ),
        ([t, r]) => {
          const m = t.scale.length;
          const raterType = RATER_TYPES.find((type) => t.raterWeights[type] > 0)!;
          const ratings = templateItems(t).map((item) => ({
            raterId: 'x',
            raterType,
            itemKey: item.key,
            rating: r,
          }));
          const b = scoreRatee(t, ratings, null);
          expect(b.finalScoreExact).toBeCloseTo((r / m) * 100, 9);
          expect(b.finalScore).toBe(roundScore((r / m) * 100));
          for (const d of b.dimensions) expect(d.score).toBeCloseTo((r / m) * 100, 9);
        },
      ),
    );
  });

  it('puts the final between the lowest and highest score of the dimensions that count', () => {
    fc.assert(
      fc.property(caseArb, ([t, ratings, attainment]) => {
        const b = scoreRatee(t, ratings, attainment);
        const counted = b.dimensions.filter((d) => d.weightShare > 0).map((d) => d.score!);
        if (counted.length === 0) {
          expect(b.finalScoreExact).toBeNull();
          return;
        }
        expect(b.finalScoreExact!).toBeGreaterThanOrEqual(Math.min(...counted) - 1e-9);
        expect(b.finalScoreExact!).toBeLessThanOrEqual(Math.max(...counted) + 1e-9);
        expect(b.dimensions.reduce((s, d) => s + d.weightShare, 0)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('is Σ(w_dim · score) / 100 when every dimension is scored', () => {
    fc.assert(
      fc.property(caseArb, ([t, ratings, attainment]) => {
        const b = scoreRatee(t, ratings, attainment);
        if (b.dimensions.some((d) => d.score === null)) return;
        const sum = b.dimensions.reduce((s, d) => s + d.weightBp * d.score!, 0);
        expect(b.finalScoreExact).toBeCloseTo(sum / FULL_WEIGHT_BP, 9);
      }),
    );
  });

  it('changes nothing when a rater type of weight 0 adds ratings', () => {
    fc.assert(
      fc.property(
        caseArb.chain(([t, ratings, attainment]) => {
          // Give the collaborators' weight to the manager, then let collaborators rate.
          const raterWeights = {
            ...t.raterWeights,
            manager: t.raterWeights.manager + t.raterWeights.collaborator,
          };
          const zeroCollaborator = { ...t, raterWeights: { ...raterWeights, collaborator: 0 } };
          const extra = ratingsArb(t).map((rs) =>
            rs.map((r) => ({ ...r, raterType: 'collaborator' as const })),
          );
          return fc.tuple(
            fc.constant(zeroCollaborator),
            fc.constant(ratings),
            extra,
            fc.constant(attainment),
          );
        }),
        ([t, ratings, extra, attainment]) => {
          const own = ratings.filter((r) => r.raterType !== 'collaborator');
          expect(scoreRatee(t, [...own, ...extra], attainment)).toEqual(scoreRatee(t, own, attainment));
        },
      ),
    );
  });

  it('does not depend on the order of the ratings', () => {
    fc.assert(
      fc.property(
        caseArb.chain(([t, ratings, attainment]) =>
          fc.tuple(
            fc.constant(t),
            fc.constant(ratings),
            fc.shuffledSubarray(ratings, { minLength: ratings.length, maxLength: ratings.length }),
            fc.constant(attainment),
          ),
        ),
        ([t, ratings, shuffled, attainment]) => {
          expect(scoreRatee(t, shuffled, attainment)).toEqual(scoreRatee(t, ratings, attainment));
        },
      ),
    );
  });

  it('equals combineScores over the type means of every rater’s dimension scores', () => {
    fc.assert(
      fc.property(caseArb, ([t, ratings, attainment]) => {
        const raters = new Map<string, SubmittedRating[]>();
        for (const r of ratings) raters.set(r.raterId, [...(raters.get(r.raterId) ?? []), r]);
        const perType = new Map<string, { raterType: RaterType; dimensionKey: string; scores: number[] }>();
        for (const answers of raters.values()) {
          const raterType = answers[0]!.raterType;
          for (const { dimensionKey, score } of raterDimensionScores(t, answers)) {
            const key = `${raterType}/${dimensionKey}`;
            const entry = perType.get(key) ?? { raterType, dimensionKey, scores: [] };
            perType.set(key, { ...entry, scores: [...entry.scores, score] });
          }
        }
        const typeScores = [...perType.values()].map(({ raterType, dimensionKey, scores }) => ({
          raterType,
          dimensionKey,
          score: scores.reduce((s, x) => s + x, 0) / scores.length,
          raters: scores.length,
        }));
        const full = scoreRatee(t, ratings, attainment);
        const withoutItems = { ...full, dimensions: full.dimensions.map((d) => ({ ...d, items: [] })) };
        expect(withoutItems).toEqual(near(combineScores(t, typeScores, attainment)));
      }),
    );
  });
});
