import type { Role } from '@perfloop/core';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/database.ts';
import { employees, loginFailures, sessions, tenants } from '../../db/schema.ts';

export type SessionActorRow = {
  employee_id: string;
  name: string;
  tenant_id: string;
  tenant_name: string;
  tenant_slug: string;
  time_zone: string;
  settings: unknown;
  expires_at: string;
  roles: Role[] | null;
  hrbp_department_ids: string[] | null;
  is_manager: boolean;
  is_head: boolean;
};

/** One query resolves the session, the person, the tenant and every role (explicit and derived). */
export async function findSessionActor(db: Executor, tokenHash: string): Promise<SessionActorRow | null> {
  const result = await db.execute(sql`
    select e.id as employee_id, e.name, t.id as tenant_id, t.name as tenant_name, t.slug as tenant_slug,
      t.time_zone, t.settings, s.expires_at::text as expires_at,
      (select array_agg(r.role) from role_assignments r
        where r.tenant_id = e.tenant_id and r.employee_id = e.id) as roles,
      (select array_agg(distinct d) from role_assignments r, unnest(r.department_ids) d
        where r.tenant_id = e.tenant_id and r.employee_id = e.id and r.role = 'hrbp') as hrbp_department_ids,
      exists (select 1 from employees m
        where m.tenant_id = e.tenant_id and m.manager_id = e.id and m.status = 'active') as is_manager,
      exists (select 1 from departments d
        where d.tenant_id = e.tenant_id and d.head_id = e.id and not d.archived) as is_head
    from sessions s
    join employees e on e.tenant_id = s.tenant_id and e.id = s.employee_id
    join tenants t on t.id = s.tenant_id
    where s.token_hash = ${tokenHash} and s.expires_at > now() and e.status = 'active'`);
  return rowsOf<SessionActorRow>(result)[0] ?? null;
}

export type LoginCandidate = {
  employeeId: string;
  tenantId: string;
  tenantSlug: string;
  passwordHash: string | null;
};

/** People whose e-mail or employee number is this login, in any tenant. */
export async function findLoginCandidates(db: Executor, login: string): Promise<LoginCandidate[]> {
  return db
    .select({
      employeeId: employees.id,
      tenantId: employees.tenantId,
      tenantSlug: tenants.slug,
      passwordHash: employees.passwordHash,
    })
    .from(employees)
    .innerJoin(tenants, eq(tenants.id, employees.tenantId))
    .where(
      and(
        eq(employees.status, 'active'),
        sql`(${employees.email} = lower(${login}) or ${employees.employeeNo} = ${login})`,
      ),
    )
    .limit(20);
}

/**
 * Ages in seconds, newest first, of the recent sign-in failures of this login from this address
 * and of this address over every login: at most the newest `pairLimit` / `addressLimit`, which
 * is all the throttle needs (core `decideLoginThrottle`).
 */
export async function findRecentFailureAges(
  db: Executor,
  key: { login: string; address: string },
  limits: { windowMinutes: number; pairLimit: number; addressLimit: number },
): Promise<{ pairFailureAges: number[]; addressFailureAges: number[] }> {
  const since = sql`now() - make_interval(mins => ${limits.windowMinutes})`;
  const age = sql`extract(epoch from now() - at)::float8`;
  const result = await db.execute(sql`
    select
      array(select ${age} from login_failures
        where login = ${key.login} and address = ${key.address} and at > ${since}
        order by at desc limit ${limits.pairLimit}) as pair_ages,
      array(select ${age} from login_failures
        where address = ${key.address} and at > ${since}
        order by at desc limit ${limits.addressLimit}) as address_ages`);
  const row = rowsOf<{ pair_ages: number[] | null; address_ages: number[] | null }>(result)[0];
  return {
    pairFailureAges: (row?.pair_ages ?? []).map(Number),
    addressFailureAges: (row?.address_ages ?? []).map(Number),
  };
}

export async function recordLoginFailure(db: Executor, key: { login: string; address: string }) {
  await db.insert(loginFailures).values(key);
  // Old rows are useless for throttling; keep the table small.
  await db.delete(loginFailures).where(lt(loginFailures.at, sql`now() - interval '1 day'`));
}

/**
 * After a success, the failures of this login from this address are forgotten; those from other
 * addresses stay, so signing in does not reset someone else's count against the same login.
 */
export async function clearLoginFailures(db: Executor, key: { login: string; address: string }) {
  await db
    .delete(loginFailures)
    .where(and(eq(loginFailures.login, key.login), eq(loginFailures.address, key.address)));
}

export async function insertSession(
  db: Executor,
  row: {
    tokenHash: string;
    tenantId: string;
    employeeId: string;
    expiresAt: Date;
    userAgent: string | null;
    address: string;
  },
) {
  await db.insert(sessions).values({ ...row, expiresAt: row.expiresAt.toISOString() });
}

export async function deleteSession(db: Executor, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of a person (after a password change or reset), except `keepHash`. */
export async function deleteSessionsOf(
  db: Executor,
  tenantId: string,
  employeeId: string,
  keepHash?: string,
) {
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.tenantId, tenantId),
        eq(sessions.employeeId, employeeId),
        keepHash ? sql`${sessions.tokenHash} <> ${keepHash}` : undefined,
      ),
    );
}

export async function extendSession(db: Executor, tokenHash: string, expiresAt: Date) {
  await db
    .update(sessions)
    .set({ expiresAt: expiresAt.toISOString() })
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`)));
}

export async function findPasswordHash(db: Executor, tenantId: string, employeeId: string) {
  const [row] = await db
    .select({ passwordHash: employees.passwordHash })
    .from(employees)
    .where(and(eq(employees.tenantId, tenantId), eq(employees.id, employeeId)));
  return row?.passwordHash ?? null;
}

export async function updatePasswordHash(
  db: Executor,
  tenantId: string,
  employeeId: string,
  passwordHash: string,
) {
  await db
    .update(employees)
    .set({ passwordHash, updatedAt: sql`now()` })
    .where(and(eq(employees.tenantId, tenantId), eq(employees.id, employeeId)));
}
