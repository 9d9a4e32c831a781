import { z } from 'zod';
import { IsoDateSchema } from '../employees/employee.schemas.ts';
import { Measure } from '../shared/schema-fields.ts';
import { FULL_WEIGHT_BP, KR_DIRECTIONS, KR_KINDS, type KrMeasure } from './progress.ts';
import { SMART_WARNING_CODES } from './smart-check.ts';

export const GOAL_LEVELS = ['company', 'department', 'personal'] as const;
export type GoalLevel = (typeof GOAL_LEVELS)[number];
export const GOAL_KINDS = ['okr', 'kpi'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];
export const GOAL_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'closed', 'cancelled'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
/** Statuses in which the owner edits the goal directly; after approval only revisions change it. */
export const EDITABLE_GOAL_STATUSES: readonly GoalStatus[] = ['draft', 'returned'];

const WeightBpSchema = z
  .number()
  .int('invalid_weight')
  .min(0, 'invalid_weight')
  .max(FULL_WEIGHT_BP, 'invalid_weight');
const Title = z.string().trim().min(1, 'required').max(200, 'too_long');
export const ExternalKeySchema = z
  .string()
  .trim()
  .min(1, 'required')
  .max(100, 'too_long')
  .regex(/^[A-Za-z0-9._:/-]+$/, 'invalid_external_key');

export const KeyResultInputSchema = z
  .object({
    id: z.uuid().optional(),
    title: Title,
    kind: z.enum(KR_KINDS).default('metric'),
    direction: z.enum(KR_DIRECTIONS).default('increase'),
    startValue: Measure.default(0),
    targetValue: Measure.nullable().default(null),
    unit: z.string().trim().max(16, 'too_long').nullable().optional(),
    weightBp: WeightBpSchema,
    startDate: IsoDateSchema.nullable().optional(),
    dueDate: IsoDateSchema.nullable().optional(),
    rollUp: z.boolean().default(false),
    externalKey: ExternalKeySchema.nullable().optional(),
    ownerId: z.uuid().nullable().optional(),
  })
  .superRefine((kr, ctx) => {
    if (kr.kind === 'metric' && kr.targetValue === null)
      ctx.addIssue({ code: 'custom', path: ['targetValue'], message: 'required' });
    if (kr.startDate && kr.dueDate && kr.dueDate < kr.startDate)
      ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'end_before_start' });
  });
export type KeyResultInput = z.infer<typeof KeyResultInputSchema>;

/** KR weights of one goal sum to exactly 100%; a KPI is a goal with one key result. */
function refineKeyResults(
  goal: { kind?: GoalKind; keyResults?: readonly { weightBp: number; externalKey?: string | null }[] },
  ctx: z.RefinementCtx,
) {
  if (!goal.keyResults) return;
  if (goal.kind === 'kpi' && goal.keyResults.length !== 1)
    ctx.addIssue({ code: 'custom', path: ['keyResults'], message: 'kpi_one_key_result' });
  const sum = goal.keyResults.reduce((s, kr) => s + kr.weightBp, 0);
  if (sum !== FULL_WEIGHT_BP)
    ctx.addIssue({ code: 'custom', path: ['keyResults'], message: 'weights_not_100' });
  const keys = goal.keyResults.map((kr) => kr.externalKey).filter(Boolean);
  if (new Set(keys).size !== keys.length)
    ctx.addIssue({ code: 'custom', path: ['keyResults'], message: 'duplicate_external_key' });
}

const GoalFields = {
  title: Title,
  description: z.string().trim().max(2000, 'too_long').nullable().optional(),
  weightBp: WeightBpSchema,
  dueDate: IsoDateSchema.nullable().optional(),
  parentGoalId: z.uuid().nullable().optional(),
  parentKeyResultId: z.uuid().nullable().optional(),
  keyResults: z.array(KeyResultInputSchema).min(1, 'required').max(20, 'too_many'),
};

export const CreateGoalBodySchema = z
  .object({
    cycleId: z.uuid(),
    level: z.enum(GOAL_LEVELS).default('personal'),
    kind: z.enum(GOAL_KINDS).default('okr'),
    /** Personal goals: the owner (default: the caller). */
    ownerId: z.uuid().nullable().optional(),
    /** Department goals: the department. */
    departmentId: z.uuid().nullable().optional(),
    ...GoalFields,
  })
  .superRefine((goal, ctx) => {
    refineKeyResults(goal, ctx);
    if (goal.level === 'department' && !goal.departmentId)
      ctx.addIssue({ code: 'custom', path: ['departmentId'], message: 'required' });
  });
