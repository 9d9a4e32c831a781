import { defaultReviewTemplate, FIELD_MESSAGES, type ProblemBody, type ReviewGoal } from '@perfloop/core';
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import {
  anchorFor,
  countRated,
  fieldErrorMap,
  isCommentRequired,
  isNotEditable,
  isStaleVersion,
  midAnswersForApi,
  ratingChoices,
  serverPlanIndex,
  toFinalAnswers,
  toMidAnswers,
} from './review-form';

const { definition } = defaultReviewTemplate('zh-CN');

const t = ((key: string, options?: { defaultValue?: string }) => {
  const [ns, code] = key.split(':') as [string, string];
  if (ns === 'fieldErrors') return FIELD_MESSAGES[code as keyof typeof FIELD_MESSAGES]?.['en-US'];
  return options?.defaultValue ?? key;
}) as unknown as TFunction;

const problem = (status: number, code: ProblemBody['code'], errors?: ProblemBody['errors']) =>
  new ApiError(status, { type: 'about:blank', title: 'x', status, code, errors });

describe('behaviour anchors of a rating level', () => {
  it("shows the scale's anchor when the item has none of its own", () => {
    expect(anchorFor(definition, { anchors: [] }, 4)).toBe(definition.scale[4]?.anchor);
  });

  it("shows the item's own anchor for a level where it has one, the scale's where it is blank", () => {
    const item = { anchors: ['a1', '', 'a3', '  ', 'a5'] };
    expect(anchorFor(definition, item, 0)).toBe('a1');
    expect(anchorFor(definition, item, 1)).toBe(definition.scale[1]?.anchor);
    expect(anchorFor(definition, item, 3)).toBe(definition.scale[3]?.anchor);
    expect(anchorFor(definition, item, 4)).toBe('a5');
  });

  it('offers every level lowest first, a rating r being the r-th level', () => {
    const choices = ratingChoices(definition, { anchors: [] });
    expect(choices.map((c) => c.rating)).toEqual([1, 2, 3, 4, 5]);
    expect(choices[0]).toEqual({ rating: 1, label: '不合格', anchor: definition.scale[0]?.anchor });
  });
});

describe('when a comment is required', () => {
  const scale7 = { scale: Array.from({ length: 7 }, () => ({ label: 'l', anchor: 'a' })) };

  it('asks for one at the bottom and the top of the scale when the template says so', () => {
    const asks = { ...scale7, commentRequiredAtExtremes: true };
    expect([1, 2, 3, 4, 5, 6, 7].map((r) => isCommentRequired(asks, r))).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('asks for none without a rating, for "can\'t judge", or when the template does not ask', () => {
    expect(isCommentRequired({ ...scale7, commentRequiredAtExtremes: true }, null)).toBe(false);
    expect(isCommentRequired({ ...scale7, commentRequiredAtExtremes: true }, undefined)).toBe(false);
    expect(isCommentRequired({ ...scale7, commentRequiredAtExtremes: false }, 7)).toBe(false);
    expect(isCommentRequired({ ...scale7, commentRequiredAtExtremes: false }, 1)).toBe(false);
  });
});

describe('answers of the form', () => {
  it('counts "can\'t judge" as answered and leaves attainment dimensions out', () => {
    const answers = toFinalAnswers({
      ratings: { expertise: 4, learning: null },
      comments: {},
      strengths: '',
      improvements: '',
    });
    expect(countRated(definition, answers)).toEqual({ rated: 2, total: 5 });
  });

  const goals: ReviewGoal[] = [
    { goalId: 'g1', title: 'A', weightBp: 5000, progress: 0.5, progressText: [] },
    { goalId: 'g2', title: 'B', weightBp: 5000, progress: 0.2, progressText: [] },
  ];

  it('gives every goal of the ratee a row, in their order, keeping what was answered', () => {
    const mid = toMidAnswers(
      {
        goals: [{ goalId: 'g2', risk: 'high', comment: '客户延期' }],
        retrospective: { done: '', notDone: '', lessons: '', plan: [] },
      },
      goals,
    );
    expect(mid.goals).toEqual([
      { goalId: 'g1', risk: null, comment: '' },
      { goalId: 'g2', risk: 'high', comment: '客户延期' },
    ]);
  });

  it('sends no blank plan item, and knows a plan item by its index among those sent', () => {
    const plan = [
      { text: '周会复盘', dueDate: null, followUpId: null },
      { text: ' ', dueDate: null, followUpId: null },
      { text: '补齐客户拜访', dueDate: '2026-12-31', followUpId: null },
    ];
    const mid = toMidAnswers({ goals: [], retrospective: { done: '', notDone: '', lessons: '', plan } }, []);
    expect(midAnswersForApi(mid).retrospective.plan.map((p) => p.text)).toEqual(['周会复盘', '补齐客户拜访']);
    expect([0, 1, 2, 3].map((i) => serverPlanIndex(plan, i))).toEqual([0, null, 1, null]);
  });
});

describe('server errors on the form', () => {
  it('puts each field error under its item, by the path the server names', () => {
    const error = problem(400, 'validation.failed', [
      { path: 'body.answers.comments.expertise', code: 'comment_required', message: 'x' },
      { path: 'body.answers.ratings.learning', code: 'invalid_rating', message: 'x' },
      { path: 'body.answers.ratings', code: 'nothing_rated', message: 'x' },
    ]);
    expect(fieldErrorMap(error, t)).toEqual({
      'answers.comments.expertise': 'a rating at the top or bottom of the scale needs a comment',
      'answers.ratings.learning': 'must be a whole level of the rating scale',
      'answers.ratings': 'rate at least one item',
    });
    expect(fieldErrorMap(new Error('x'), t)).toEqual({});
  });

  it('fills the placeholders of a message, else shows the message the server wrote', () => {
    const tWith = ((key: string, options?: Record<string, unknown>) =>
      String(t(key, options as never)).replace(/\{(\w+)\}/g, (w, k: string) =>
        options?.[k] === undefined ? w : String(options[k]),
      )) as unknown as TFunction;
    const count = (message: string) =>
      problem(400, 'validation.failed', [{ path: 'body.peerIds', code: 'nominations_count', message }]);
    expect(fieldErrorMap(count('x'), tWith, { min: 3, max: 5 })).toEqual({
      peerIds: 'nominate from 3 to 5 people',
    });
    expect(fieldErrorMap(count('nominate from 2 to 4 people'), t)).toEqual({
      peerIds: 'nominate from 2 to 4 people',
    });
  });

  it('tells a stale version from a review that can no longer change', () => {
    expect(isStaleVersion(problem(412, 'precondition.failed'))).toBe(true);
    expect(isStaleVersion(problem(409, 'review.not_editable'))).toBe(false);
    expect(isNotEditable(problem(409, 'review.not_editable'))).toBe(true);
  });
});
