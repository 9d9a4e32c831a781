import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
// Time-ordered (UUID version 7, migration 0017): rows made together sit together in the heap and in
// every index keyed by id, so work that walks rows in id order reads pages, not scattered rows.
const id = () => uuid('id').primaryKey().default(sql`perfloop_uuid_v7()`);
// Every tenant-owned table starts its keys with tenant_id, so data can later be sharded by tenant.
const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id);

export const tenants = pgTable('tenants', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  settings: jsonb('settings').notNull().default({}),
  version: integer('version').notNull().default(1),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const departments = pgTable(
  'departments',
  {
    id: id(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    code: text('code'),
    parentId: uuid('parent_id'),
    headId: uuid('head_id'),
    archived: boolean('archived').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('departments_tenant_parent_idx').on(t.tenantId, t.parentId),
    // "Is this person a head?" is asked by every request's session lookup.
    index('departments_tenant_head_idx').on(t.tenantId, t.headId),
    uniqueIndex('departments_tenant_code_uq').on(t.tenantId, t.code).where(sql`${t.code} is not null`),
    // One company root per tenant.
    uniqueIndex('departments_tenant_root_uq').on(t.tenantId).where(sql`${t.parentId} is null`),
  ],
);

export const employees = pgTable(
  'employees',
  {
    id: id(),
    tenantId: tenantId(),
    employeeNo: text('employee_no').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    title: text('title'),
    jobLevel: text('job_level'),
    departmentId: uuid('department_id').notNull(),
    managerId: uuid('manager_id'),
    hireDate: date('hire_date', { mode: 'string' }),
    status: text('status', { enum: ['active', 'left'] })
      .notNull()
      .default('active'),
    passwordHash: text('password_hash'),
    locale: text('locale'),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('employees_tenant_no_uq').on(t.tenantId, t.employeeNo),
    uniqueIndex('employees_tenant_email_uq').on(t.tenantId, t.email).where(sql`${t.email} is not null`),
    index('employees_tenant_manager_idx').on(t.tenantId, t.managerId),
    index('employees_tenant_department_idx').on(t.tenantId, t.departmentId),
    index('employees_tenant_name_idx').on(t.tenantId, t.name),
  ],
);

/** Roles held explicitly. HRBP rows carry the departments (with their sub-departments) in scope. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    tenantId: tenantId(),
    employeeId: uuid('employee_id').notNull(),
    role: text('role', { enum: ['hr_admin', 'hrbp', 'system_admin'] }).notNull(),
    departmentIds: uuid('department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('role_assignments_uq').on(t.tenantId, t.employeeId, t.role)],
);

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: tenantId(),
    employeeId: uuid('employee_id').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    expiresAt: tz('expires_at').notNull(),
    userAgent: text('user_agent'),
    address: text('address'),
  },
  (t) => [index('sessions_tenant_employee_idx').on(t.tenantId, t.employeeId)],
);

/** Failed sign-ins, for rate limiting per account and per address across server processes. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    login: text('login').notNull(),
    address: text('address').notNull(),
    at: tz('at').notNull().defaultNow(),
  },
  (t) => [
    index('login_failures_login_idx').on(t.login, t.at),
    index('login_failures_address_idx').on(t.address, t.at),
  ],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by'),
    createdAt: tz('created_at').notNull().defaultNow(),
    expiresAt: tz('expires_at').notNull(),
    revokedAt: tz('revoked_at'),
    lastUsedAt: tz('last_used_at'),
  },
  (t) => [index('api_tokens_tenant_idx').on(t.tenantId, t.createdAt)],
);

/** Append-only: a trigger (migration 0001) refuses UPDATE and DELETE. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: tenantId(),
    at: tz('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorKind: text('actor_kind', { enum: ['user', 'token', 'system'] }).notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_events_tenant_at_idx').on(t.tenantId, t.id),
    index('audit_events_tenant_entity_idx').on(t.tenantId, t.entityType, t.entityId),
  ],
);

export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    tenantId: tenantId(),
    kind: text('kind', { enum: ['employees', 'goals'] }).notNull(),
    status: text('status', {
      enum: ['uploaded', 'invalid', 'validated', 'running', 'succeeded', 'failed'],
    }).notNull(),
    fileName: text('file_name').notNull(),
    fileType: text('file_type', { enum: ['xlsx', 'csv'] }).notNull(),
    file: bytea('file').notNull(),
    headers: jsonb('headers').$type<string[]>().notNull(),
    rowCount: integer('row_count').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>(),
    report: jsonb('report'),
    summary: jsonb('summary'),
    progress: integer('progress').notNull().default(0),
    /**
     * While `running`: until when the process running it holds it. That process renews it (a
     * heartbeat, jobs/lease.ts); once it has passed, the process is gone and the job is failed.
     */
    leaseExpiresAt: tz('lease_expires_at'),
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('import_jobs_tenant_created_idx').on(t.tenantId, t.createdAt),
    uniqueIndex('import_jobs_tenant_idem_uq')
      .on(t.tenantId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);

// Values of key results are exact decimals in the database; the API reads them as numbers.
const decimal = (name: string) => numeric(name, { mode: 'number' });
const day = (name: string) => date(name, { mode: 'string' });

export const cycles = pgTable(
  'cycles',
  {
    id: id(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['month', 'quarter', 'half', 'year'] }).notNull(),
    startDate: day('start_date').notNull(),
    endDate: day('end_date').notNull(),
    timeZone: text('time_zone').notNull(),
    phases: jsonb('phases').notNull().default({}),
    /** Early-warning thresholds for this cycle, over the tenant's (§3). */
    warningSettings: jsonb('warning_settings'),
    status: text('status', { enum: ['draft', 'open', 'closed'] })
      .notNull()
      .default('draft'),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('cycles_tenant_start_idx').on(t.tenantId, t.startDate)],
);

export const goals = pgTable(
  'goals',
  {
    id: id(),
    tenantId: tenantId(),
    cycleId: uuid('cycle_id').notNull(),
    level: text('level', { enum: ['company', 'department', 'personal'] }).notNull(),
    kind: text('kind', { enum: ['okr', 'kpi'] }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** The person a personal goal belongs to (null for company and department goals). */
    ownerId: uuid('owner_id'),
    /** The department of a department goal; for personal goals the owner's department when created. */
    departmentId: uuid('department_id'),
    weightBp: integer('weight_bp').notNull(),
    dueDate: day('due_date'),
    status: text('status', {
      enum: ['draft', 'submitted', 'approved', 'returned', 'closed', 'cancelled'],
    }).notNull(),
    returnComment: text('return_comment'),
    parentGoalId: uuid('parent_goal_id'),
    parentKeyResultId: uuid('parent_key_result_id'),
    /** Content version: 1 when approved, +1 per applied revision (备案). */
    revisionNo: integer('revision_no').notNull().default(1),
    createdById: uuid('created_by_id'),
    submittedAt: tz('submitted_at'),
    approvedById: uuid('approved_by_id'),
    approvedAt: tz('approved_at'),
    lastCheckInAt: tz('last_check_in_at'),
    /**
     * The goal's progress (core §2) as last computed from its own key results, for readers that
     * need only the number (the department dashboard). Null means "compute it at read": a trigger
     * on key_results nulls it on every KR write, a cap change nulls the tenant's, and goals with a
     * roll-up KR (whose progress follows other goals) always keep null. `fillGoalProgress` fills it.
     */
    progress: doublePrecision('progress'),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('goals_tenant_cycle_owner_idx').on(t.tenantId, t.cycleId, t.ownerId),
    // Goal lists page by (created_at, id) within a cycle.
    index('goals_tenant_cycle_created_idx').on(t.tenantId, t.cycleId, t.createdAt, t.id),
    // The alignment tree's order: its roots a page at a time without sorting the cycle.
    index('goals_tenant_cycle_level_created_idx').on(t.tenantId, t.cycleId, t.level, t.createdAt, t.id),
    index('goals_tenant_cycle_department_idx').on(t.tenantId, t.cycleId, t.departmentId),
    index('goals_tenant_parent_goal_idx').on(t.tenantId, t.parentGoalId),
    index('goals_tenant_parent_kr_idx').on(t.tenantId, t.parentKeyResultId),
    index('goals_tenant_status_idx').on(t.tenantId, t.status),
    // Company goals are in every alignment tree; a cycle has a handful among its thousands of goals.
    index('goals_tenant_cycle_company_idx').on(t.tenantId, t.cycleId).where(sql`${t.level} = 'company'`),
    // The goals whose progress is to be filled in, in id order (the fill goes on after its last).
    index('goals_progress_unknown_id_idx').on(t.tenantId, t.id).where(sql`${t.progress} is null`),
  ],
);

export const keyResults = pgTable(
  'key_results',
  {
    id: id(),
    tenantId: tenantId(),
    goalId: uuid('goal_id').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    kind: text('kind', { enum: ['metric', 'milestone'] }).notNull(),
    direction: text('direction', { enum: ['increase', 'decrease', 'at_least', 'at_most'] }).notNull(),
    startValue: decimal('start_value').notNull(),
    targetValue: decimal('target_value'),
    currentValue: decimal('current_value'),
    unit: text('unit'),
    weightBp: integer('weight_bp').notNull(),
    startDate: day('start_date'),
    dueDate: day('due_date'),
    done: boolean('done').notNull().default(false),
    manualPercent: decimal('manual_percent'),
    rollUp: boolean('roll_up').notNull().default(false),
    externalKey: text('external_key'),
    ownerId: uuid('owner_id'),
    confidence: integer('confidence'),
    lastCheckInAt: tz('last_check_in_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('key_results_tenant_goal_idx').on(t.tenantId, t.goalId, t.position),
    // The few roll-up KRs, for walking the alignment tree down without reading the others.
    index('key_results_tenant_goal_roll_up_idx').on(t.tenantId, t.goalId).where(sql`${t.rollUp}`),
    uniqueIndex('key_results_tenant_external_key_uq')
      .on(t.tenantId, t.externalKey)
      .where(sql`${t.externalKey} is not null`),
  ],
);

/** Check-ins are history: never updated, never deleted. */
export const checkIns = pgTable(
  'check_ins',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: tenantId(),
    keyResultId: uuid('key_result_id').notNull(),
    goalId: uuid('goal_id').notNull(),
    value: decimal('value'),
    done: boolean('done'),
    percent: decimal('percent'),
    confidence: integer('confidence').notNull(),
    comment: text('comment').notNull().default(''),
    authorId: uuid('author_id'),
    tokenId: uuid('token_id'),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    at: tz('at').notNull().defaultNow(),
  },
  (t) => [
    // Newest first, with the measure (INCLUDE value, done, percent, in migration 0013): a KR's
    // last check-in before an instant is one index-only probe, which replaying a week makes per KR.
    index('check_ins_tenant_kr_at_id_idx').on(
      t.tenantId,
      t.keyResultId,
      t.at.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('check_ins_tenant_goal_at_idx').on(t.tenantId, t.goalId, t.at),
    uniqueIndex('check_ins_tenant_idem_uq')
      .on(t.tenantId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);

/** Every approved content version of a goal, kept unchanged (备案). Append-only by trigger. */
export const goalVersions = pgTable(
  'goal_versions',
  {
    tenantId: tenantId(),
    goalId: uuid('goal_id').notNull(),
    revisionNo: integer('revision_no').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    revisionId: uuid('revision_id'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.goalId, t.revisionNo] })],
);

export const goalRevisions = pgTable(
  'goal_revisions',
  {
    id: id(),
    tenantId: tenantId(),
    goalId: uuid('goal_id').notNull(),
    change: jsonb('change').notNull(),
    reason: text('reason').notNull(),
    basis: text('basis').notNull(),
    status: text('status', {
      enum: ['submitted', 'head_approved', 'applied', 'rejected', 'withdrawn'],
    }).notNull(),
    requestedById: uuid('requested_by_id'),
    /** Decisions in order: [{ step, decision, actorId, actorName, comment, at }]. */
    steps: jsonb('steps').notNull().default([]),
    fromRevisionNo: integer('from_revision_no').notNull(),
    appliedRevisionNo: integer('applied_revision_no'),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('goal_revisions_tenant_goal_idx').on(t.tenantId, t.goalId),
    index('goal_revisions_tenant_status_idx').on(t.tenantId, t.status),
    // One open request per goal (domain.md §5), enforced by the database under races too.
    uniqueIndex('goal_revisions_one_open_uq')
      .on(t.tenantId, t.goalId)
      .where(sql`${t.status} in ('submitted', 'head_approved')`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Follow-through (issue 4): weekly snapshots, alerts, notifications, follow-ups, 1:1s, feedback.

const ratio = (name: string) => doublePrecision(name);

/**
 * Weekly progress p and expected e of each open goal and of its key results (§3), as the goal
 * stood on the date: one row per goal and date, its KRs as three parallel arrays in position
 * order. Rewritten only by a rerun of the same date.
 *
 * No foreign keys: the snapshot writes 400,000 rows at once (100k people) and the checks cost
 * more than the rows. The writer reads the goals in the same statement, and a trigger on goals
 * deletes a deleted goal's snapshots (migration 0011).
 */
export const goalSnapshots = pgTable(
  'goal_snapshots',
  {
    tenantId: uuid('tenant_id').notNull(),
    goalId: uuid('goal_id').notNull(),
    snapshotDate: day('snapshot_date').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    progress: ratio('progress').notNull(),
    expected: ratio('expected').notNull(),
    keyResultIds: uuid('key_result_ids').array().notNull().default(sql`'{}'`),
    keyResultProgress: ratio('key_result_progress').array().notNull().default(sql`'{}'`),
    keyResultExpected: ratio('key_result_expected').array().notNull().default(sql`'{}'`),
    /** The goal's last check-in as of the end of the date (what the stale rule read). */
    lastCheckInAt: tz('last_check_in_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.goalId, t.snapshotDate] }),
    index('goal_snapshots_tenant_date_idx').on(t.tenantId, t.snapshotDate),
  ],
);

/** One row per job, tenant and run key (a date): the claim that makes a job run once. */
export const jobRuns = pgTable(
  'job_runs',
  {
    tenantId: tenantId(),
    job: text('job').notNull(),
    runKey: text('run_key').notNull(),
    trigger: text('trigger', { enum: ['schedule', 'manual'] }).notNull(),
    stats: jsonb('stats').notNull().default({}),
    startedAt: tz('started_at').notNull().defaultNow(),
    finishedAt: tz('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.job, t.runKey] })],
);

export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    tenantId: tenantId(),
    goalId: uuid('goal_id').notNull(),
    cycleId: uuid('cycle_id').notNull(),
    rule: text('rule', { enum: ['pace', 'stale'] }).notNull(),
    status: text('status', { enum: ['open', 'resolved'] }).notNull(),
    openedOn: day('opened_on').notNull(),
    resolvedOn: day('resolved_on'),
    progress: ratio('progress'),
    expected: ratio('expected'),
    pace: ratio('pace'),
    lastCheckInOn: day('last_check_in_on'),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // One open alert per goal and rule at a time (§3), under races too.
    uniqueIndex('alerts_one_open_uq').on(t.tenantId, t.goalId, t.rule).where(sql`${t.status} = 'open'`),
    // In the order alerts are listed: the team of the head of a company walks it until a page is full.
    index('alerts_tenant_status_cycle_created_idx').on(
      t.tenantId,
      t.status,
      t.cycleId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('alerts_tenant_goal_idx').on(t.tenantId, t.goalId),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    tenantId: tenantId(),
    recipientId: uuid('recipient_id').notNull(),
    event: text('event').notNull(),
    params: jsonb('params').notNull().default({}),
    link: text('link'),
    /** Makes a notification (a reminder for a date, an alert) unique per recipient. */
    dedupeKey: text('dedupe_key'),
    /** False when the recipient turned the in-app inbox off for this event (e-mail may still go). */
    inApp: boolean('in_app').notNull().default(true),
    readAt: tz('read_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('notifications_tenant_recipient_idx').on(t.tenantId, t.recipientId, t.createdAt),
    uniqueIndex('notifications_dedupe_uq')
      .on(t.tenantId, t.recipientId, t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null`),
  ],
);

export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    tenantId: tenantId(),
    employeeId: uuid('employee_id').notNull(),
    prefs: jsonb('prefs').notNull().default({}),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.employeeId] })],
);

/** The SMTP server and chat-group robots of a tenant. Secrets stay here; the API never returns them. */
export const notificationChannels = pgTable('notification_channels', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  smtp: jsonb('smtp'),
  robots: jsonb('robots').notNull().default([]),
  version: integer('version').notNull().default(1),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

/** One message to send outside the app (e-mail, robot), retried with backoff until sent or failed. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    tenantId: tenantId(),
    notificationId: uuid('notification_id'),
    event: text('event').notNull(),
    channel: text('channel', { enum: ['email', 'feishu', 'dingtalk', 'wecom'] }).notNull(),
    /** An e-mail address or a robot id. */
    target: text('target').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tz('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: tz('sent_at'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('deliveries_tenant_due_idx').on(t.tenantId, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('deliveries_tenant_created_idx').on(t.tenantId, t.createdAt),
  ],
);

export const followUps = pgTable(
  'follow_ups',
  {
    id: id(),
    tenantId: tenantId(),
    date: day('date').notNull(),
    employeeId: uuid('employee_id').notNull(),
    topic: text('topic').notNull(),
    summary: text('summary').notNull().default(''),
    action: text('action').notNull().default(''),
    responsibleId: uuid('responsible_id').notNull(),
    dueDate: day('due_date'),
    status: text('status', { enum: ['open', 'done'] })
      .notNull()
      .default('open'),
    doneAt: tz('done_at'),
    goalId: uuid('goal_id'),
    keyResultId: uuid('key_result_id'),
    source: text('source', { enum: ['manual', 'one_on_one', 'gap_analysis', 'mid_review'] })
      .notNull()
      .default('manual'),
    sourceId: uuid('source_id'),
    createdById: uuid('created_by_id'),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('follow_ups_tenant_employee_idx').on(t.tenantId, t.employeeId, t.date),
    index('follow_ups_tenant_responsible_idx').on(t.tenantId, t.responsibleId, t.status, t.dueDate),
    index('follow_ups_tenant_date_idx').on(t.tenantId, t.date, t.id),
    index('follow_ups_tenant_source_idx').on(t.tenantId, t.sourceId),
  ],
);

export const oneOnOnes = pgTable(
  'one_on_ones',
  {
    id: id(),
    tenantId: tenantId(),
    seriesId: uuid('series_id'),
    managerId: uuid('manager_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    startsAt: tz('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(30),
    location: text('location').notNull().default(''),
    agenda: jsonb('agenda').$type<string[]>().notNull().default([]),
    sharedNotes: text('shared_notes').notNull().default(''),
    grow: jsonb('grow').notNull().default({}),
    recurrence: text('recurrence', { enum: ['none', 'weekly', 'biweekly', 'monthly'] })
      .notNull()
      .default('none'),
    status: text('status', { enum: ['scheduled', 'done', 'cancelled'] })
      .notNull()
      .default('scheduled'),
    createdById: uuid('created_by_id'),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('one_on_ones_tenant_manager_idx').on(t.tenantId, t.managerId, t.startsAt),
    index('one_on_ones_tenant_employee_idx').on(t.tenantId, t.employeeId, t.startsAt),
  ],
);

/** Private notes: each participant's own, never shown to anyone else. */
export const oneOnOneNotes = pgTable(
  'one_on_one_notes',
  {
    tenantId: tenantId(),
    meetingId: uuid('meeting_id').notNull(),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.meetingId, t.authorId] })],
);

export const feedback = pgTable(
  'feedback',
  {
    id: id(),
    tenantId: tenantId(),
    fromId: uuid('from_id').notNull(),
    toId: uuid('to_id').notNull(),
    kind: text('kind', { enum: ['praise', 'suggestion'] }).notNull(),
    body: text('body').notNull(),
    audience: text('audience', { enum: ['recipient', 'recipient_and_manager'] }).notNull(),
    goalId: uuid('goal_id'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('feedback_tenant_to_idx').on(t.tenantId, t.toId, t.createdAt),
    index('feedback_tenant_from_idx').on(t.tenantId, t.fromId, t.createdAt),
  ],
);

export const gapAnalyses = pgTable(
  'gap_analyses',
  {
    id: id(),
    tenantId: tenantId(),
    employeeId: uuid('employee_id').notNull(),
    cycleId: uuid('cycle_id'),
    title: text('title').notNull(),
    /** [{ dimension, target, actual, unit, rootCauses[], actions[{ text, followUpId }] }] */
    items: jsonb('items').notNull(),
    createdById: uuid('created_by_id'),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('gap_analyses_tenant_employee_idx').on(t.tenantId, t.employeeId, t.createdAt)],
);

/** Review templates (§6). The definition lives in versions: a running round keeps the one it started with. */
export const reviewTemplates = pgTable(
  'review_templates',
  {
    id: id(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    currentVersion: integer('current_version').notNull().default(1),
    archived: boolean('archived').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('review_templates_tenant_id_uq').on(t.tenantId, t.id)],
);

export const reviewTemplateVersions = pgTable(
  'review_template_versions',
  {
    tenantId: tenantId(),
    templateId: uuid('template_id').notNull(),
    templateVersion: integer('template_version').notNull(),
    definition: jsonb('definition').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.templateId, t.templateVersion] })],
);

/** A review round: a mid-cycle or final review of a population in one performance cycle. */
export const reviewCycles = pgTable(
  'review_cycles',
  {
    id: id(),
    tenantId: tenantId(),
    cycleId: uuid('cycle_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['mid', 'final'] }).notNull(),
    status: text('status', { enum: ['draft', 'open', 'closed'] })
      .notNull()
      .default('draft'),
    /** [{ templateId, departmentIds, includeSubDepartments, jobLevels, employeeIds }] */
    populations: jsonb('populations').notNull(),
    launchedAt: tz('launched_at'),
    closedAt: tz('closed_at'),
    scoredAt: tz('scored_at'),
    createdById: uuid('created_by_id'),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('review_cycles_tenant_id_uq').on(t.tenantId, t.id),
    index('review_cycles_tenant_cycle_idx').on(t.tenantId, t.cycleId, t.createdAt),
  ],
);

/** One person reviewed in a round: their template version, nominations, and score. */
export const reviewParticipants = pgTable(
  'review_participants',
  {
    id: id(),
    tenantId: tenantId(),
    reviewCycleId: uuid('review_cycle_id').notNull(),
    employeeId: uuid('employee_id').notNull(),
    /** Manager and department when the round was launched: who approves nominations and tracks. */
    managerId: uuid('manager_id'),
    departmentId: uuid('department_id'),
    templateId: uuid('template_id'),
    templateVersion: integer('template_version'),
    nominationStatus: text('nomination_status', { enum: ['not_started', 'submitted', 'approved'] })
      .notNull()
      .default('not_started'),
    proposedPeerIds: jsonb('proposed_peer_ids').$type<string[]>().notNull().default([]),
    proposedCollaboratorIds: jsonb('proposed_collaborator_ids').$type<string[]>().notNull().default([]),
    attainment: doublePrecision('attainment'),
    finalScore: numeric('final_score', { precision: 7, scale: 2, mode: 'number' }),
    finalScoreExact: doublePrecision('final_score_exact'),
    scoredAt: tz('scored_at'),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('review_participants_tenant_id_uq').on(t.tenantId, t.id),
    uniqueIndex('review_participants_round_employee_uq').on(t.tenantId, t.reviewCycleId, t.employeeId),
    index('review_participants_round_manager_idx').on(t.tenantId, t.reviewCycleId, t.managerId),
    index('review_participants_round_department_idx').on(t.tenantId, t.reviewCycleId, t.departmentId),
  ],
);

/** One reviewer's form about one ratee. */
export const reviews = pgTable(
  'reviews',
  {
    id: id(),
    tenantId: tenantId(),
    reviewCycleId: uuid('review_cycle_id').notNull(),
    participantId: uuid('participant_id').notNull(),
    rateeId: uuid('ratee_id').notNull(),
    reviewerId: uuid('reviewer_id').notNull(),
    raterType: text('rater_type', {
      enum: ['self', 'manager', 'peer', 'subordinate', 'collaborator'],
    }).notNull(),
    status: text('status', { enum: ['pending', 'draft', 'submitted'] })
      .notNull()
      .default('pending'),
    answers: jsonb('answers').notNull().default({}),
    dueDate: day('due_date'),
    submittedAt: tz('submitted_at'),
    lastRemindedAt: tz('last_reminded_at'),
    reopenedCount: integer('reopened_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reviews_tenant_id_uq').on(t.tenantId, t.id),
    uniqueIndex('reviews_participant_reviewer_uq').on(t.tenantId, t.participantId, t.reviewerId),
    index('reviews_tenant_reviewer_idx').on(t.tenantId, t.reviewerId, t.status),
    index('reviews_round_status_idx').on(t.tenantId, t.reviewCycleId, t.status, t.dueDate),
    // The reviews about a person (mid-cycle risks on the team dashboard, retrospectives in the evidence).
    index('reviews_tenant_ratee_idx').on(t.tenantId, t.rateeId),
  ],
);

/** Each submitted review's dimension scores (core's raterDimensionScores): what batch scoring aggregates. */
export const reviewScores = pgTable(
  'review_scores',
  {
    tenantId: tenantId(),
    reviewId: uuid('review_id').notNull(),
    reviewCycleId: uuid('review_cycle_id').notNull(),
    participantId: uuid('participant_id').notNull(),
    raterType: text('rater_type', {
      enum: ['self', 'manager', 'peer', 'subordinate', 'collaborator'],
    }).notNull(),
    dimensionKey: text('dimension_key').notNull(),
    score: doublePrecision('score').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.reviewId, t.dimensionKey] }),
    index('review_scores_round_participant_idx').on(t.tenantId, t.reviewCycleId, t.participantId),
  ],
);

/** Key events (关键事件): objective evidence recorded as it happens. */
export const keyEvents = pgTable(
  'key_events',
  {
    id: id(),
    tenantId: tenantId(),
    employeeId: uuid('employee_id').notNull(),
    authorId: uuid('author_id').notNull(),
    cycleId: uuid('cycle_id'),
    occurredOn: day('occurred_on').notNull(),
    kind: text('kind', { enum: ['event', 'behaviour'] })
      .notNull()
      .default('event'),
    polarity: text('polarity', { enum: ['positive', 'negative'] }).notNull(),
    description: text('description').notNull(),
    goalId: uuid('goal_id'),
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('key_events_tenant_id_uq').on(t.tenantId, t.id),
    index('key_events_tenant_employee_idx').on(t.tenantId, t.employeeId, t.occurredOn),
  ],
);
