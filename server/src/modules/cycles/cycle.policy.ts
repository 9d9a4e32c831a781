import { forbid, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** Everyone in the company sees the cycles; only HR admins create, change, open and close them. */
export function assertCanManageCycles(actor: Actor) {
  if (!isTenantAdmin(actor)) forbid();
}
