import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
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
    kind: text('kind', { enum: ['employees'] }).notNull(),
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
