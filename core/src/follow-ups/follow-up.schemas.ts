import { z } from 'zod';
import { dayNumber } from '../goals/progress.ts';
import { IsoDate, PageQuery, required, text, Uuid } from '../shared/schema-fields.ts';

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
  source: z.enum(['manual', 'one_on_one', 'gap_analysis', 'mid_review']),
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
