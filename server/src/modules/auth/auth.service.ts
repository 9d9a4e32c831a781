import {
  decideLoginThrottle,
  LOGIN_LIMITS,
  type LoginBody,
  type Role,
  readFollowThroughSettings,
  readGoalSettings,
} from '@perfloop/core';
import type { Database } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor, TenantInfo } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { dummyPasswordHash, hashPassword, randomToken, sha256, verifyPassword } from '../../shared/crypto.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findTokenActor, touchToken } from '../tokens/token.repository.ts';
import type { ActorCache } from './actor-cache.ts';
import * as repo from './auth.repository.ts';

export const SESSION_COOKIE = 'pf_session';

/**
 * Signs in. Throttled per (login, address) and per address (core `LOGIN_LIMITS`), never per
 * login alone, so nobody can lock the owner out from their own address. Every answer other than
 * success comes after a password check of the same cost, and counts as a failure, so neither the
 * answer nor its timing tells whether a login exists, or exists in several companies, for free:
 * an unknown login is checked against a dummy hash, and `auth.tenant_required` is answered only
 * to the right password.
 */
export async function login(
  database: Database,
  input: LoginBody & { address: string; userAgent: string | null; sessionDays: number },
): Promise<{ sessionToken: string; expiresAt: Date }> {
  const { db } = database;
  const key = { login: input.login.trim().toLowerCase(), address: input.address };
  const throttle = decideLoginThrottle(
    await repo.findRecentFailureAges(db, key, {
      windowMinutes: LOGIN_LIMITS.windowMinutes,
      pairLimit: LOGIN_LIMITS.perPair,
      addressLimit: LOGIN_LIMITS.perAddress,
    }),
  );
  if (!throttle.allowed) {
    throw new AppError('auth.rate_limited', undefined, undefined, {
      retryAfterSeconds: throttle.retryAfterSeconds,
    });
  }
  let candidates = await repo.findLoginCandidates(db, input.login.trim());
  if (input.tenant) candidates = candidates.filter((c) => c.tenantSlug === input.tenant);
  const matched = await candidatesWithPassword(candidates, input.password);
  const account = matched[0];
  const isAmbiguous = new Set(candidates.map((c) => c.tenantId)).size > 1;
  if (!account || isAmbiguous) {
    await repo.recordLoginFailure(db, key);
    throw new AppError(account ? 'auth.tenant_required' : 'auth.invalid_credentials');
  }
  await repo.clearLoginFailures(db, key);
  const sessionToken = randomToken();
  const expiresAt = new Date(Date.now() + input.sessionDays * 86_400_000);
  await repo.insertSession(db, {
    tokenHash: sha256(sessionToken),
    tenantId: account.tenantId,
    employeeId: account.employeeId,
    expiresAt,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    address: input.address,
  });
  return { sessionToken, expiresAt };
}

/**
 * The candidates whose password this is. The hashes are checked side by side, so a login in
 * several companies answers in about the time of one; with no candidate, a dummy hash is checked
 * instead, so an unknown login is not answered faster.
 */
async function candidatesWithPassword(
  candidates: readonly repo.LoginCandidate[],
  password: string,
): Promise<repo.LoginCandidate[]> {
  const withHash = candidates.filter(
    (c): c is repo.LoginCandidate & { passwordHash: string } => c.passwordHash !== null,
  );
  if (withHash.length === 0) {
    await verifyPassword(await dummyPasswordHash(), password);
    return [];
  }
  const valid = await Promise.all(withHash.map((c) => verifyPassword(c.passwordHash, password)));
  return withHash.filter((_, i) => valid[i]);
}

export async function logout(database: Database, sessionToken: string) {
  await repo.deleteSession(database.db, sha256(sessionToken));
}

/**
 * Resolves a session cookie to the actor, from the cache when it holds it, sliding the expiry
 * forward once a day.
 */
export async function actorFromSession(
  database: Database,
  actors: ActorCache,
  sessionToken: string,
  sessionDays: number,
): Promise<Actor | null> {
  const tokenHash = sha256(sessionToken);
  const now = Date.now();
  let found = actors.get(tokenHash, now);
  if (!found) {
    const generation = actors.generation;
    const row = await repo.findSessionActor(database.db, tokenHash);
    if (!row) return null;
    found = { actor: actorOfSession(row, tokenHash), expiresAtMs: new Date(row.expires_at).getTime() };
    actors.set(tokenHash, found, generation, now);
  }
  if (found.expiresAtMs - now < (sessionDays - 1) * 86_400_000) {
    const expiresAtMs = now + sessionDays * 86_400_000;
    const generation = actors.generation;
    await repo.extendSession(database.db, tokenHash, new Date(expiresAtMs));
    actors.set(tokenHash, { actor: found.actor, expiresAtMs }, generation, now);
  }
  return found.actor;
}

function actorOfSession(row: repo.SessionActorRow, tokenHash: string): Actor {
  const roles = new Set<Role>(['employee', ...(row.roles ?? [])]);
  if (row.is_manager) roles.add('manager');
  if (row.is_head) roles.add('department_head');
  return {
    kind: 'user',
    tenant: tenantOf(row),
    employeeId: row.employee_id,
    name: row.name,
    roles,
    hrbpDepartmentIds: row.hrbp_department_ids ?? [],
    scopes: null,
    tokenId: null,
    sessionHash: tokenHash,
  };
}

/** Resolves `Authorization: Bearer pf_…`; expired or revoked tokens are refused, not ignored. */
export async function actorFromToken(database: Database, token: string): Promise<Actor> {
  const row = await findTokenActor(database.db, sha256(token));
  if (!row) throw new AppError('auth.unauthenticated');
  if (row.revoked_at || new Date(row.expires_at).getTime() <= Date.now()) throw new AppError('token.expired');
  await touchToken(database.db, row.id);
  return {
    kind: 'token',
    tenant: tenantOf(row),
    employeeId: null,
    name: `token:${row.name}`,
    // A service token acts for HR administration, limited to its scopes.
    roles: new Set<Role>(['hr_admin']),
    hrbpDepartmentIds: [],
    scopes: new Set(row.scopes),
    tokenId: row.id,
    sessionHash: null,
  };
}

export async function changePassword(
  database: Database,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  requestId: string,
) {
  if (!actor.employeeId) throw new AppError('forbidden');
  const employeeId = actor.employeeId;
  const current = await repo.findPasswordHash(database.db, actor.tenant.id, employeeId);
  if (!current || !(await verifyPassword(current, input.currentPassword)))
    throw new AppError('auth.wrong_password');
  const newHash = await hashPassword(input.newPassword);
  await database.db.transaction(async (tx) => {
    await repo.updatePasswordHash(tx, actor.tenant.id, employeeId, newHash);
    // Other devices signed in with the old password are signed out.
    await repo.deleteSessionsOf(tx, actor.tenant.id, employeeId, actor.sessionHash ?? undefined);
    await recordAudit(
      new TenantScope(tx, actor.tenant.id),
      actor,
      { action: 'account.password_changed', entityType: 'employee', entityId: employeeId },
      requestId,
    );
  });
}

type TenantColumns = {
  tenant_id: string;
  tenant_name: string;
  tenant_slug: string;
  time_zone: string;
  settings: unknown;
};

function tenantOf(row: TenantColumns): TenantInfo {
  return {
    id: row.tenant_id,
    name: row.tenant_name,
    slug: row.tenant_slug,
    timeZone: row.time_zone,
    goalSettings: readGoalSettings(row.settings),
    paceThreshold: readFollowThroughSettings(row.settings).paceThreshold,
  };
}
