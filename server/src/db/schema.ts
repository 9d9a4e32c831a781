import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
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
const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
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
    version: integer('version').notNull().default(1),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('goals_tenant_cycle_owner_idx').on(t.tenantId, t.cycleId, t.ownerId),
    // Goal lists page by (created_at, id) within a cycle.
    index('goals_tenant_cycle_created_idx').on(t.tenantId, t.cycleId, t.createdAt, t.id),
    index('goals_tenant_cycle_department_idx').on(t.tenantId, t.cycleId, t.departmentId),
    index('goals_tenant_parent_goal_idx').on(t.tenantId, t.parentGoalId),
    index('goals_tenant_parent_kr_idx').on(t.tenantId, t.parentKeyResultId),
    index('goals_tenant_status_idx').on(t.tenantId, t.status),
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
    index('check_ins_tenant_kr_at_idx').on(t.tenantId, t.keyResultId, t.at),
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
