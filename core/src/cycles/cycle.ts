import { z } from 'zod';
import { CycleWarningOverrideSchema } from '../early-warning/early-warning.schemas.ts';
import { IsoDateSchema } from '../employees/employee.schemas.ts';
import { addDays, dayNumber } from '../goals/progress.ts';
import { isKnownTimeZone } from '../settings/settings.schemas.ts';
import type { FieldErrorCode } from '../shared/messages.ts';

export const CYCLE_KINDS = ['month', 'quarter', 'half', 'year'] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];
export const CYCLE_STATUSES = ['draft', 'open', 'closed'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** The phases of a cycle in the order they happen. */
export const CYCLE_PHASES = [
  'goalSetting',
  'midReview',
  'selfReview',
  'managerReview',
  'calibration',
  'results',
] as const;
export type CyclePhase = (typeof CYCLE_PHASES)[number];

const PhaseSchema = z.object({ start: IsoDateSchema, end: IsoDateSchema });
export type PhaseDates = z.infer<typeof PhaseSchema>;
export const PhasesSchema = z.partialRecord(z.enum(CYCLE_PHASES), PhaseSchema);
export type Phases = z.infer<typeof PhasesSchema>;

/** Problems with a cycle's dates, as field errors (path relative to the body). */
export function checkCycleDates(input: {
  startDate: string;
  endDate: string;
  phases: Phases;
}): { path: string; code: FieldErrorCode }[] {
  const problems: { path: string; code: FieldErrorCode }[] = [];
  if (dayNumber(input.endDate) < dayNumber(input.startDate))
    problems.push({ path: 'endDate', code: 'end_before_start' });
  let previousStart: string | null = null;
  for (const phase of CYCLE_PHASES) {
    const dates = input.phases[phase];
    if (!dates) continue;
    if (dayNumber(dates.end) < dayNumber(dates.start))
      problems.push({ path: `phases.${phase}.end`, code: 'end_before_start' });
    // Goal setting usually starts before the period does (Q3 goals are set in late June).
    if (dayNumber(dates.start) < dayNumber(input.startDate) - 31)
      problems.push({ path: `phases.${phase}.start`, code: 'phase_outside_cycle' });
    if (previousStart && dayNumber(dates.start) < dayNumber(previousStart))
      problems.push({ path: `phases.${phase}.start`, code: 'phase_order' });
    previousStart = dates.start;
  }
  return problems;
}

/** The calendar period of a kind that contains a date: Q3 2026 for 2026-08-14, and so on. */
export function defaultCycleRange(kind: CycleKind, onDate: string): { startDate: string; endDate: string } {
  const [y, m] = onDate.split('-').map(Number) as [number, number];
  const months = kind === 'month' ? 1 : kind === 'quarter' ? 3 : kind === 'half' ? 6 : 12;
  const firstMonth = Math.floor((m - 1) / months) * months + 1;
  const startDate = `${y}-${String(firstMonth).padStart(2, '0')}-01`;
  const next =
    firstMonth + months > 12 ? `${y + 1}-01-01` : `${y}-${String(firstMonth + months).padStart(2, '0')}-01`;
  return { startDate, endDate: addDays(next, -1) };
}

/** A name people use for the period: 2026年第三季度 / 2026 Q3. */
export function defaultCycleName(kind: CycleKind, startDate: string, locale: 'zh-CN' | 'en-US'): string {
  const [y, m] = startDate.split('-').map(Number) as [number, number];
  const zh = locale === 'zh-CN';
  switch (kind) {
    case 'month':
      return zh ? `${y}年${m}月` : `${y}-${String(m).padStart(2, '0')}`;
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      return zh ? `${y}年第${'一二三四'[q - 1]}季度` : `${y} Q${q}`;
    }
    case 'half':
      return zh ? `${y}年${m <= 6 ? '上' : '下'}半年` : `${y} H${m <= 6 ? 1 : 2}`;
    case 'year':
      return zh ? `${y}年度` : `${y}`;
  }
}

const CycleFields = {
  name: z.string().trim().min(1, 'required').max(64, 'too_long'),
  kind: z.enum(CYCLE_KINDS),
  startDate: IsoDateSchema,
  endDate: IsoDateSchema,
  timeZone: z.string().trim().max(64, 'too_long').refine(isKnownTimeZone, 'invalid_time_zone'),
  phases: PhasesSchema,
  /** Early-warning thresholds for this cycle only (§3); null uses the company's. */
  warningSettings: CycleWarningOverrideSchema.nullable(),
};

export const CreateCycleBodySchema = z.object({
  ...CycleFields,
  timeZone: CycleFields.timeZone.optional(),
  phases: PhasesSchema.default({}),
  warningSettings: CycleFields.warningSettings.default(null),
});
export type CreateCycleBody = z.infer<typeof CreateCycleBodySchema>;

export const UpdateCycleBodySchema = z.object(CycleFields).partial();
export type UpdateCycleBody = z.infer<typeof UpdateCycleBodySchema>;

export const CycleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(CYCLE_KINDS),
  startDate: z.string(),
  endDate: z.string(),
  timeZone: z.string(),
  phases: PhasesSchema,
  warningSettings: CycleWarningOverrideSchema.nullable(),
  status: z.enum(CYCLE_STATUSES),
  goalCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Cycle = z.infer<typeof CycleSchema>;

export const ListCyclesQuerySchema = z.object({
  status: z.enum(CYCLE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListCyclesQuery = z.infer<typeof ListCyclesQuerySchema>;

/** Which phase a date falls in (the last one that has started), or null. */
export function currentPhase(phases: Phases, onDate: string): CyclePhase | null {
  let current: CyclePhase | null = null;
  for (const phase of CYCLE_PHASES) {
    const dates = phases[phase];
    if (dates && dayNumber(dates.start) <= dayNumber(onDate)) current = phase;
  }
  return current;
}