export type CreateGoalBody = z.infer<typeof CreateGoalBodySchema>;

export const UpdateGoalBodySchema = z
  .object({ kind: z.enum(GOAL_KINDS), ...GoalFields })
  .partial()
  .superRefine(refineKeyResults);
export type UpdateGoalBody = z.infer<typeof UpdateGoalBodySchema>;

export const ReturnGoalBodySchema = z.object({
  comment: z.string().trim().min(1, 'required').max(1000, 'too_long'),
});
export const ApproveGoalBodySchema = z.object({
  comment: z.string().trim().max(1000, 'too_long').optional(),
});

export const KeyResultSchema = z.object({
  id: z.uuid(),
  goalId: z.uuid(),
  position: z.number().int(),
  title: z.string(),
  kind: z.enum(KR_KINDS),
  direction: z.enum(KR_DIRECTIONS),
  startValue: z.number(),
  targetValue: z.number().nullable(),
  currentValue: z.number().nullable(),
  unit: z.string().nullable(),
  weightBp: z.number().int(),
  startDate: z.string(),
  dueDate: z.string().nullable(),
  done: z.boolean(),
  manualPercent: z.number().nullable(),
  rollUp: z.boolean(),
  externalKey: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  /** Full precision; 1.2 = 120% (over-achievement is kept). */
  progress: z.number(),
  expected: z.number(),
  /** Pace p / e below the company's threshold for the cycle (§3), decided by core on the server. */
  behind: z.boolean(),
  confidence: z.number().int().nullable(),
  lastCheckInAt: z.string().nullable(),
});
export type KeyResult = z.infer<typeof KeyResultSchema>;

/** A key result as core's progress functions take it; a metric without a value is at its start. */
export function measureOfKeyResult(
  kr: Pick<
    KeyResult,
    'kind' | 'startValue' | 'targetValue' | 'currentValue' | 'direction' | 'done' | 'manualPercent'
  >,
): KrMeasure {
  return kr.kind === 'metric'
    ? {
        kind: 'metric',
        startValue: kr.startValue,
        targetValue: kr.targetValue ?? kr.startValue,
        currentValue: kr.currentValue ?? kr.startValue,
        direction: kr.direction,
      }
    : { kind: 'milestone', done: kr.done, manualPercent: kr.manualPercent };
}

export const GoalSchema = z.object({
  id: z.uuid(),
  cycleId: z.uuid(),
  cycleName: z.string(),
  level: z.enum(GOAL_LEVELS),
  kind: z.enum(GOAL_KINDS),
  title: z.string(),
  description: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  weightBp: z.number().int(),
  dueDate: z.string().nullable(),
  status: z.enum(GOAL_STATUSES),
  returnComment: z.string().nullable(),
  parentGoalId: z.uuid().nullable(),
  parentKeyResultId: z.uuid().nullable(),
  parentTitle: z.string().nullable(),
  progress: z.number(),
  expected: z.number(),
  pace: z.number().nullable(),
  /** Pace below the company's threshold for the cycle (§3), decided by core on the server. */
  behind: z.boolean(),
  lastCheckInAt: z.string().nullable(),
  revisionNo: z.number().int(),
  hasOpenRevision: z.boolean(),
  createdById: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  keyResults: z.array(KeyResultSchema),
});
export type Goal = z.infer<typeof GoalSchema>;

export const SmartWarningSchema = z.object({
  index: z.number().int(),
  keyResultId: z.uuid().nullable(),
  code: z.enum(SMART_WARNING_CODES),
  message: z.string(),
});

