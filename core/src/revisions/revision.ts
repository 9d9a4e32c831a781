import { z } from 'zod';
import { IsoDateSchema } from '../employees/employee.schemas.ts';
import { FULL_WEIGHT_BP } from '../goals/progress.ts';
import { Measure } from '../shared/schema-fields.ts';

/**
 * Goal revision (目标修订, domain.md §5): submitted → approved by the department head →
 * approved by HR → applied; any step may reject. One open request per goal.
 */
export const REVISION_STATUSES = ['submitted', 'head_approved', 'applied', 'rejected', 'withdrawn'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];
export const OPEN_REVISION_STATUSES: readonly RevisionStatus[] = ['submitted', 'head_approved'];
export const REVISION_STEPS = ['department_head', 'hr'] as const;
export type RevisionStep = (typeof REVISION_STEPS)[number];

/** The step a request waits on, or null when it is finished. */
export function awaitingStep(status: RevisionStatus): RevisionStep | null {
  if (status === 'submitted') return 'department_head';
  if (status === 'head_approved') return 'hr';
  return null;
}

/** The status after a decision at the awaited step. HR's approval applies the change. */
export function decideRevision(
  status: RevisionStatus,
  decision: 'approve' | 'reject',
): { status: RevisionStatus; apply: boolean } | null {
  const step = awaitingStep(status);
  if (!step) return null;
  if (decision === 'reject') return { status: 'rejected', apply: false };
  return step === 'department_head'
    ? { status: 'head_approved', apply: false }
    : { status: 'applied', apply: true };
}

const Text = (max: number) => z.string().trim().min(1, 'required').max(max, 'too_long');

export const REVISION_CHANGE_KINDS = ['target', 'weight', 'due_date', 'text', 'cancel'] as const;
export type RevisionChangeKind = (typeof REVISION_CHANGE_KINDS)[number];

export const RevisionChangeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('target'),
    keyResults: z
      .array(
        z.object({
          id: z.uuid(),
          targetValue: Measure,
          startValue: Measure.optional(),
        }),
      )
      .min(1, 'required'),
  }),
  z.object({
    kind: z.literal('weight'),
    /** The new KR weights of the goal; they still sum to 100%. */
    keyResults: z
      .array(z.object({ id: z.uuid(), weightBp: z.number().int().min(0).max(FULL_WEIGHT_BP) }))
      .min(1, 'required')
      .refine((krs) => krs.reduce((s, kr) => s + kr.weightBp, 0) === FULL_WEIGHT_BP, 'weights_not_100'),
  }),
  z.object({ kind: z.literal('due_date'), dueDate: IsoDateSchema }),
  z.object({
    kind: z.literal('text'),
    title: Text(200).optional(),
    description: z.string().trim().max(2000, 'too_long').nullable().optional(),
    keyResults: z.array(z.object({ id: z.uuid(), title: Text(200) })).default([]),
  }),
  z.object({ kind: z.literal('cancel') }),
]);
export type RevisionChange = z.infer<typeof RevisionChangeSchema>;

export const CreateRevisionBodySchema = z.object({
  goalId: z.uuid(),
  change: RevisionChangeSchema,
  reason: Text(1000),
  /** 依据: what the change rests on (a decision, a market change, a re-organisation …). */
  basis: Text(1000),
});
export type CreateRevisionBody = z.infer<typeof CreateRevisionBodySchema>;

export const RevisionDecisionBodySchema = z.object({
  comment: z.string().trim().max(1000, 'too_long').optional(),
});
export const RevisionRejectBodySchema = z.object({
  comment: Text(1000),
});

export const RevisionStepSchema = z.object({
  step: z.enum(REVISION_STEPS),
  decision: z.enum(['approved', 'rejected']),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  comment: z.string().nullable(),
  at: z.string(),
});

export const RevisionSchema = z.object({
  id: z.uuid(),
  goalId: z.uuid(),
  goalTitle: z.string(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  change: RevisionChangeSchema,
  reason: z.string(),
  basis: z.string(),
  status: z.enum(REVISION_STATUSES),
  awaitingStep: z.enum(REVISION_STEPS).nullable(),
  requestedById: z.uuid().nullable(),
  requestedByName: z.string().nullable(),
  steps: z.array(RevisionStepSchema),
  fromRevisionNo: z.number().int(),
  appliedRevisionNo: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Revision = z.infer<typeof RevisionSchema>;

export const ListRevisionsQuerySchema = z.object({
  goalId: z.uuid().optional(),
  status: z.enum(REVISION_STATUSES).optional(),
  /** Only requests waiting on a decision by the caller. */
  awaitingMe: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});
export type ListRevisionsQuery = z.infer<typeof ListRevisionsQuerySchema>;

export const GoalVersionSchema = z.object({
  revisionNo: z.number().int(),
  createdAt: z.string(),
  revisionId: z.uuid().nullable(),
  snapshot: z.object({
    title: z.string(),
    description: z.string().nullable(),
    weightBp: z.number().int(),
    dueDate: z.string().nullable(),
    status: z.string(),
    keyResults: z.array(
      z.object({
        id: z.uuid(),
        title: z.string(),
        kind: z.string(),
        direction: z.string(),
        startValue: z.number(),
        targetValue: z.number().nullable(),
        unit: z.string().nullable(),
        weightBp: z.number().int(),
        dueDate: z.string().nullable(),
      }),
    ),
  }),
  approvals: z.array(RevisionStepSchema),
});
export type GoalVersion = z.infer<typeof GoalVersionSchema>;
