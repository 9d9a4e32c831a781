import { forbid, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** Only HR admins and system admins (signed in, not through another token) manage API tokens. */
export function assertCanManageTokens(actor: Actor) {
  if (actor.kind !== 'user' || !isTenantAdmin(actor)) forbid();
}
