import type { GoalStatus } from './goal.schemas.ts';

/**
 * Check-in compliance (§10): of the goals being worked on (approved), the share with a check-in in
 * the last 7 days. One rule for every page that shows it.
 */
export const CHECK_IN_COMPLIANCE_STATUSES = ['approved'] as const satisfies readonly GoalStatus[];
export const CHECK_IN_COMPLIANCE_DAYS = 7;

const DAY_MS = 86_400_000;

export function checkInCompliance(
  goals: readonly { status: GoalStatus; lastCheckInAt: string | null }[],
  now: Date,
): { goals: number; checkedInLast7Days: number; compliance: number | null } {
  const since = now.getTime() - CHECK_IN_COMPLIANCE_DAYS * DAY_MS;
  let counted = 0;
  let checkedIn = 0;
  for (const goal of goals) {
    if (!(CHECK_IN_COMPLIANCE_STATUSES as readonly GoalStatus[]).includes(goal.status)) continue;
    counted += 1;
    if (goal.lastCheckInAt !== null && Date.parse(goal.lastCheckInAt) >= since) checkedIn += 1;
  }
  return {
    goals: counted,
    checkedInLast7Days: checkedIn,
    compliance: counted === 0 ? null : checkedIn / counted,
  };
}
