import { z } from 'zod';
import { IsoDate, PageQuery, required, Uuid } from '../shared/schema-fields.ts';

// ---------------------------------------------------------------------------------------------
// Key events (关键事件): objective evidence recorded as it happens

export const KEY_EVENT_KINDS = ['event', 'behaviour'] as const;
export const CreateKeyEventBodySchema = z.object({
  employeeId: Uuid,
  occurredOn: IsoDate,
  kind: z.enum(KEY_EVENT_KINDS).default('event'),
  polarity: z.enum(['positive', 'negative']),
  description: required(2000),
  goalId: Uuid.nullable().default(null),
});
export type CreateKeyEventBody = z.infer<typeof CreateKeyEventBodySchema>;
// Written out, not `Create….partial()`: a partial field keeps its default, so a PATCH of the
// description alone would reset the kind to 'event' and unlink the goal.
export const UpdateKeyEventBodySchema = z
  .object({
    occurredOn: IsoDate,
    kind: z.enum(KEY_EVENT_KINDS),
    polarity: z.enum(['positive', 'negative']),
    description: required(2000),
    goalId: Uuid.nullable(),
  })
  .partial();
export type UpdateKeyEventBody = z.infer<typeof UpdateKeyEventBodySchema>;

export const KeyEventSchema = z.object({
  id: Uuid,
  employeeId: Uuid,
  employeeName: z.string(),
  authorId: Uuid,
  authorName: z.string(),
  cycleId: Uuid.nullable(),
  occurredOn: z.string(),
  kind: z.enum(KEY_EVENT_KINDS),
  polarity: z.enum(['positive', 'negative']),
  description: z.string(),
  goalId: Uuid.nullable(),
  goalTitle: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type KeyEvent = z.infer<typeof KeyEventSchema>;

export const ListKeyEventsQuerySchema = z.object({
  employeeId: Uuid.optional(),
  cycleId: Uuid.optional(),
  polarity: z.enum(['positive', 'negative']).optional(),
  ...PageQuery,
});
export type ListKeyEventsQuery = z.infer<typeof ListKeyEventsQuerySchema>;
