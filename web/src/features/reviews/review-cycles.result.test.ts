import {
  defaultReviewTemplate,
  type ParticipantResult,
  type ReviewCycle,
  type ReviewTemplate,
} from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { anonymityMinimumOf, answerRows, hasHiddenParts } from './review-cycles.result';

const answers = (ratings: Record<string, number | null>, comments: Record<string, string> = {}) => ({
  ratings,
  comments,
  strengths: '',
  improvements: '',
});

const result: ParticipantResult = {
  reviewCycleId: '0190f0c5-0000-7000-8000-000000000010',
  employeeId: '0190f0c5-0000-7000-8000-000000000004',
  name: '李四',
  finalScore: 83.86,
  finalScoreExact: 83.857142857,
  attainment: 0.9,
  breakdown: [
    {
      key: 'ability',
      name: '能力',
      weightBp: 3000,
      source: 'ratings',
      score: 72.857,
      weightShare: 0.3,
      contribution: 21.857,
      raterTypes: [],
      items: [
        { key: 'expertise', name: '专业能力', weightBp: 5000, byType: [] },
        { key: 'collaboration', name: '协作', weightBp: 5000, byType: [] },
      ],
    },
    {
      key: 'attitude',
      name: '态度',
      weightBp: 1000,
      source: 'ratings',
      score: 80,
      weightShare: 0.1,
      contribution: 8,
      raterTypes: [],
      items: [{ key: 'ownership', name: '责任心', weightBp: 10000, byType: [] }],
    },
  ],
  self: answers({ collaboration: 4, expertise: 5, ownership: null }, { expertise: '主导了新客户签约' }),
  manager: { ...answers({ expertise: 4, ownership: 4, retired: 3 }), reviewerName: '张三' },
  groups: [],
  anonymityMinimum: 3,
  scoreWithheld: null,
  hidden: [],
};

describe('self and manager answers side by side', () => {
  it('gives one row per answered item in template order, telling 不了解 (null) from unanswered', () => {
    expect(answerRows(result)).toEqual([
      {
        key: 'expertise',
        name: '专业能力',
        selfRating: 5,
        selfComment: '主导了新客户签约',
        managerRating: 4,
        managerComment: '',
      },
      {
        key: 'collaboration',
        name: '协作',
        selfRating: 4,
        selfComment: '',
        managerRating: undefined,
        managerComment: '',
      },
      {
        key: 'ownership',
        name: '责任心',
        selfRating: null,
        selfComment: '',
        managerRating: 4,
        managerComment: '',
      },
      {
        key: 'retired',
        name: 'retired',
        selfRating: undefined,
        selfComment: '',
        managerRating: 3,
        managerComment: '',
      },
    ]);
  });

  it('has no rows when neither answered', () => {
    expect(answerRows({ ...result, self: null, manager: null })).toEqual([]);
  });
});

describe('the anonymity minimum a note may name', () => {
  const { definition } = defaultReviewTemplate('zh-CN');
  const template = (id: string, anonymityMinimum: number, updatedAt: string): ReviewTemplate => ({
    id,
    name: id,
    templateVersion: 1,
    version: 1,
    definition: { ...definition, anonymityMinimum },
    archived: false,
    usedBy: 1,
    createdAt: '2026-08-01T00:00:00.000Z',
    updatedAt,
  });
  const population = (templateId: string | null) => ({
    templateId,
    templateName: null,
    departmentIds: [],
    includeSubDepartments: true,
    jobLevels: [],
    employeeIds: [],
  });
  const round = (templateIds: (string | null)[], launchedAt: string | null = '2026-09-01T00:00:00.000Z') =>
    ({ launchedAt, populations: templateIds.map(population) }) as unknown as ReviewCycle;
  const a = template('a', 3, '2026-08-15T00:00:00.000Z');
  const b = template('b', 4, '2026-08-15T00:00:00.000Z');
  const a2 = template('a2', 3, '2026-08-20T00:00:00.000Z');

  it('is the minimum of the one template the round uses, or of several that agree', () => {
    expect(anonymityMinimumOf(round(['a']), [a, b])).toBe(3);
    expect(anonymityMinimumOf(round(['a', 'a2']), [a, a2])).toBe(3);
  });

  it('is unknown when templates differ, one is missing, or one changed after the launch', () => {
    expect(anonymityMinimumOf(round(['a', 'b']), [a, b])).toBeNull();
    expect(anonymityMinimumOf(round(['a']), [])).toBeNull();
    expect(anonymityMinimumOf(round(['a']), [template('a', 3, '2026-09-02T00:00:00.000Z')])).toBeNull();
    expect(anonymityMinimumOf(round(['a'], null), [a])).toBeNull();
    expect(anonymityMinimumOf(round([null]), [a])).toBeNull();
  });
});

describe('rater types left out of a breakdown', () => {
  const ability = (raterTypes: ParticipantResult['breakdown'][number]['raterTypes']) => ({
    ...result.breakdown[0]!,
    raterTypes,
  });
  const part = (raterType: 'self' | 'manager' | 'peer', weightShare: number) => ({
    raterType,
    weightBp: 1000,
    weightShare,
    score: 80,
    raters: 1,
  });

  it('notices when the shares shown do not add up to the whole', () => {
    expect(hasHiddenParts(ability([part('manager', 0.6), part('self', 0.1)]))).toBe(true);
    expect(hasHiddenParts(ability([]))).toBe(true);
  });

  it('says nothing when every part is shown, whatever the binary noise of the shares', () => {
    expect(hasHiddenParts(ability([part('self', 1 / 7), part('manager', 6 / 7)]))).toBe(false);
    expect(hasHiddenParts(ability([part('self', 0.1), part('manager', 0.2), part('peer', 0.7)]))).toBe(false);
  });

  it('says nothing of unscored or attainment dimensions', () => {
    expect(hasHiddenParts({ ...ability([]), score: null })).toBe(false);
    expect(hasHiddenParts({ ...ability([]), source: 'attainment' })).toBe(false);
  });
});
