import { z } from 'zod';
import { RevisionSchema } from '../revisions/revision.ts';
import { GoalSchema, SmartWarningSchema } from './goal.schemas.ts';

/** What the caller may do with one goal, decided by the server's policy. */
export const GoalPermissionsSchema = z.object({
  canEdit: z.boolean(),
  canSubmit: z.boolean(),
  canApprove: z.boolean(),
  canCheckIn: z.boolean(),
  canRequestRevision: z.boolean(),
});
export type GoalPermissions = z.infer<typeof GoalPermissionsSchema>;

/** `GET /goals/{id}`: the goal with the caller's permissions and its SMART warnings. */
export const GoalDetailSchema = GoalSchema.extend({
  permissions: GoalPermissionsSchema,
  warnings: z.array(SmartWarningSchema),
});
export type GoalDetail = z.infer<typeof GoalDetailSchema>;

/** A revision request as a list shows it, with whether the caller decides it now. */
export const RevisionItemSchema = RevisionSchema.extend({ canDecide: z.boolean() });
export type RevisionItem = z.infer<typeof RevisionItemSchema>;

/** `GET /approvals`: submitted goals and revision requests waiting on the caller. */
export const ApprovalsSchema = z.object({
  goals: z.array(GoalSchema),
  revisions: z.array(RevisionItemSchema),
});
export type Approvals = z.infer<typeof ApprovalsSchema>;

export const BulkAssignResultSchema = z.object({ created: z.number().int(), goalIds: z.array(z.uuid()) });
export type BulkAssignResult = z.infer<typeof BulkAssignResultSchema>;

/** `POST /goals/{id}/submit`: the submitted goal and its SMART warnings. */
export const SubmitGoalResultSchema = z.object({ goal: GoalSchema, warnings: z.array(SmartWarningSchema) });
export type SubmitGoalResult = z.infer<typeof SubmitGoalResultSchema>;

/** `POST /goals/import`: what was (or, on a dry run, would be) created. */
export const GoalImportSummarySchema = z.object({
  goals: z.number().int(),
  keyResults: z.number().int(),
  dryRun: z.boolean(),
  goalIds: z.array(z.uuid()),
});
export type GoalImportSummary = z.infer<typeof GoalImportSummarySchema>;