export const GOAL_SCOPES = ['mine', 'team', 'all'] as const;
export const ListGoalsQuerySchema = z.object({
  cycleId: z.uuid().optional(),
  /** mine: my own; team: my reports' (all levels); all: everything I may see. */
  scope: z.enum(GOAL_SCOPES).default('all'),
  ownerId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  level: z.enum(GOAL_LEVELS).optional(),
  status: z.enum(GOAL_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});
export type ListGoalsQuery = z.infer<typeof ListGoalsQuerySchema>;

export const TeamMemberProgressSchema = z.object({
  employeeId: z.uuid(),
  employeeNo: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  departmentName: z.string(),
  managerId: z.uuid().nullable(),
  goalCount: z.number().int(),
  approvedCount: z.number().int(),
  weightTotalBp: z.number().int(),
  /** Over the goals that count (§2: approved and closed personal goals), as everywhere. */
  attainment: z.number(),
  expected: z.number(),
  pace: z.number().nullable(),
  behind: z.boolean(),
  lastCheckInAt: z.string().nullable(),
  pendingApproval: z.number().int(),
});
export type TeamMemberProgress = z.infer<typeof TeamMemberProgressSchema>;

export const TeamGoalsQuerySchema = z.object({
  cycleId: z.uuid(),
  managerId: z.uuid().optional(),
  /** direct: direct reports only; all: the whole reporting line below. */
  depth: z.enum(['direct', 'all']).default('direct'),
  sort: z.enum(['name', 'attainment', '-attainment', 'pace', '-pace']).default('name'),
});
export type TeamGoalsQuery = z.infer<typeof TeamGoalsQuerySchema>;

export const AlignmentNodeSchema = z.object({
  id: z.uuid(),
  parentGoalId: z.uuid().nullable(),
  parentKeyResultId: z.uuid().nullable(),
  level: z.enum(GOAL_LEVELS),
  kind: z.enum(GOAL_KINDS),
  title: z.string(),
  status: z.enum(GOAL_STATUSES),
  ownerName: z.string().nullable(),
  departmentName: z.string().nullable(),
  weightBp: z.number().int(),
  progress: z.number(),
  keyResults: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      progress: z.number(),
      rollUp: z.boolean(),
      weightBp: z.number(),
    }),
  ),
  /** Goals aligned to this one or to its KRs that the caller may see: fetched with parentId. */
  childCount: z.number().int(),
});
export type AlignmentNode = z.infer<typeof AlignmentNodeSchema>;

/**
 * One level of the alignment tree, a page at a time: without parentId, the roots (goals whose
 * parent the caller cannot see, or that align to nothing); with it, the goals aligned to that
 * goal or to one of its KRs.
 */
export const AlignmentTreeQuerySchema = z.object({
  cycleId: z.uuid(),
  departmentId: z.uuid().optional(),
  parentId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(300).optional(),
});
export type AlignmentTreeQuery = z.infer<typeof AlignmentTreeQuerySchema>;

export const AlignmentTreePageSchema = z.object({
  items: z.array(AlignmentNodeSchema),
  nextCursor: z.string().nullable(),
});
export type AlignmentTreePage = z.infer<typeof AlignmentTreePageSchema>;

export const CheckInBodySchema = z.object({
  value: Measure.optional(),
  done: z.boolean().optional(),
  percent: z.number().min(0, 'invalid_value').max(100, 'invalid_value').optional(),
  confidence: z.number().int('invalid_confidence').min(1, 'invalid_confidence').max(10, 'invalid_confidence'),
  comment: z.string().trim().max(2000, 'too_long').default(''),
});
export type CheckInBody = z.infer<typeof CheckInBodySchema>;

export const CheckInSchema = z.object({
  id: z.string(),
  keyResultId: z.uuid(),
  goalId: z.uuid(),
  value: z.number().nullable(),
  done: z.boolean().nullable(),
  percent: z.number().nullable(),
  progress: z.number(),
  confidence: z.number().int(),
  comment: z.string(),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  at: z.string(),
});
export type CheckIn = z.infer<typeof CheckInSchema>;

export const ListCheckInsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(100).optional(),
});

export const GoalProgressAtQuerySchema = z.object({ date: IsoDateSchema });
export const GoalProgressAtSchema = z.object({
  goalId: z.uuid(),
  date: z.string(),
  progress: z.number(),
  expected: z.number(),
  keyResults: z.array(
    z.object({
      id: z.uuid(),
      value: z.number().nullable(),
      done: z.boolean(),
      progress: z.number(),
      expected: z.number(),
    }),
  ),
});

export const BulkAssignBodySchema = z
  .object({
    cycleId: z.uuid(),
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('employees'), employeeIds: z.array(z.uuid()).min(1, 'required').max(5000) }),
      z.object({
        kind: z.literal('team'),
        managerId: z.uuid().optional(),
        depth: z.enum(['direct', 'all']).default('direct'),
      }),
      z.object({
        kind: z.literal('department'),
        departmentId: z.uuid(),
        includeSubDepartments: z.boolean().default(true),
      }),
      z.object({ kind: z.literal('title'), title: z.string().trim().min(1, 'required').max(64, 'too_long') }),
    ]),
    kind: z.enum(GOAL_KINDS).default('okr'),
    ...GoalFields,
  })
  .superRefine(refineKeyResults);
export type BulkAssignBody = z.infer<typeof BulkAssignBodySchema>;
