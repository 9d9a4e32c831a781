import type { AssignableRole } from '@perfloop/core';
import { forbid, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/**
 * Anyone signed in may list employees: the repository narrows the list to what they may see
 * (themself, their reporting line, departments they head or are HRBP for; all for HR admins).
 */
export function assertCanListEmployees(_actor: Actor) {}

export function assertCanManageEmployees(actor: Actor) {
  if (!isTenantAdmin(actor)) forbid();
}

/** Only a system admin may grant or take away the system admin role. */
export function assertCanChangeRoles(
  actor: Actor,
  before: readonly string[],
  after: readonly AssignableRole[],
) {
  const touchesSystemAdmin = before.includes('system_admin') !== after.includes('system_admin');
  if (touchesSystemAdmin && !actor.roles.has('system_admin')) forbid();
}

/** Password resets hand out a secret: a signed-in HR admin only, never a token. */
export function assertCanResetPasswords(actor: Actor) {
  if (actor.kind !== 'user' || !isTenantAdmin(actor)) forbid();
}
