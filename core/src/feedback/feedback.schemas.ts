import { z } from 'zod';
import { PageQuery, required, Uuid } from '../shared/schema-fields.ts';

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
