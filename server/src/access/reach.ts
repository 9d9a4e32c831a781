import type { Role } from '@perfloop/core';
import type { Actor } from '../http/actor.ts';
import { AppError } from '../http/errors.ts';

/*
 * Reach on one row, without SQL: tenant-wide roles and the caller's relation to a person or a
 * department. Policies (`<feature>.policy.ts`) combine these with the facts of a row; the same
 * rules over many rows, as SQL, are in visibility.sql.ts.
 */

export function hasAnyRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.has(r));
}

/** HR admins and system admins see and change the whole tenant (so does a service token, within its scopes). */
export function isTenantAdmin(actor: Actor): boolean {
  return hasAnyRole(actor, 'hr_admin', 'system_admin');
}

/** A person acts (signed in or with a personal token), not a service token. */
export function isPerson(actor: Actor): actor is Actor & { employeeId: string } {
  return actor.employeeId !== null;
}

/** A person signed in with a session: approvals, secrets and settings need one, never a token. */
export function isSignedInPerson(actor: Actor): boolean {
  return actor.kind === 'user' && actor.employeeId !== null;
}

/** The row is about the caller themself. */
export function isSelf(actor: Actor, employeeId: string | null | undefined): boolean {
  return employeeId != null && employeeId === actor.employeeId;
}

/** The caller heads one of these departments (their head ids, e.g. a department and those above it). */
export function headsAnyOf(actor: Actor, headIds: readonly (string | null)[]): boolean {
  return actor.employeeId !== null && headIds.includes(actor.employeeId);
}

/** The caller is HRBP for one of these departments (e.g. a department and those above it). */
export function isHrbpForAnyOf(actor: Actor, departmentIds: readonly string[]): boolean {
  return departmentIds.some((id) => actor.hrbpDepartmentIds.includes(id));
}

/** Refuses the request: 403 problem+json `forbidden`. Only policies and the access module call it. */
export function forbid(): never {
  throw new AppError('forbidden');
}
