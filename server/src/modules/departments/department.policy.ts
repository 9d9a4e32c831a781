import { forbid, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** Everyone in the tenant may see the department tree (it is the org chart). */
export function assertCanReadDepartments(_actor: Actor) {}

/** Only HR admins and system admins change the organisation. */
export function assertCanManageDepartments(actor: Actor) {
  if (!isTenantAdmin(actor)) forbid();
}
