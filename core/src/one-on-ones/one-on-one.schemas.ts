import { z } from 'zod';
import { FollowUpSchema } from '../follow-ups/follow-up.schemas.ts';
import { IsoDate, PageQuery, required, text, Uuid } from '../shared/schema-fields.ts';

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
