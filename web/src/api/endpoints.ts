import type {
  AddActionItemsBodySchema,
  Alert,
  AlignmentTreePage,
  ApiToken,
  Approvals,
  ApproveGoalBodySchema,
  AuditEvent,
  BulkAssignBodySchema,
  BulkAssignResult,
  ChangePasswordBodySchema,
  ChannelsWithVersion,
  CheckIn,
  CheckInBodySchema,
  CreateCycleBodySchema,
  CreateDepartmentBodySchema,
  CreatedApiToken,
  CreateEmployeeBodySchema,
  CreateFeedbackBodySchema,
  CreateFollowUpBodySchema,
  CreateGoalBodySchema,
  CreateKeyEventBodySchema,
  CreateOneOnOneBodySchema,
  CreateReviewCycleBodySchema,
  CreateRevisionBodySchema,
  CreateTokenBodySchema,
  Cycle,
  Delivery,
  Department,
  DepartmentDashboard,
  Employee,
  Feedback,
  FollowUp,
  GapActionToFollowUpBodySchema,
  GapAnalysis,
  Goal,
  GoalDetail,
  GoalImportSummary,
  GoalVersion,
  ImportJob,
  KeyEvent,
  LaunchResultSchema,
  List,
  LoginBodySchema,
  LoginResult,
  MarkReadBodySchema,
  MarkReadResult,
  Me,
  MyDashboard,
  MyReview,
  Nomination,
  NominationBodySchema,
  NominationCandidate,
  NotificationInboxPage,
  NotificationPreferences,
  OneOnOne,
  Page,
  Participant,
  ParticipantResult,
  PasswordResetResult,
  PlanToFollowUpBodySchema,
  RemindBodySchema,
  RemindResultSchema,
  ReopenReviewBodySchema,
  ReturnGoalBodySchema,
  Review,
  ReviewCycle,
  ReviewEvidence,
  ReviewProgress,
  ReviewTemplate,
  ReviewTemplateBody,
  ReviewTemplateBodySchema,
  RevisionDecisionBodySchema,
  RevisionItem,
  RevisionRejectBodySchema,
  RunSnapshotBodySchema,
  SaveGapAnalysisBodySchema,
  SaveReviewBodySchema,
  ScoreRunSchema,
  SetupBodySchema,
  SetupResult,
  SetupStatus,
  SnapshotRun,
  SubmitGoalResult,
  TeamDashboard,
  TeamMemberProgress,
  TenantSettings,
  TrackedReview,
  UnreadCount,
  UpdateChannelsBodySchema,
  UpdateCycleBodySchema,
  UpdateDepartmentBodySchema,
  UpdateEmployeeBodySchema,
  UpdateFollowUpBodySchema,
  UpdateGoalBodySchema,
  UpdateKeyEventBodySchema,
  UpdateOneOnOneBodySchema,
  UpdatePreferencesBodySchema,
  UpdateReviewCycleBodySchema,
  UpdateReviewTemplateBodySchema,
  UpdateTenantSettingsBodySchema,
  ValidateImportBodySchema,
} from '@perfloop/core';
import type { z } from 'zod';

/** A request body as the API accepts it: the input side of core's schema (defaults may be left out). */
type In<Schema extends z.ZodType> = z.input<Schema>;
/** A response core declares only as a schema. */
type Out<Schema extends z.ZodType> = z.output<Schema>;

/** Query parameters; empty values are left out of the URL. */
export type Query = Record<string, string | number | boolean | undefined | null>;

/**
 * Every endpoint the web calls, declared once: `body` and `response` come from core's schemas,
 * the same ones the server validates and serializes with, so a caller cannot pick the answer's
 * type and a body that does not fit the schema does not compile. `{id}` in a key is a path
 * parameter; `params` narrows one when it is not a plain id. No `response` means 204.
 */
