import { z } from 'zod';
import { dayNumber } from '../goals/progress.ts';

const IsoDate = z.iso.date('invalid_date');
const Uuid = z.uuid('invalid_id');
const text = (max: number) => z.string().trim().max(max, 'too_long');
const required = (max: number) => z.string().trim().min(1, 'required').max(max, 'too_long');
const PageQuery = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

// ---------------------------------------------------------------------------------------------
// Early-warning settings (§3): per tenant, overridable per cycle.

export const WarningSettingsSchema = z.object({
  paceThreshold: z.number().gt(0, 'invalid_value').max(1, 'invalid_value'),
  consecutiveSnapshots: z.number().int().min(1, 'invalid_value').max(13, 'invalid_value'),
  staleDays: z.number().int().min(1, 'invalid_value').max(365, 'invalid_value'),
});
export const CycleWarningOverrideSchema = WarningSettingsSchema.partial();
export type CycleWarningOverride = z.infer<typeof CycleWarningOverrideSchema>;

/** When the weekly snapshot runs: ISO weekday (1 = Monday) and hour, in the tenant's time zone. */
export const SnapshotScheduleSchema = z.object({
  snapshotWeekday: z.number().int().min(1, 'invalid_value').max(7, 'invalid_value'),
  snapshotHour: z.number().int().min(0, 'invalid_value').max(23, 'invalid_value'),
  /** Daily reminders (check-in, follow-up, approval) are sent at this hour. */
  reminderHour: z.number().int().min(0, 'invalid_value').max(23, 'invalid_value'),
});
/** Monday 09:00 for the snapshot, 09:00 for reminders. */
export const DEFAULT_SNAPSHOT_SCHEDULE = { snapshotWeekday: 1, snapshotHour: 9, reminderHour: 9 } as const;

export const SnapshotRunSchema = z.object({
  date: IsoDate,
  status: z.enum(['done']),
  trigger: z.enum(['schedule', 'manual']),
  goals: z.number().int(),
  keyResults: z.number().int(),
  alertsOpened: z.number().int(),
  alertsResolved: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string(),
  alreadyRun: z.boolean(),
});
export type SnapshotRun = z.infer<typeof SnapshotRunSchema>;
export const RunSnapshotBodySchema = z.object({ date: IsoDate });

// ---------------------------------------------------------------------------------------------
// Alerts (§3)

