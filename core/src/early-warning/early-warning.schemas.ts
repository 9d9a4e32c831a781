import { z } from 'zod';
import { IsoDate, PageQuery, Uuid } from '../shared/schema-fields.ts';

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