export type Endpoints = {
  'GET /setup': { response: SetupStatus };
  'POST /setup': { body: In<typeof SetupBodySchema>; response: SetupResult };
  'POST /auth/login': { body: In<typeof LoginBodySchema>; response: LoginResult };
  'POST /auth/logout': { response: null };
  'GET /me': { response: Me };
  'POST /me/password': { body: In<typeof ChangePasswordBodySchema>; response: null };
  'GET /me/notification-preferences': { response: NotificationPreferences };
  'PUT /me/notification-preferences': {
    body: In<typeof UpdatePreferencesBodySchema>;
    response: NotificationPreferences;
  };

  'GET /api-tokens': { response: List<ApiToken> };
  'POST /api-tokens': { body: In<typeof CreateTokenBodySchema>; response: CreatedApiToken };
  'DELETE /api-tokens/{id}': { response: null };

  'GET /departments': { query: Query; response: List<Department> };
  'POST /departments': { body: In<typeof CreateDepartmentBodySchema>; response: Department };
  'PATCH /departments/{id}': { body: In<typeof UpdateDepartmentBodySchema>; response: Department };

  'GET /employees': { query: Query; response: Page<Employee> };
  'GET /employees/{id}': { response: Employee };
  'POST /employees': { body: In<typeof CreateEmployeeBodySchema>; response: Employee };
  'PATCH /employees/{id}': { body: In<typeof UpdateEmployeeBodySchema>; response: Employee };
  'POST /employees/{id}/password-reset': { response: PasswordResetResult };
  'POST /employees/import': { body: FormData; response: ImportJob };
  'GET /imports/{id}': { response: ImportJob };
  'POST /imports/{id}/validate': { body: In<typeof ValidateImportBodySchema>; response: ImportJob };
  'POST /imports/{id}/commit': { response: ImportJob };

  'GET /audit-events': { query: Query; response: Page<AuditEvent> };
  'GET /settings': { response: TenantSettings };
  'PATCH /settings': { body: In<typeof UpdateTenantSettingsBodySchema>; response: TenantSettings };

  'GET /notifications': { query: Query; response: NotificationInboxPage };
  'GET /notifications/unread-count': { response: UnreadCount };
  'POST /notifications/read': { body: In<typeof MarkReadBodySchema>; response: MarkReadResult };
  'GET /notification-channels': { response: ChannelsWithVersion };
  'PUT /notification-channels': { body: In<typeof UpdateChannelsBodySchema>; response: ChannelsWithVersion };
  'GET /deliveries': { query: Query; response: Page<Delivery> };
  'POST /deliveries/{id}/retry': { response: { ok: boolean } };

  'GET /cycles': { query: Query; response: Page<Cycle> };
  'POST /cycles': { body: In<typeof CreateCycleBodySchema>; response: Cycle };
  'PATCH /cycles/{id}': { body: In<typeof UpdateCycleBodySchema>; response: Cycle };
  'POST /cycles/{id}/{action}': {
    params: { id: string; action: 'open' | 'close' | 'reopen' };
    response: Cycle;
  };

  'GET /review-templates': { query: Query; response: Page<ReviewTemplate> };
  'GET /review-templates/default': { response: ReviewTemplateBody };
  'GET /review-templates/{id}': { response: ReviewTemplate };
  'POST /review-templates': { body: In<typeof ReviewTemplateBodySchema>; response: ReviewTemplate };
  'PUT /review-templates/{id}': { body: In<typeof UpdateReviewTemplateBodySchema>; response: ReviewTemplate };

  'GET /goals': { query: Query; response: Page<Goal> };
  'GET /goals/{id}': { response: GoalDetail };
  'POST /goals': { body: In<typeof CreateGoalBodySchema>; response: Goal };
  'PATCH /goals/{id}': { body: In<typeof UpdateGoalBodySchema>; response: Goal };
  'POST /goals/bulk-assign': { body: In<typeof BulkAssignBodySchema>; response: BulkAssignResult };
  'POST /goals/import': { query: Query; body: FormData; response: GoalImportSummary };
  'POST /goals/{id}/submit': { response: SubmitGoalResult };
  'POST /goals/{id}/approve': { body: In<typeof ApproveGoalBodySchema> | undefined; response: Goal };
  'POST /goals/{id}/return': { body: In<typeof ReturnGoalBodySchema>; response: Goal };
  'GET /goals/{id}/versions': { response: List<GoalVersion> };
  'GET /goals/team': { query: Query; response: List<TeamMemberProgress> };
  'GET /goals/tree': { query: Query; response: AlignmentTreePage };
  'GET /approvals': { response: Approvals };
  'GET /key-results/{id}/check-ins': { query: Query; response: Page<CheckIn> };
  'POST /key-results/{id}/check-ins': { body: In<typeof CheckInBodySchema>; response: CheckIn };

  'GET /goal-revisions': { query: Query; response: Page<RevisionItem> };
  'POST /goal-revisions': { body: In<typeof CreateRevisionBodySchema>; response: RevisionItem };
  'POST /goal-revisions/{id}/approve': {
    body: In<typeof RevisionDecisionBodySchema> | undefined;
    response: RevisionItem;
  };
  'POST /goal-revisions/{id}/reject': { body: In<typeof RevisionRejectBodySchema>; response: RevisionItem };
  'POST /goal-revisions/{id}/withdraw': { response: RevisionItem };

  'GET /dashboards/me': { query: Query; response: MyDashboard };
  'GET /dashboards/team': { query: Query; response: TeamDashboard };
  'GET /dashboards/department': { query: Query; response: DepartmentDashboard };
  'GET /alerts': { query: Query; response: Page<Alert> };
  'GET /snapshots': { response: List<SnapshotRun> };
  'POST /snapshots': { body: In<typeof RunSnapshotBodySchema>; response: SnapshotRun };

  'GET /follow-ups': { query: Query; response: Page<FollowUp> };
  'POST /follow-ups': { body: In<typeof CreateFollowUpBodySchema>; response: FollowUp };
  'PATCH /follow-ups/{id}': { body: In<typeof UpdateFollowUpBodySchema>; response: FollowUp };
  'DELETE /follow-ups/{id}': { response: null };
  'GET /one-on-ones': { query: Query; response: Page<OneOnOne> };
  'GET /one-on-ones/{id}': { response: OneOnOne };
  'POST /one-on-ones': {
    body: In<typeof CreateOneOnOneBodySchema>;
    response: OneOnOne & { occurrences: number };
  };
  'PATCH /one-on-ones/{id}': { body: In<typeof UpdateOneOnOneBodySchema>; response: OneOnOne };
  'POST /one-on-ones/{id}/action-items': { body: In<typeof AddActionItemsBodySchema>; response: OneOnOne };
  'GET /feedback': { query: Query; response: Page<Feedback> };
  'POST /feedback': { body: In<typeof CreateFeedbackBodySchema>; response: Feedback };
  'GET /key-events': { query: Query; response: Page<KeyEvent> };
  'POST /key-events': { body: In<typeof CreateKeyEventBodySchema>; response: KeyEvent };
  'PATCH /key-events/{id}': { body: In<typeof UpdateKeyEventBodySchema>; response: KeyEvent };
  'DELETE /key-events/{id}': { response: null };
  'GET /gap-analyses': { query: Query; response: List<GapAnalysis> };
  'POST /gap-analyses': { body: In<typeof SaveGapAnalysisBodySchema>; response: GapAnalysis };
  'PUT /gap-analyses/{id}': { body: In<typeof SaveGapAnalysisBodySchema>; response: GapAnalysis };
  'POST /gap-analyses/{id}/follow-ups': {
    body: In<typeof GapActionToFollowUpBodySchema>;
    response: GapAnalysis;
  };
  // review rounds
  'GET /review-cycles': { query: Query; response: Page<ReviewCycle> };
  'POST /review-cycles': { body: In<typeof CreateReviewCycleBodySchema>; response: ReviewCycle };
  'GET /review-cycles/{id}': { response: ReviewCycle };
  'PATCH /review-cycles/{id}': { body: In<typeof UpdateReviewCycleBodySchema>; response: ReviewCycle };
  'DELETE /review-cycles/{id}': { response: null };
  'POST /review-cycles/{id}/launch': { response: Out<typeof LaunchResultSchema> };
  'POST /review-cycles/{id}/close': { response: ReviewCycle };
  'POST /review-cycles/{id}/scores': { response: Out<typeof ScoreRunSchema> };
  'GET /review-cycles/{id}/progress': { query: Query; response: ReviewProgress };
  'GET /review-cycles/{id}/reviews': { query: Query; response: Page<TrackedReview> };
  'GET /review-cycles/{id}/participants': { query: Query; response: Page<Participant> };
  'GET /review-cycles/{id}/participants/{employeeId}': { response: ParticipantResult };
  'POST /review-cycles/{id}/reminders': {
    body: In<typeof RemindBodySchema>;
    response: Out<typeof RemindResultSchema>;
  };

  // reviews (reviewer side)
  'GET /reviews': { query: Query; response: Page<MyReview> };
  'GET /reviews/{id}': { response: Review };
  'PUT /reviews/{id}': { body: In<typeof SaveReviewBodySchema>; response: Review };
  'POST /reviews/{id}/submit': { body: In<typeof SaveReviewBodySchema>; response: Review };
  'POST /reviews/{id}/reopen': { body: In<typeof ReopenReviewBodySchema>; response: Review };
  'GET /reviews/{id}/evidence': { response: ReviewEvidence };
  'POST /reviews/{id}/follow-ups': { body: In<typeof PlanToFollowUpBodySchema>; response: Review };
  'GET /nominations': { query: Query; response: Page<Nomination> };
  'GET /review-cycles/{id}/nominations/{employeeId}': { response: Nomination };
  'GET /review-cycles/{id}/nominations/{employeeId}/candidates': {
    query: Query;
    response: { items: NominationCandidate[] };
  };
  'PUT /review-cycles/{id}/nominations/{employeeId}': {
    body: In<typeof NominationBodySchema>;
    response: Nomination;
  };
  'POST /review-cycles/{id}/nominations/{employeeId}/approve': {
    body: In<typeof NominationBodySchema>;
    response: Nomination;
  };
};

export type EndpointKey = keyof Endpoints;
export type ResponseOf<K extends EndpointKey> = Endpoints[K]['response'];
export type BodyOf<K extends EndpointKey> = Endpoints[K] extends { body: infer B } ? B : never;

/** Lists without path parameters that take a query: paged by cursor, or answered whole. */
export type ListEndpoint = {
  [K in EndpointKey]: K extends `GET ${string}{${string}`
    ? never
    : K extends `GET ${string}`
      ? Endpoints[K] extends { query: Query; response: { items: unknown[]; nextCursor?: string | null } }
        ? K
        : never
      : never;
}[EndpointKey];
export type ItemOf<K extends ListEndpoint> = ResponseOf<K>['items'][number];
