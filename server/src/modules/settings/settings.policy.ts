import { forbid, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** Company settings: a signed-in HR admin or system admin, never a token. */
export function assertCanManageSettings(actor: Actor) {
  if (actor.kind !== 'user' || !isTenantAdmin(actor)) forbid();
}
