import { type Actor, forbid, isTenantAdmin } from '../../http/actor.ts';

/** Company settings: a signed-in HR admin or system admin, never a token. */
export function assertCanManageSettings(actor: Actor) {
  if (actor.kind !== 'user' || !isTenantAdmin(actor)) forbid();
}
