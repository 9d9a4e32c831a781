import { z } from 'zod';
import {
  DEFAULT_SNAPSHOT_SCHEDULE,
  SnapshotScheduleSchema,
  WarningSettingsSchema,
} from '../early-warning/early-warning.schemas.ts';
import { DEFAULT_WARNING_SETTINGS } from '../early-warning/early-warning.ts';

/** An IANA time zone the runtime knows, e.g. Asia/Shanghai. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Settings kept in the tenant's `settings` document, with their defaults (domain.md). */
export const GoalSettingsSchema = z.object({
  /** OKR transparency: everyone in the company sees every goal. */
  goalsVisibleToAll: z.boolean().default(false),
  /** Over-achievement counts as at most this much when rolled up (1.0 = 100%). */
  progressCap: z.number().min(1, 'invalid_value').max(3, 'invalid_value').default(1),
});
export type GoalSettings = z.infer<typeof GoalSettingsSchema>;

export function readGoalSettings(stored: unknown): GoalSettings {
  const parsed = GoalSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : GoalSettingsSchema.parse({});
}

/** Early warning (§3) and the times the weekly snapshot and the daily reminders run. */
export const FollowThroughSettingsSchema = WarningSettingsSchema.extend(SnapshotScheduleSchema.shape);
export type FollowThroughSettings = z.infer<typeof FollowThroughSettingsSchema>;

export function readFollowThroughSettings(stored: unknown): FollowThroughSettings {
  const source = (stored ?? {}) as Record<string, unknown>;
  // Each field falls back on its own, so one bad value does not reset the others.
  const defaults: FollowThroughSettings = { ...DEFAULT_WARNING_SETTINGS, ...DEFAULT_SNAPSHOT_SCHEDULE };
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, field] of Object.entries(FollowThroughSettingsSchema.shape)) {
    const parsed = field.safeParse(source[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as FollowThroughSettings;
}

export const TenantSettingsSchema = z.object({
  companyName: z.string(),
  timeZone: z.string(),
  goalsVisibleToAll: z.boolean(),
  progressCap: z.number(),
  paceThreshold: z.number(),
  consecutiveSnapshots: z.number().int(),
  staleDays: z.number().int(),
  snapshotWeekday: z.number().int(),
  snapshotHour: z.number().int(),
  reminderHour: z.number().int(),
  version: z.number().int(),
});
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const UpdateTenantSettingsBodySchema = z.object({
  companyName: z.string().trim().min(1, 'required').max(64, 'too_long').optional(),
  timeZone: z.string().trim().max(64, 'too_long').refine(isKnownTimeZone, 'invalid_time_zone').optional(),
  goalsVisibleToAll: z.boolean().optional(),
  progressCap: z.number().min(1, 'invalid_value').max(3, 'invalid_value').optional(),
  ...FollowThroughSettingsSchema.partial().shape,
});
export type UpdateTenantSettingsBody = z.infer<typeof UpdateTenantSettingsBodySchema>;
