import { z } from 'zod';
import { FULL_WEIGHT_BP } from '../goals/progress.ts';
import { required, text } from '../shared/schema-fields.ts';

/*
 * Review templates (§6): dimensions with weights, items with weights, a rating scale 1..m whose
 * every level carries a behaviour anchor, rater-type weights, and whether the results dimension
 * comes from goal attainment. Weights are basis points (10000 = 100%), validated exactly.
 */

/** Who rates a ratee. Peer, subordinate and collaborator answers are anonymous (§6). */
export const RATER_TYPES = ['self', 'manager', 'peer', 'subordinate', 'collaborator'] as const;
export type RaterType = (typeof RATER_TYPES)[number];
/** Rater types whose answers the ratee only ever sees aggregated, above the anonymity minimum. */
export const ANONYMOUS_RATER_TYPES: readonly RaterType[] = ['peer', 'subordinate', 'collaborator'];
export const isAnonymousRaterType = (t: RaterType) => ANONYMOUS_RATER_TYPES.includes(t);

export const MAX_SCALE_LEVELS = 10;
export const MIN_SCALE_LEVELS = 2;

const WeightBp = z
  .number()
  .int('invalid_weight')
  .min(0, 'invalid_weight')
  .max(FULL_WEIGHT_BP, 'invalid_weight');
/** Dimension and item keys: stable ids answers refer to across template versions. */
const Key = z
  .string()
  .trim()
  .min(1, 'required')
  .max(40, 'too_long')
  .regex(/^[a-z0-9_-]+$/i, 'invalid_key');

export const ScaleLevelSchema = z.object({
  /** 优秀 / Outstanding. */
  label: required(40),
  /** The behaviour anchor of the level (行为锚定): what a rating at this level looks like. */
  anchor: required(500),
});

export const TemplateItemSchema = z.object({
  key: Key,
  name: required(200),
  description: text(1000).default(''),
  weightBp: WeightBp,
  /** Anchors of this item per level (lowest first), where they differ from the scale's. */
  anchors: z.array(text(500)).max(MAX_SCALE_LEVELS).default([]),
});
export type TemplateItem = z.infer<typeof TemplateItemSchema>;

export const TemplateDimensionSchema = z.object({
  key: Key,
  name: required(100),
  weightBp: WeightBp,
  /** `attainment`: score = min(attainment, cap) × 100, no items and no raters (§6). */
  source: z.enum(['ratings', 'attainment']).default('ratings'),
  /** The cap of an attainment dimension (1.2 lets 137% attainment score 120). */
  attainmentCap: z.number().min(0.1, 'number_out_of_range').max(10, 'number_out_of_range').default(1),
  items: z.array(TemplateItemSchema).max(30, 'too_many').default([]),
});
export type TemplateDimension = z.infer<typeof TemplateDimensionSchema>;

export const RaterWeightsSchema = z.object({
  self: WeightBp,
  manager: WeightBp,
  peer: WeightBp,
  subordinate: WeightBp,
  collaborator: WeightBp,
});
export type RaterWeights = z.infer<typeof RaterWeightsSchema>;

export const ReviewTemplateDefinitionSchema = z
  .object({
    /** Levels lowest first: a rating r on 1..m (m = levels.length) scores r / m × 100. */
    scale: z.array(ScaleLevelSchema).min(MIN_SCALE_LEVELS, 'too_few').max(MAX_SCALE_LEVELS, 'too_many'),
    /** A rating at the top or bottom of the scale needs a written comment. */
    commentRequiredAtExtremes: z.boolean().default(true),
    raterWeights: RaterWeightsSchema,
    /** Peer, subordinate and collaborator answers show only where at least this many of the type submitted. */
    anonymityMinimum: z
      .number()
      .int('invalid_number_value')
      .min(2, 'number_out_of_range')
      .max(20, 'number_out_of_range')
      .default(3),
    /** Nominated peers and cross-department collaborators together. */
    nominations: z
      .object({
        min: z.number().int().min(0, 'number_out_of_range').max(20, 'number_out_of_range'),
        max: z.number().int().min(0, 'number_out_of_range').max(20, 'number_out_of_range'),
      })
      .default({ min: 3, max: 5 }),
    /** Managers with at least 3 direct reports in the review get upward reviews from them. */
    upwardReviews: z.boolean().default(true),
    dimensions: z.array(TemplateDimensionSchema).min(1, 'too_few').max(10, 'too_many'),
  })
  .superRefine((t, ctx) => {
    const sum = (xs: readonly { weightBp: number }[]) => xs.reduce((s, x) => s + x.weightBp, 0);
    if (sum(t.dimensions) !== FULL_WEIGHT_BP)
      ctx.addIssue({ code: 'custom', path: ['dimensions'], message: 'weights_not_100' });
    const raterSum = RATER_TYPES.reduce((s, r) => s + t.raterWeights[r], 0);
    if (raterSum !== FULL_WEIGHT_BP)
      ctx.addIssue({ code: 'custom', path: ['raterWeights'], message: 'weights_not_100' });
    if (t.nominations.min > t.nominations.max)
      ctx.addIssue({ code: 'custom', path: ['nominations', 'min'], message: 'min_above_max' });
    const dimensionKeys = new Set<string>();
    const itemKeys = new Set<string>();
    t.dimensions.forEach((d, di) => {
      if (dimensionKeys.has(d.key))
        ctx.addIssue({ code: 'custom', path: ['dimensions', di, 'key'], message: 'duplicate' });
      dimensionKeys.add(d.key);
      if (d.source === 'attainment') {
        if (d.items.length > 0)
          ctx.addIssue({
            code: 'custom',
            path: ['dimensions', di, 'items'],
            message: 'attainment_has_no_items',
          });
        return;
      }
      if (d.items.length === 0)
        ctx.addIssue({ code: 'custom', path: ['dimensions', di, 'items'], message: 'too_few' });
      else if (sum(d.items) !== FULL_WEIGHT_BP)
        ctx.addIssue({ code: 'custom', path: ['dimensions', di, 'items'], message: 'weights_not_100' });
      d.items.forEach((item, ii) => {
        if (itemKeys.has(item.key))
          ctx.addIssue({
            code: 'custom',
            path: ['dimensions', di, 'items', ii, 'key'],
            message: 'duplicate',
          });
        itemKeys.add(item.key);
        if (item.anchors.length > 0 && item.anchors.length !== t.scale.length)
          ctx.addIssue({
            code: 'custom',
            path: ['dimensions', di, 'items', ii, 'anchors'],
            message: 'anchors_per_level',
          });
      });
    });
    if (t.dimensions.filter((d) => d.source === 'attainment').length > 1)
      ctx.addIssue({ code: 'custom', path: ['dimensions'], message: 'one_attainment_dimension' });
  });
