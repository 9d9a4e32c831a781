import type { GoalLevel, GoalStatus } from './goal.schemas.ts';
import { FULL_WEIGHT_BP, pace } from './progress.ts';

/**
 * Which goals count toward an owner's attainment, and the attainment itself (domain.md §2). Every
 * page, endpoint, export and score that shows a person's attainment goes through here, so one
 * person has one attainment everywhere. Where SQL picks the goals for speed, it uses
 * `ATTAINMENT_STATUSES` and a test checks it against `countsTowardAttainment` status by status.
 */

/** The statuses of the goals that count: approved and closed. Draft, submitted, returned and cancelled never do. */
export const ATTAINMENT_STATUSES = ['approved', 'closed'] as const satisfies readonly GoalStatus[];
/** Only personal goals make up a person's attainment. */
export const ATTAINMENT_LEVEL = 'personal' as const satisfies GoalLevel;

export type AttainmentGoal = { status: GoalStatus; level: GoalLevel; weightBp: number; progress: number };

export function countsTowardAttainment(goal: { status: GoalStatus; level: GoalLevel }): boolean {
  return (
    goal.level === ATTAINMENT_LEVEL && (ATTAINMENT_STATUSES as readonly GoalStatus[]).includes(goal.status)
  );
}

/**
 * Owner attainment for a cycle: Σ(w_goal · goal progress) / 100% over the goals that count. Goal
 * progress already holds the cap of §2 (each KR counts at most the cap), so attainment is at most
 * the cap; over-achievement of a single KR never lifts it further.
 */
export function ownerAttainment(goals: readonly AttainmentGoal[]): number {
  let sum = 0;
  for (const goal of goals) if (countsTowardAttainment(goal)) sum += goal.weightBp * goal.progress;
  return sum / FULL_WEIGHT_BP;
}

/**
 * Attainment, the attainment expected by now (the same weights over each goal's expected progress,
 * §3) and the pace between them, over the goals that count.
 */
export function ownerAttainmentAndPace(goals: readonly (AttainmentGoal & { expected: number })[]): {
  attainment: number;
  expected: number;
  pace: number | null;
} {
  const attainment = ownerAttainment(goals);
  const expected = ownerAttainment(goals.map((g) => ({ ...g, progress: g.expected })));
  return { attainment, expected, pace: pace(attainment, expected) };
}

/** How many of the goals count toward attainment (the team view's "approved" column). */
export function countAttainmentGoals(goals: readonly { status: GoalStatus; level: GoalLevel }[]): number {
  let n = 0;
  for (const goal of goals) if (countsTowardAttainment(goal)) n += 1;
  return n;
}
