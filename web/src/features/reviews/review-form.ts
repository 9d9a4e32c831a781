import type {
  FinalAnswers,
  MidAnswers,
  Retrospective,
  Review,
  ReviewGoal,
  ReviewTemplateDefinition,
  TemplateItem,
} from '@perfloop/core';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';

/*
 * The reviewer's form without React: what each rating level shows, when a comment is asked for,
 * the answers as the form keeps them and as the API takes them, and the server's field errors by
 * field. The server decides every rule again on submit; these only say it ahead, as the template
 * states it.
 */

/** One level of the scale as a choice: its rating (1..m), label and behaviour anchor. */
export type RatingChoice = { rating: number; label: string; anchor: string };

/**
 * The behaviour anchor shown for a level of an item: the item's own anchor where the template
 * gives one for that level, else the scale's (templates may leave single levels blank).
 */
export function anchorFor(
  definition: ReviewTemplateDefinition,
  item: Pick<TemplateItem, 'anchors'>,
  levelIndex: number,
): string {
  const own = item.anchors[levelIndex]?.trim();
  return own ? own : (definition.scale[levelIndex]?.anchor ?? '');
}

/** The choices of an item, lowest level first (a rating r is the r-th level). */
export function ratingChoices(
  definition: ReviewTemplateDefinition,
  item: Pick<TemplateItem, 'anchors'>,
): RatingChoice[] {
  return definition.scale.map((level, i) => ({
    rating: i + 1,
    label: level.label,
    anchor: anchorFor(definition, item, i),
  }));
}

/**
 * Whether the rating chosen asks for a written comment: the template says so and the rating is
 * the top or the bottom of the scale. No rating and "can't judge" (null) ask for none.
 */
export function isCommentRequired(
  definition: Pick<ReviewTemplateDefinition, 'commentRequiredAtExtremes' | 'scale'>,
  rating: number | null | undefined,
): boolean {
  if (!definition.commentRequiredAtExtremes) return false;
  if (rating === null || rating === undefined) return false;
  return rating === 1 || rating === definition.scale.length;
}

/** Final answers as the form edits them: an item missing from `ratings` is not yet rated. */
export function toFinalAnswers(answers: Review['answers']): FinalAnswers {
  const a = answers as Partial<FinalAnswers>;
  return {
    ratings: { ...(a.ratings ?? {}) },
    comments: { ...(a.comments ?? {}) },
    strengths: a.strengths ?? '',
    improvements: a.improvements ?? '',
  };
}

/** Mid-cycle answers as the form edits them: one row per goal of the ratee, in the goals' order. */
export function toMidAnswers(answers: Review['answers'], goals: readonly ReviewGoal[]): MidAnswers {
  const a = answers as Partial<MidAnswers>;
  const byGoal = new Map((a.goals ?? []).map((g) => [g.goalId, g]));
  const retro: Partial<Retrospective> = a.retrospective ?? {};
  return {
    goals: goals.map((g) => ({
      goalId: g.goalId,
      risk: byGoal.get(g.goalId)?.risk ?? null,
      comment: byGoal.get(g.goalId)?.comment ?? '',
    })),
    retrospective: {
      done: retro.done ?? '',
      notDone: retro.notDone ?? '',
      lessons: retro.lessons ?? '',
      plan: (retro.plan ?? []).map((p) => ({
        text: p.text,
        dueDate: p.dueDate ?? null,
        followUpId: p.followUpId ?? null,
      })),
    },
  };
}

/**
 * Mid-cycle answers as the API takes them: plan items still blank are left out (a plan item
 * needs a text), so a half-typed form still saves.
 */
export function midAnswersForApi(answers: MidAnswers): MidAnswers {
  return {
    ...answers,
    retrospective: {
      ...answers.retrospective,
      plan: answers.retrospective.plan.filter((p) => p.text.trim() !== ''),
    },
  };
}

/**
 * The index the server knows a plan item by (blank items are not sent), or null for a blank
 * item, which the server does not have.
 */
export function serverPlanIndex(plan: readonly { text: string }[], index: number): number | null {
  if (!plan[index] || plan[index].text.trim() === '') return null;
  return plan.slice(0, index).filter((p) => p.text.trim() !== '').length;
}

/** The rating dimensions' items that were rated (a number or "can't judge"). */
export function countRated(definition: ReviewTemplateDefinition, answers: FinalAnswers) {
  let rated = 0;
  let total = 0;
  for (const d of definition.dimensions) {
    if (d.source !== 'ratings') continue;
    for (const item of d.items) {
      total += 1;
      if (item.key in answers.ratings) rated += 1;
    }
  }
  return { rated, total };
}

/**
 * The server's field errors, translated, by their path in the body without `body.`
 * (`answers.ratings.expertise`, `answers.comments.expertise`, `answers.ratings`, `peerIds.2`).
 * `params` fill the placeholders of a message (`{min}`, `{max}`); a message left with one
 * unfilled gives way to the server's own, which it wrote in the caller's language. Several
 * errors on one field are joined.
 */
export function fieldErrorMap(
  error: unknown,
  t: TFunction,
  params: Record<string, string | number> = {},
): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const map: Record<string, string> = {};
  for (const f of error.fieldErrors) {
    const path = f.path.replace(/^body\./, '');
    const translated = t(`fieldErrors:${f.code}`, {
      keySeparator: false,
      defaultValue: f.message,
      ...params,
    });
    const isUnfilled = /\{\{?\w+\}\}?/.test(translated);
    const text = isUnfilled && f.message !== f.code && !/\{\w+\}/.test(f.message) ? f.message : translated;
    map[path] = map[path] ? `${map[path]}; ${text}` : text;
  }
  return map;
}

/** Whether an error is the API's 412: someone saved a newer version since this one was read. */
export function isStaleVersion(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

/** Whether saving again cannot help: the review was submitted, or its round closed. */
export function isNotEditable(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'review.not_editable';
}

/** The If-Match value of a version, as the API's ETag writes it. */
export const etagOf = (version: number) => `"${version}"`;
