import { z } from 'zod';
import { IsoDate, PageQuery, required, text, Uuid } from '../shared/schema-fields.ts';
import { RATER_TYPES, ReviewTemplateDefinitionSchema } from './review-template.ts';

// ---------------------------------------------------------------------------------------------
// Review templates (§6)

export const ReviewTemplateBodySchema = z.object({
  name: required(100),
  definition: ReviewTemplateDefinitionSchema,
});
export type ReviewTemplateBody = z.infer<typeof ReviewTemplateBodySchema>;

export const ReviewTemplateSchema = z.object({
  id: Uuid,
  name: z.string(),
  /** The template's version: a running review keeps the version it started with. */
  templateVersion: z.number().int(),
  definition: ReviewTemplateDefinitionSchema,
  archived: z.boolean(),
  /** Review rounds that use some version of it. */
  usedBy: z.number().int(),
  /** The row's version (its ETag, for If-Match): it changes on every edit, the template version only with the definition. */
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReviewTemplate = z.infer<typeof ReviewTemplateSchema>;

/** A new definition makes a new template version; name and archived alone do not. */
export const UpdateReviewTemplateBodySchema = ReviewTemplateBodySchema.extend({
  archived: z.boolean().optional(),
});
export type UpdateReviewTemplateBody = z.infer<typeof UpdateReviewTemplateBodySchema>;

export const ListReviewTemplatesQuerySchema = z.object({
  archived: z.enum(['true', 'false']).optional(),
  ...PageQuery,
});
export type ListReviewTemplatesQuery = z.infer<typeof ListReviewTemplatesQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Review rounds: a mid-cycle or final review of a population in one performance cycle

export const REVIEW_KINDS = ['mid', 'final'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_CYCLE_STATUSES = ['draft', 'open', 'closed'] as const;
export type ReviewCycleStatus = (typeof REVIEW_CYCLE_STATUSES)[number];

export const PopulationSchema = z.object({
  /** The template of a final review (a mid-cycle review needs none). */
  templateId: Uuid.nullable().default(null),
  departmentIds: z.array(Uuid).max(500, 'too_many').default([]),
  /** Departments include everyone below them. */
  includeSubDepartments: z.boolean().default(true),
  /** Narrows the departments to these job levels (empty: every level). */
  jobLevels: z.array(required(50)).max(50, 'too_many').default([]),
  /** People named one by one, wherever they sit. */
  employeeIds: z.array(Uuid).max(5000, 'too_many').default([]),
});
export type Population = z.infer<typeof PopulationSchema>;

export const CreateReviewCycleBodySchema = z.object({
  cycleId: Uuid,
  name: required(100),
  kind: z.enum(REVIEW_KINDS),
  populations: z.array(PopulationSchema).min(1, 'too_few').max(20, 'too_many'),
});
export type CreateReviewCycleBody = z.infer<typeof CreateReviewCycleBodySchema>;

export const UpdateReviewCycleBodySchema = CreateReviewCycleBodySchema.omit({ cycleId: true, kind: true });
export type UpdateReviewCycleBody = z.infer<typeof UpdateReviewCycleBodySchema>;

/** The deadlines of a round, from its performance cycle's phase dates (null: the phase has no dates). */
export const ReviewDeadlinesSchema = z.object({
  nomination: z.string().nullable(),
  self: z.string().nullable(),
  peer: z.string().nullable(),
  manager: z.string().nullable(),
});
export type ReviewDeadlines = z.infer<typeof ReviewDeadlinesSchema>;

export const ReviewCycleSchema = z.object({
  id: Uuid,
  cycleId: Uuid,
  cycleName: z.string(),
  name: z.string(),
  kind: z.enum(REVIEW_KINDS),
  status: z.enum(REVIEW_CYCLE_STATUSES),
  populations: z.array(PopulationSchema.extend({ templateName: z.string().nullable() })),
  deadlines: ReviewDeadlinesSchema,
  participants: z.number().int(),
  launchedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  scoredAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type ReviewCycle = z.infer<typeof ReviewCycleSchema>;

export const ListReviewCyclesQuerySchema = z.object({
  cycleId: Uuid.optional(),
  ...PageQuery,
});

export const LaunchResultSchema = z.object({
  participants: z.number().int(),
  reviews: z.number().int(),
});

export const ScoreRunSchema = z.object({ scored: z.number().int(), scoredAt: z.string() });

// ---------------------------------------------------------------------------------------------
// Tracking: completion by department, manager and reviewer

export const REVIEW_STATUSES = ['pending', 'draft', 'submitted'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

const Completion = {
  total: z.number().int(),
  submitted: z.number().int(),
  late: z.number().int(),
};
export const ReviewProgressSchema = z.object({
  ...Completion,
  /** Submitted share, rounded half-up to one decimal. */
  percent: z.number(),
  byRaterType: z.array(z.object({ raterType: z.enum(RATER_TYPES), ...Completion })),
  byDepartment: z.array(z.object({ departmentId: Uuid, name: z.string(), ...Completion })),
  byManager: z.array(z.object({ managerId: Uuid, name: z.string(), ...Completion })),
});
export type ReviewProgress = z.infer<typeof ReviewProgressSchema>;

export const ListTrackedReviewsQuerySchema = z.object({
  status: z.enum(REVIEW_STATUSES).optional(),
  late: z.enum(['true', 'false']).optional(),
  raterType: z.enum(RATER_TYPES).optional(),
  departmentId: Uuid.optional(),
  managerId: Uuid.optional(),
  ...PageQuery,
});

/** One review as HR and managers track it: who writes about whom, and whether it is in. */
export const TrackedReviewSchema = z.object({
  id: Uuid,
  raterType: z.enum(RATER_TYPES),
  status: z.enum(REVIEW_STATUSES),
  reviewerId: Uuid,
  reviewerName: z.string(),
  rateeId: Uuid,
  rateeName: z.string(),
  departmentName: z.string().nullable(),
  dueDate: z.string().nullable(),
  late: z.boolean(),
  submittedAt: z.string().nullable(),
  lastRemindedAt: z.string().nullable(),
});
export type TrackedReview = z.infer<typeof TrackedReviewSchema>;

export const RemindBodySchema = z.object({
  /** Reviews to remind of; none given: every review in reach not yet submitted. */
  reviewIds: z.array(Uuid).max(1000, 'too_many').optional(),
});
export const RemindResultSchema = z.object({ reminded: z.number().int() });

export const NOMINATION_STATUSES = ['not_started', 'submitted', 'approved'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

export const ListParticipantsQuerySchema = z.object({
  departmentId: Uuid.optional(),
  managerId: Uuid.optional(),
  q: text(100).optional(),
  ...PageQuery,
});

/** One person reviewed in a round, as HR and their managers see it. */
export const ParticipantSchema = z.object({
  employeeId: Uuid,
  name: z.string(),
  departmentName: z.string().nullable(),
  managerId: Uuid.nullable(),
  managerName: z.string().nullable(),
  templateName: z.string().nullable(),
  nominationStatus: z.enum(NOMINATION_STATUSES),
  reviews: z.object(Completion),
  /** Rounded half-up to 2 decimals; null before any rating or attainment scored. */
  finalScore: z.number().nullable(),
});
export type Participant = z.infer<typeof ParticipantSchema>;

// ---------------------------------------------------------------------------------------------
// Nominations: the ratee proposes peers and collaborators, the manager approves or changes them

export const NominationBodySchema = z.object({
  peerIds: z.array(Uuid).max(20, 'too_many').default([]),
  collaboratorIds: z.array(Uuid).max(20, 'too_many').default([]),
});
export type NominationBody = z.infer<typeof NominationBodySchema>;

const Person = z.object({ id: Uuid, name: z.string(), departmentName: z.string().nullable() });
export const NominationSchema = z.object({
  reviewCycleId: Uuid,
  employeeId: Uuid,
  employeeName: z.string(),
  status: z.enum(NOMINATION_STATUSES),
  min: z.number().int(),
  max: z.number().int(),
  dueDate: z.string().nullable(),
  /** What the ratee proposed. */
  proposedPeers: z.array(Person),
  proposedCollaborators: z.array(Person),
  /** Who was asked: shown to the ratee's managers and HR, never to the ratee (§6). */
  approvedPeers: z.array(Person).nullable(),
  approvedCollaborators: z.array(Person).nullable(),
  version: z.number().int(),
});
export type Nomination = z.infer<typeof NominationSchema>;

/** People a ratee may nominate: any active colleague but themself and their manager, by name or number. */
export const NominationCandidatesQuerySchema = z.object({
  q: text(100).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const NominationCandidateSchema = z.object({
  id: Uuid,
  name: z.string(),
  employeeNo: z.string(),
  departmentName: z.string().nullable(),
  /** In the ratee's department (a peer) or not (a cross-department collaborator). */
  sameDepartment: z.boolean(),
});
export type NominationCandidate = z.infer<typeof NominationCandidateSchema>;

export const ListNominationsQuerySchema = z.object({
  /** `mine`: my own in open rounds; `team`: those waiting for me (or in reach of HR) to approve. */
  box: z.enum(['mine', 'team']).default('mine'),
  status: z.enum(NOMINATION_STATUSES).optional(),
  ...PageQuery,
});

// ---------------------------------------------------------------------------------------------
// Reviews: one reviewer's form about one ratee

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Answers of a final review: ratings per item (null: 不了解 / not able to judge), comments, and the 评语. */
export const FinalAnswersSchema = z
  .object({
    ratings: z
      .record(
        z.string().max(40),
        z.number().int('invalid_rating').min(1, 'invalid_rating').max(10, 'invalid_rating').nullable(),
      )
      .default({}),
    comments: z.record(z.string().max(40), text(2000)).default({}),
    /** The manager's 评语: strengths. */
    strengths: text(4000).default(''),
    /** The manager's 评语: what to improve. */
    improvements: text(4000).default(''),
  })
  // Strict, like MidAnswersSchema: a body is one or the other, never a mid review read as a final one.
  .strict();
export type FinalAnswers = z.infer<typeof FinalAnswersSchema>;

export const RetrospectiveSchema = z.object({
  done: text(4000).default(''),
  notDone: text(4000).default(''),
  lessons: text(4000).default(''),
  plan: z
    .array(
      z.object({
        text: required(500),
        dueDate: IsoDate.nullable().default(null),
        /** Set once the item became a follow-up record. */
        followUpId: Uuid.nullable().default(null),
      }),
    )
    .max(20, 'too_many')
    .default([]),
});
export type Retrospective = z.infer<typeof RetrospectiveSchema>;

/** Answers of a mid-cycle review (期中评估 / 复盘): per goal a risk and a comment, and the retrospective. */
export const MidAnswersSchema = z
  .object({
    goals: z
      .array(
        z.object({
          goalId: Uuid,
          risk: z.enum(RISK_LEVELS).nullable().default(null),
          comment: text(2000).default(''),
        }),
      )
      .max(100, 'too_many')
      .default([]),
    retrospective: RetrospectiveSchema.default({ done: '', notDone: '', lessons: '', plan: [] }),
  })
  .strict();
export type MidAnswers = z.infer<typeof MidAnswersSchema>;

export const SaveReviewBodySchema = z.object({
  answers: z.union([FinalAnswersSchema, MidAnswersSchema]),
});

export const SaveFinalReviewBodySchema = z.object({ answers: FinalAnswersSchema });
export const SaveMidReviewBodySchema = z.object({ answers: MidAnswersSchema });

/** A goal of the ratee as a mid-cycle review shows it, progress as of the review date. */
export const ReviewGoalSchema = z.object({
  goalId: Uuid,
  title: z.string(),
  weightBp: z.number().int(),
  progress: z.number(),
  /** "新客户签约量完成18，目标20，差2" per key result, in the reader's language. */
  progressText: z.array(z.string()),
});
export type ReviewGoal = z.infer<typeof ReviewGoalSchema>;

export const ReviewSchema = z.object({
  id: Uuid,
  reviewCycleId: Uuid,
  reviewCycleName: z.string(),
  cycleId: Uuid,
  kind: z.enum(REVIEW_KINDS),
  raterType: z.enum(RATER_TYPES),
  status: z.enum(REVIEW_STATUSES),
  rateeId: Uuid,
  rateeName: z.string(),
  rateeDepartmentName: z.string().nullable(),
  dueDate: z.string().nullable(),
  submittedAt: z.string().nullable(),
  /** The template version this round started with (final reviews). */
  template: z
    .object({ id: Uuid, templateVersion: z.number().int(), definition: ReviewTemplateDefinitionSchema })
    .nullable(),
  /** The ratee's goals (mid-cycle reviews). */
  goals: z.array(ReviewGoalSchema),
  answers: z.union([FinalAnswersSchema, MidAnswersSchema]),
  version: z.number().int(),
});
export type Review = z.infer<typeof ReviewSchema>;

export const ListMyReviewsQuerySchema = z.object({
  status: z.enum(REVIEW_STATUSES).optional(),
  ...PageQuery,
});

export const MyReviewSchema = z.object({
  id: Uuid,
  reviewCycleId: Uuid,
  reviewCycleName: z.string(),
  kind: z.enum(REVIEW_KINDS),
  raterType: z.enum(RATER_TYPES),
  status: z.enum(REVIEW_STATUSES),
  rateeId: Uuid,
  rateeName: z.string(),
  dueDate: z.string().nullable(),
  late: z.boolean(),
  submittedAt: z.string().nullable(),
});
export type MyReview = z.infer<typeof MyReviewSchema>;

export const ReopenReviewBodySchema = z.object({ reason: required(1000) });

export const PlanToFollowUpBodySchema = z.object({ planIndex: z.number().int().min(0).max(19) });

// ---------------------------------------------------------------------------------------------
// Evidence beside the form: what the product already holds about the ratee in the cycle.
// A section is null when the reviewer may not see it (a peer sees no alerts or 1:1s).

export const ReviewEvidenceSchema = z.object({
  attainment: z.number().nullable(),
  goals: z
    .array(
      z.object({
        id: Uuid,
        title: z.string(),
        status: z.string(),
        weightBp: z.number().int(),
        progress: z.number(),
        checkIns: z.array(
          z.object({ at: z.string(), confidence: z.number().nullable(), comment: z.string() }),
        ),
      }),
    )
    .nullable(),
  alerts: z
    .array(
      z.object({
        id: Uuid,
        kind: z.string(),
        status: z.string(),
        goalTitle: z.string().nullable(),
        /** The day the alert opened (YYYY-MM-DD, as the alerts API has it): a day, not an instant. */
        openedOn: IsoDate,
      }),
    )
    .nullable(),
  followUps: z
    .array(
      z.object({
        id: Uuid,
        date: z.string(),
        topic: z.string(),
        summary: z.string(),
        action: z.string(),
        status: z.string(),
        source: z.string(),
      }),
    )
    .nullable(),
  keyEvents: z
    .array(
      z.object({
        id: Uuid,
        occurredOn: z.string(),
        polarity: z.enum(['positive', 'negative']),
        kind: z.enum(['event', 'behaviour']),
        description: z.string(),
        goalTitle: z.string().nullable(),
        authorName: z.string(),
      }),
    )
    .nullable(),
  midReviews: z
    .array(
      z.object({
        raterType: z.enum(RATER_TYPES),
        submittedAt: z.string().nullable(),
        answers: MidAnswersSchema,
      }),
    )
    .nullable(),
  feedback: z
    .array(
      z.object({
        id: Uuid,
        kind: z.enum(['praise', 'suggestion']),
        body: z.string(),
        fromName: z.string(),
        createdAt: z.string(),
      }),
    )
    .nullable(),
});
export type ReviewEvidence = z.infer<typeof ReviewEvidenceSchema>;

// ---------------------------------------------------------------------------------------------
// A ratee's result in a round: score, breakdown and answers, anonymity applied by the server

export const RaterGroupSchema = z.object({
  raterType: z.enum(RATER_TYPES),
  raters: z.number().int(),
  items: z.array(
    z.object({ key: z.string(), meanRating: z.number().nullable(), answered: z.number().int() }),
  ),
  /** Free-text answers, without names, in an order that says nothing about who wrote them. */
  comments: z.array(z.string()),
});

export const ParticipantResultSchema = z.object({
  reviewCycleId: Uuid,
  employeeId: Uuid,
  name: z.string(),
  finalScore: z.number().nullable(),
  finalScoreExact: z.number().nullable(),
  /**
   * Why the score and its breakdown are not shown to this caller (null: they are): before the round
   * closes, or when an anonymous type answered a dimension from fewer raters than the minimum.
   * HR admins always see them.
   */
  scoreWithheld: z.enum(['phase_open', 'below_minimum']).nullable(),
  attainment: z.number().nullable(),
  breakdown: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      weightBp: z.number().int(),
      source: z.enum(['ratings', 'attainment']),
      score: z.number().nullable(),
      weightShare: z.number(),
      contribution: z.number(),
      raterTypes: z.array(
        z.object({
          raterType: z.enum(RATER_TYPES),
          weightBp: z.number().int(),
          weightShare: z.number(),
          score: z.number(),
          raters: z.number().int(),
        }),
      ),
      items: z.array(
        z.object({
          key: z.string(),
          name: z.string(),
          weightBp: z.number().int(),
          byType: z.array(
            z.object({
              raterType: z.enum(RATER_TYPES),
              meanRating: z.number(),
              meanScore: z.number(),
              raters: z.number().int(),
            }),
          ),
        }),
      ),
    }),
  ),
  /** Self and manager answers in full (named by nature). */
  self: FinalAnswersSchema.nullable(),
  manager: FinalAnswersSchema.extend({ reviewerName: z.string() }).nullable(),
  /** Anonymous types at or above their minimum, after the review phase closed. */
  groups: z.array(RaterGroupSchema),
  /** Answers of an anonymous type show from this many of them (the template's anonymity minimum). */
  anonymityMinimum: z.number().int(),
  /** Anonymous types not shown, and why. */
  hidden: z.array(
    z.object({ raterType: z.enum(RATER_TYPES), reason: z.enum(['below_minimum', 'phase_open']) }),
  ),
});
export type ParticipantResult = z.infer<typeof ParticipantResultSchema>;
