import { type Actor, forbid, isTenantAdmin } from '../../http/actor.ts';

/** Everyone in the company sees the cycles; only HR admins create, change, open and close them. */
export function assertCanManageCycles(actor: Actor) {
  if (!isTenantAdmin(actor)) forbid();
}
