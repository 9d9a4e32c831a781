import { describe, expect, it } from 'vitest';
import {
  defaultReviewTemplate,
  type ReviewTemplateDefinition,
  ReviewTemplateDefinitionSchema,
  templateItems,
} from './review-template.ts';

/** The default template's definition, changed by `edit` (a deep copy, so tests do not share it). */
function definition(edit: (d: ReviewTemplateDefinition) => void = () => {}): ReviewTemplateDefinition {
  const d: ReviewTemplateDefinition = JSON.parse(JSON.stringify(defaultReviewTemplate('zh-CN').definition));
  edit(d);
  return d;
}
const codes = (input: unknown) => {
  const result = ReviewTemplateDefinitionSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};
const dimension = (d: ReviewTemplateDefinition, key: string) => d.dimensions.find((x) => x.key === key)!;

describe('review template definition (§6)', () => {
  it('ships a valid default template in both languages: 业绩 60 from attainment, 能力 30, 态度 10', () => {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const { name, definition: d } = defaultReviewTemplate(locale);
      expect(codes(d)).toEqual([]);
      expect(name.length).toBeGreaterThan(0);
      expect(d.dimensions.map((x) => [x.key, x.weightBp, x.source])).toEqual([
        ['results', 6000, 'attainment'],
        ['ability', 3000, 'ratings'],
        ['attitude', 1000, 'ratings'],
      ]);
      expect(d.raterWeights).toEqual({
        manager: 6000,
        peer: 2000,
        subordinate: 1000,
        self: 1000,
        collaborator: 0,
      });
      expect(d.scale).toHaveLength(5);
      expect(d.scale.every((level) => level.anchor.length > 0)).toBe(true);
      // Parsing adds nothing: what is stored is what the schema gives back.
      expect(ReviewTemplateDefinitionSchema.parse(d)).toEqual(d);
    }
    expect(defaultReviewTemplate('zh-CN').definition.dimensions[0]!.name).toBe('业绩');
    expect(defaultReviewTemplate('en-US').definition.dimensions[0]!.name).toBe('Results');
  });

  it('keeps the keys the same in both languages, so answers refer to the same items', () => {
    const keys = (locale: 'zh-CN' | 'en-US') =>
      templateItems(defaultReviewTemplate(locale).definition).map((i) => i.key);
    expect(keys('en-US')).toEqual(keys('zh-CN'));
  });

  it('accepts dimension weights 60/30/10 and rejects 60/30/9.99, exactly', () => {
    expect(codes(definition())).toEqual([]);
    expect(
      codes(
        definition((d) => {
          dimension(d, 'attitude').weightBp = 999;
        }),
      ),
    ).toEqual(['dimensions:weights_not_100']);
  });

  it('rejects item weights that do not sum to 100 (30 + 69.99)', () => {
    const d = definition((x) => {
      const attitude = dimension(x, 'attitude');
      attitude.items[0]!.weightBp = 3000;
      attitude.items[1]!.weightBp = 6999;
    });
    expect(codes(d)).toEqual(['dimensions.2.items:weights_not_100']);
    dimension(d, 'attitude').items[1]!.weightBp = 7000;
    expect(codes(d)).toEqual([]);
  });

  it('refuses fractional, negative and over-100 basis points', () => {
    expect(
      codes(
        definition((d) => {
          dimension(d, 'ability').weightBp = 2999.5;
          dimension(d, 'attitude').weightBp = 1000.5;
        }),
      ),
    ).toEqual(['dimensions.1.weightBp:invalid_weight', 'dimensions.2.weightBp:invalid_weight']);
    expect(
      codes(
        definition((d) => {
          d.raterWeights.collaborator = -1;
        }),
      ),
    ).toContain('raterWeights.collaborator:invalid_weight');
    expect(
      codes(
        definition((d) => {
          dimension(d, 'results').weightBp = 10001;
        }),
      ),
    ).toContain('dimensions.0.weightBp:invalid_weight');
  });

  it('needs rater-type weights that sum to 100', () => {
    expect(
      codes(
        definition((d) => {
          d.raterWeights.self = 999;
        }),
      ),
    ).toEqual(['raterWeights:weights_not_100']);
    expect(
      codes(
        definition((d) => {
          d.raterWeights = { manager: 5000, peer: 2000, subordinate: 1000, self: 1000, collaborator: 1000 };
        }),
      ),
    ).toEqual([]);
  });

  it('needs 2 to 10 levels on the scale, each with a label and a behaviour anchor', () => {
    const level = { label: 'L', anchor: 'A' };
    expect(codes(definition((d) => (d.scale = [level])))).toEqual(['scale:too_few']);
    expect(codes(definition((d) => (d.scale = Array(11).fill(level))))).toEqual(['scale:too_many']);
    expect(codes(definition((d) => (d.scale = [level, level])))).toEqual([]);
    expect(codes(definition((d) => (d.scale = Array(10).fill(level))))).toEqual([]);
    expect(codes(definition((d) => (d.scale[2]!.anchor = '   ')))).toEqual(['scale.2.anchor:required']);
  });

  it('takes item anchors only one per level of the scale', () => {
    const withAnchors = (n: number) =>
      definition((d) => {
        dimension(d, 'ability').items[0]!.anchors = Array.from({ length: n }, (_, i) => `级别${i + 1}`);
      });
    expect(codes(withAnchors(5))).toEqual([]);
    expect(codes(withAnchors(4))).toEqual(['dimensions.1.items.0.anchors:anchors_per_level']);
    expect(codes(withAnchors(6))).toEqual(['dimensions.1.items.0.anchors:anchors_per_level']);
  });

  it('rejects duplicate dimension and item keys (answers refer to them)', () => {
    expect(
      codes(
        definition((d) => {
          dimension(d, 'attitude').key = 'ability';
        }),
      ),
    ).toEqual(['dimensions.2.key:duplicate']);
    expect(
      codes(
        definition((d) => {
          dimension(d, 'attitude').items[0]!.key = 'expertise';
        }),
      ),
    ).toEqual(['dimensions.2.items.0.key:duplicate']);
    expect(
      codes(
        definition((d) => {
          dimension(d, 'ability').items[0]!.key = 'not a key';
        }),
      ),
    ).toEqual(['dimensions.1.items.0.key:invalid_key']);
  });

  it('computes an attainment dimension from goals: it has no items, and there is at most one', () => {
    expect(
      codes(
        definition((d) => {
          dimension(d, 'results').items = [
            { key: 'sales', name: '销售额', description: '', weightBp: 10000, anchors: [] },
          ];
        }),
      ),
    ).toEqual(['dimensions.0.items:attainment_has_no_items']);
    expect(
      codes(
        definition((d) => {
          const attitude = dimension(d, 'attitude');
          attitude.source = 'attainment';
          attitude.items = [];
        }),
      ),
    ).toEqual(['dimensions:one_attainment_dimension']);
    expect(
      codes(
        definition((d) => {
          dimension(d, 'ability').items = [];
        }),
      ),
    ).toEqual(['dimensions.1.items:too_few']);
  });

  it('keeps the attainment cap between 0.1 and 10', () => {
    expect(codes(definition((d) => (dimension(d, 'results').attainmentCap = 1.2)))).toEqual([]);
    expect(codes(definition((d) => (dimension(d, 'results').attainmentCap = 0)))).toEqual([
      'dimensions.0.attainmentCap:number_out_of_range',
    ]);
  });

  it('needs a nomination minimum no larger than the maximum, and an anonymity minimum of at least 2', () => {
    expect(codes(definition((d) => (d.nominations = { min: 6, max: 5 })))).toEqual([
      'nominations.min:min_above_max',
    ]);
    expect(codes(definition((d) => (d.anonymityMinimum = 1)))).toEqual([
      'anonymityMinimum:number_out_of_range',
    ]);
  });

  it('fills what a client leaves out with the defaults', () => {
    const { commentRequiredAtExtremes, anonymityMinimum, nominations, upwardReviews, ...rest } = definition();
    const parsed = ReviewTemplateDefinitionSchema.parse(rest);
    expect(parsed).toMatchObject({
      commentRequiredAtExtremes: true,
      anonymityMinimum: 3,
      nominations: { min: 3, max: 5 },
      upwardReviews: true,
    });
  });
});