export const ALERT_RULES = ['pace', 'stale'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const AlertSchema = z.object({
  id: Uuid,
  rule: z.enum(ALERT_RULES),
  status: z.enum(['open', 'resolved']),
  goalId: Uuid,
  goalTitle: z.string(),
  cycleId: Uuid,
  ownerId: Uuid.nullable(),
  ownerName: z.string().nullable(),
  departmentId: Uuid.nullable(),
  departmentName: z.string().nullable(),
  openedOn: IsoDate,
  resolvedOn: IsoDate.nullable(),
  /** Pace rule: the snapshots behind it; stale rule: the last check-in date. */
  progress: z.number().nullable(),
  expected: z.number().nullable(),
  pace: z.number().nullable(),
  lastCheckInOn: IsoDate.nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const ListAlertsQuerySchema = z.object({
  /** mine: my goals; team: my reporting line; department: a department and below (heads, HRBP, HR). */
  view: z.enum(['mine', 'team', 'department', 'all']).default('mine'),
  departmentId: Uuid.optional(),
  employeeId: Uuid.optional(),
  cycleId: Uuid.optional(),
  rule: z.enum(ALERT_RULES).optional(),
  status: z.enum(['open', 'resolved', 'any']).default('open'),
  ...PageQuery,
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Follow-up records (绩效跟进记录表, §4)

export const FOLLOW_UP_STATUSES = ['open', 'done', 'overdue'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Overdue is derived: an open record whose due date is before today. */
export function followUpStatus(
  stored: 'open' | 'done',
  dueDate: string | null,
  today: string,
): FollowUpStatus {
  if (stored === 'done') return 'done';
  return dueDate !== null && dayNumber(dueDate) < dayNumber(today) ? 'overdue' : 'open';
}

const FollowUpFields = {
  date: IsoDate,
  employeeId: Uuid,
  topic: required(200),
  summary: text(4000).default(''),
  action: text(4000).default(''),
  responsibleId: Uuid,
  dueDate: IsoDate.nullable().default(null),
  goalId: Uuid.nullable().default(null),
  keyResultId: Uuid.nullable().default(null),
};
export const CreateFollowUpBodySchema = z.object(FollowUpFields);
export type CreateFollowUpBody = z.infer<typeof CreateFollowUpBodySchema>;
export const UpdateFollowUpBodySchema = z
  .object({
    date: IsoDate,
    topic: required(200),
    summary: text(4000),
    action: text(4000),
    responsibleId: Uuid,
    dueDate: IsoDate.nullable(),
    goalId: Uuid.nullable(),
    keyResultId: Uuid.nullable(),
    status: z.enum(['open', 'done']),
  })
  .partial();
export type UpdateFollowUpBody = z.infer<typeof UpdateFollowUpBodySchema>;

export const FollowUpSchema = z.object({
  id: Uuid,
  date: IsoDate,
  employeeId: Uuid,
  employeeName: z.string(),
  topic: z.string(),
  summary: z.string(),
  action: z.string(),
  responsibleId: Uuid,
  responsibleName: z.string(),
  dueDate: IsoDate.nullable(),
  status: z.enum(FOLLOW_UP_STATUSES),
  doneAt: z.string().nullable(),
  goalId: Uuid.nullable(),
  goalTitle: z.string().nullable(),
  keyResultId: Uuid.nullable(),
  keyResultTitle: z.string().nullable(),
  source: z.enum(['manual', 'one_on_one', 'gap_analysis']),
  sourceId: Uuid.nullable(),
  createdById: Uuid.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const ListFollowUpsQuerySchema = z.object({
  /** mine: about me or assigned to me; team: my reporting line; all: everything I may see. */
  view: z.enum(['mine', 'team', 'all']).default('all'),
  employeeId: Uuid.optional(),
  responsibleId: Uuid.optional(),
  goalId: Uuid.optional(),
  status: z.enum([...FOLLOW_UP_STATUSES, 'any']).default('any'),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  q: z.string().trim().max(100).optional(),
  ...PageQuery,
});
export type ListFollowUpsQuery = z.infer<typeof ListFollowUpsQuerySchema>;

// ---------------------------------------------------------------------------------------------
// 1:1 meetings (§4)

export const GrowSchema = z.object({
  goal: text(4000).default(''),
  reality: text(4000).default(''),
  options: text(4000).default(''),
  will: text(4000).default(''),
});
export type Grow = z.infer<typeof GrowSchema>;

export const RECURRENCES = ['none', 'weekly', 'biweekly', 'monthly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const CreateOneOnOneBodySchema = z.object({
  employeeId: Uuid,
  /** Defaults to the caller. */
  managerId: Uuid.optional(),
  startsAt: z.iso.datetime({ offset: true, message: 'invalid_datetime' }),
  durationMinutes: z.number().int().min(5, 'invalid_value').max(480, 'invalid_value').default(30),
  location: text(200).default(''),
  agenda: z.array(required(500)).max(30, 'too_many').default([]),
  recurrence: z.enum(RECURRENCES).default('none'),
  /** How many meetings a recurring series creates (including the first). */
  occurrences: z.number().int().min(1, 'invalid_value').max(52, 'invalid_value').default(1),
});
export type CreateOneOnOneBody = z.infer<typeof CreateOneOnOneBodySchema>;

export const ActionItemInputSchema = z.object({
  action: required(4000),
  responsibleId: Uuid,
  dueDate: IsoDate.nullable().default(null),
  goalId: Uuid.nullable().default(null),
});
export const AddActionItemsBodySchema = z.object({
  items: z.array(ActionItemInputSchema).min(1, 'required').max(30, 'too_many'),
});
export type AddActionItemsBody = z.infer<typeof AddActionItemsBodySchema>;
export const UpdateOneOnOneBodySchema = z
  .object({
    startsAt: z.iso.datetime({ offset: true, message: 'invalid_datetime' }),
    durationMinutes: z.number().int().min(5, 'invalid_value').max(480, 'invalid_value'),
    location: text(200),
    agenda: z.array(required(500)).max(30, 'too_many'),
    sharedNotes: text(20000),
    grow: GrowSchema,
    status: z.enum(['scheduled', 'done', 'cancelled']),
    /** The caller's own private note. */
    privateNote: text(20000),
  })
  .partial();
export type UpdateOneOnOneBody = z.infer<typeof UpdateOneOnOneBodySchema>;

export const OneOnOneSchema = z.object({
  id: Uuid,
  seriesId: Uuid.nullable(),
  managerId: Uuid,
  managerName: z.string(),
  employeeId: Uuid,
  employeeName: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number().int(),
  location: z.string(),
  agenda: z.array(z.string()),
  sharedNotes: z.string(),
  grow: GrowSchema,
  /** The caller's own private note (never anyone else's). */
  privateNote: z.string(),
  status: z.enum(['scheduled', 'done', 'cancelled']),
  recurrence: z.enum(RECURRENCES),
  actionItems: z.array(FollowUpSchema),
  version: z.number().int(),
});
export type OneOnOne = z.infer<typeof OneOnOneSchema>;

export const ListOneOnOnesQuerySchema = z.object({
  employeeId: Uuid.optional(),
  when: z.enum(['upcoming', 'past', 'any']).default('any'),
  ...PageQuery,
});

/**
 * The start instants of a recurring series: the same local wall-clock time every 7 or 14 days,
 * or on the same day of each month (clamped to the month's last day).
 */
export function occurrenceStarts(first: Date, recurrence: Recurrence, count: number): Date[] {
  if (recurrence === 'none') return [first];
  const out: Date[] = [];
  for (let i = 0; i < count; i += 1) {
    if (recurrence === 'monthly') {
      const d = new Date(first);
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + i);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      d.setUTCDate(Math.min(day, last));
      out.push(d);
    } else {
      out.push(new Date(first.getTime() + i * (recurrence === 'weekly' ? 7 : 14) * 86_400_000));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Continuous feedback (§4)

export const CreateFeedbackBodySchema = z.object({
  toId: Uuid,
  kind: z.enum(['praise', 'suggestion']),
  body: required(4000),
  audience: z.enum(['recipient', 'recipient_and_manager']).default('recipient'),
  goalId: Uuid.nullable().default(null),
});
export type CreateFeedbackBody = z.infer<typeof CreateFeedbackBodySchema>;

export const FeedbackSchema = z.object({
  id: Uuid,
  fromId: Uuid,
  fromName: z.string(),
  toId: Uuid,
  toName: z.string(),
  kind: z.enum(['praise', 'suggestion']),
  body: z.string(),
  audience: z.enum(['recipient', 'recipient_and_manager']),
  goalId: Uuid.nullable(),
  createdAt: z.string(),
});
export type Feedback = z.infer<typeof FeedbackSchema>;

export const ListFeedbackQuerySchema = z.object({
  box: z.enum(['received', 'sent', 'team']).default('received'),
  employeeId: Uuid.optional(),
  ...PageQuery,
});

// ---------------------------------------------------------------------------------------------
// Gap analysis (绩效改进分析表, §4)

export const GapItemInputSchema = z.object({
  dimension: required(200),
  target: z.number().finite('invalid_value'),
  actual: z.number().finite('invalid_value'),
  unit: text(20).default(''),
  rootCauses: z.array(required(1000)).max(20, 'too_many').default([]),
  actions: z.array(required(1000)).max(20, 'too_many').default([]),
});
export const SaveGapAnalysisBodySchema = z.object({
  employeeId: Uuid,
  cycleId: Uuid.nullable().default(null),
  title: required(200),
  items: z.array(GapItemInputSchema).min(1, 'required').max(50, 'too_many'),
});
export type SaveGapAnalysisBody = z.infer<typeof SaveGapAnalysisBodySchema>;

export const GapItemSchema = z.object({
  dimension: z.string(),
  target: z.number(),
  actual: z.number(),
  unit: z.string(),
  gap: z.number(),
  gapRatio: z.number().nullable(),
  rootCauses: z.array(z.string()),
  actions: z.array(z.object({ text: z.string(), followUpId: Uuid.nullable() })),
});
export const GapAnalysisSchema = z.object({
  id: Uuid,
  employeeId: Uuid,
  employeeName: z.string(),
  cycleId: Uuid.nullable(),
  title: z.string(),
  items: z.array(GapItemSchema),
  createdById: Uuid.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GapAnalysis = z.infer<typeof GapAnalysisSchema>;

export const GapActionToFollowUpBodySchema = z.object({
  item: z.number().int().min(0),
  action: z.number().int().min(0),
  responsibleId: Uuid,
  dueDate: IsoDate.nullable().default(null),
});