export type ReviewTemplateDefinition = z.infer<typeof ReviewTemplateDefinitionSchema>;

/** The rating dimensions' items, in template order, with the dimension each belongs to. */
export function templateItems(t: ReviewTemplateDefinition): (TemplateItem & { dimensionKey: string })[] {
  return t.dimensions.flatMap((d) =>
    d.source === 'ratings' ? d.items.map((item) => ({ ...item, dimensionKey: d.key })) : [],
  );
}

/** The default template (业绩 60 from attainment / 能力 30 / 态度 10; manager 60, peer 20, subordinate 10, self 10). */
export function defaultReviewTemplate(locale: 'zh-CN' | 'en-US'): {
  name: string;
  definition: ReviewTemplateDefinition;
} {
  const zh = locale === 'zh-CN';
  const scale = zh
    ? [
        { label: '不合格', anchor: '多数时候达不到岗位要求，需要他人频繁补位，问题反复出现。' },
        { label: '待改进', anchor: '部分达到岗位要求，需要较多指导，交付偶有延误或返工。' },
        { label: '达标', anchor: '稳定达到岗位要求，按时按质交付，遇到问题能主动沟通。' },
        { label: '良好', anchor: '经常超出岗位要求，主动改进工作方法，能带动身边同事。' },
        { label: '卓越', anchor: '持续显著超出要求，成为团队标杆，推动问题在48小时内闭环。' },
      ]
    : [
        {
          label: 'Unsatisfactory',
          anchor: 'Mostly below what the role needs; others often step in; problems recur.',
        },
        {
          label: 'Needs improvement',
          anchor: 'Partly meets the role; needs frequent guidance; delivery sometimes late or redone.',
        },
        {
          label: 'Meets expectations',
          anchor: 'Reliably meets the role; delivers on time and to standard; raises problems early.',
        },
        {
          label: 'Exceeds expectations',
          anchor: 'Often goes beyond the role; improves how work is done; lifts colleagues.',
        },
        {
          label: 'Outstanding',
          anchor: 'Consistently far beyond the role; a model for the team; closes problems within 48 hours.',
        },
      ];
  const item = (
    key: string,
    zhName: string,
    enName: string,
    zhDesc: string,
    enDesc: string,
    weightBp: number,
  ) => ({
    key,
    name: zh ? zhName : enName,
    description: zh ? zhDesc : enDesc,
    weightBp,
    anchors: [] as string[],
  });
  return {
    name: zh ? '默认绩效评估模板' : 'Default review template',
    definition: {
      scale,
      commentRequiredAtExtremes: true,
      raterWeights: { manager: 6000, peer: 2000, subordinate: 1000, self: 1000, collaborator: 0 },
      anonymityMinimum: 3,
      nominations: { min: 3, max: 5 },
      upwardReviews: true,
      dimensions: [
        {
          key: 'results',
          name: zh ? '业绩' : 'Results',
          weightBp: 6000,
          source: 'attainment',
          attainmentCap: 1,
          items: [],
        },
        {
          key: 'ability',
          name: zh ? '能力' : 'Ability',
          weightBp: 3000,
          source: 'ratings',
          attainmentCap: 1,
          items: [
            item(
              'expertise',
              '专业能力',
              'Expertise',
              '掌握岗位所需知识与技能，独立解决问题。',
              'Knows the craft of the role and solves problems alone.',
              3400,
            ),
            item(
              'collaboration',
              '协作',
              'Collaboration',
              '主动共享资源，跨团队推动问题解决。',
              'Shares resources and drives problems to closure across teams.',
              3300,
            ),
            item(
              'learning',
              '学习与改进',
              'Learning',
              '复盘经验教训并落实改进计划。',
              'Learns from reviews and carries out improvement plans.',
              3300,
            ),
          ],
        },
        {
          key: 'attitude',
          name: zh ? '态度' : 'Attitude',
          weightBp: 1000,
          source: 'ratings',
          attainmentCap: 1,
          items: [
            item(
              'ownership',
              '责任心',
              'Ownership',
              '对结果负责，承诺的事按时完成。',
              'Owns outcomes and keeps commitments.',
              5000,
            ),
            item(
              'initiative',
              '主动性',
              'Initiative',
              '不等安排，主动发现并解决问题。',
              'Finds and fixes problems without being asked.',
              5000,
            ),
          ],
        },
      ],
    },
  };
}
