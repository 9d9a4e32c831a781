import { z } from 'zod';
import { AlertSchema } from '../early-warning/early-warning.schemas.ts';
import { FollowUpSchema } from '../follow-ups/follow-up.schemas.ts';
import { TeamMemberProgressSchema } from '../goals/goal.schemas.ts';
import { OneOnOneSchema } from '../one-on-ones/one-on-one.schemas.ts';

const GoalLine = z.object({
  id: z.uuid(),
  title: z.string(),
  status: z.string(),
  weightBp: z.number().int(),
  progress: z.number(),
  expected: z.number(),
  pace: z.number().nullable(),
  behind: z.boolean(),
});

export const MyDashboardSchema = z.object({
  cycleId: z.uuid(),
  attainment: z.number(),
  expected: z.number(),
  pace: z.number().nullable(),
  behind: z.boolean(),
  goals: z.array(GoalLine),
  openAlerts: z.array(AlertSchema),
  dueFollowUps: z.array(FollowUpSchema),
  nextOneOnOne: OneOnOneSchema.omit({ actionItems: true, privateNote: true }).nullable(),
});
export type MyDashboard = z.infer<typeof MyDashboardSchema>;

export const TeamDashboardSchema = z.object({
  cycleId: z.uuid(),
  members: z.array(
    TeamMemberProgressSchema.extend({
      openAlerts: z.number().int(),
      overdueFollowUps: z.number().int(),
      lastOneOnOneAt: z.string().nullable(),
      /** Goal risks of the latest mid-cycle review (the manager's, else the employee's); null without one. */
      midReviewRisks: z
        .object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() })
        .nullable(),
    }),
  ),
  openAlerts: z.array(AlertSchema),
});
export type TeamDashboard = z.infer<typeof TeamDashboardSchema>;

/** Attainment buckets of the distribution chart: [0, 20), [20, 40), … [80, 100), ≥ 100 %. */
export const ATTAINMENT_BUCKETS = ['0-20', '20-40', '40-60', '60-80', '80-100', '100+'] as const;

export function attainmentBucket(attainment: number): (typeof ATTAINMENT_BUCKETS)[number] {
  // Half-up to a whole percent first, so 79.99…% from float noise lands where the table shows it.
  const percent = Math.round(attainment * 10000) / 100;
  if (percent >= 100) return '100+';
  return ATTAINMENT_BUCKETS[Math.max(0, Math.floor(percent / 20))]!;
}

export const DepartmentDashboardSchema = z.object({
  cycleId: z.uuid(),
  departmentId: z.uuid(),
  people: z.number().int(),
  distribution: z.array(z.object({ bucket: z.enum(ATTAINMENT_BUCKETS), people: z.number().int() })),
  goalsAtRisk: z.array(AlertSchema),
  checkIns: z.object({
    /** Approved personal goals in the department and below. */
    goals: z.number().int(),
    /** … with a check-in in the last 7 days. */
    checkedInLast7Days: z.number().int(),
    compliance: z.number().nullable(),
  }),
});
export type DepartmentDashboard = z.infer<typeof DepartmentDashboardSchema>;

export const DashboardQuerySchema = z.object({
  cycleId: z.uuid(),
  managerId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
});
