import type { ParticipantResult, ReviewCycle, ReviewTemplate } from '@perfloop/core';

/** Item key → item name, from the breakdown (the template version the round started with). */
export function itemNamesOf(result: ParticipantResult): Map<string, string> {
  const names = new Map<string, string>();
  for (const d of result.breakdown) for (const item of d.items) names.set(item.key, item.name);
  return names;
}

/** A rating: a number, null for 不了解 (not able to judge), undefined when the item was left unanswered. */
export type AnswerRow = {
  key: string;
  name: string;
  selfRating: number | null | undefined;
  selfComment: string;
  managerRating: number | null | undefined;
  managerComment: string;
};

/**
 * Self and manager answers side by side, one row per item either of them answered, in template
 * order; an item no longer in the breakdown keeps its key as its name rather than disappear.
 */
export function answerRows(result: ParticipantResult): AnswerRow[] {
  const names = itemNamesOf(result);
  const answered = (a: ParticipantResult['self']) =>
    a ? [...Object.keys(a.ratings), ...Object.keys(a.comments)] : [];
  const keys = new Set([...answered(result.self), ...answered(result.manager)]);
  const ordered = [
    ...[...names.keys()].filter((k) => keys.has(k)),
    ...[...keys].filter((k) => !names.has(k)),
  ];
  return ordered.map((key) => ({
    key,
    name: names.get(key) ?? key,
    selfRating: result.self?.ratings[key],
    selfComment: result.self?.comments[key] ?? '',
    managerRating: result.manager?.ratings[key],
    managerComment: result.manager?.comments[key] ?? '',
  }));
}

/**
 * The anonymity minimum the round applies, for the "fewer than N answers" note; null when it
 * cannot be told for sure: no template, several that differ, or one changed after the launch
 * (the round keeps the version it launched with, which may have said otherwise).
 */
export function anonymityMinimumOf(round: ReviewCycle, templates: readonly ReviewTemplate[]): number | null {
  if (!round.launchedAt) return null;
  const launched = Date.parse(round.launchedAt);
  const ids = new Set(round.populations.flatMap((p) => (p.templateId ? [p.templateId] : [])));
  const minimums = new Set<number>();
  for (const id of ids) {
    const template = templates.find((x) => x.id === id);
    if (!template || Date.parse(template.updatedAt) > launched) return null;
    minimums.add(template.definition.anonymityMinimum);
  }
  return minimums.size === 1 ? ([...minimums][0] ?? null) : null;
}

/**
 * Whether the server left out rater types of a scored dimension (only HR sees every type's part;
 * others see the types that may be shown), so the shares on screen do not add up to 100%.
 */
export function hasHiddenParts(d: ParticipantResult['breakdown'][number]): boolean {
  if (d.source !== 'ratings' || d.score === null) return false;
  const shown = d.raterTypes.reduce((sum, t) => sum + t.weightShare, 0);
  return shown < 1 - 1e-9;
}
