import { forbid, isPerson, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** "My" dashboard is a person's own; a service token has none. Returns the person. */
export function personOf(actor: Actor): string {
  if (!isPerson(actor)) forbid();
  return actor.employeeId;
}

/**
 * A department's dashboard: HR, and the heads and HRBPs of the department or one above it
 * (`headsOrHrbp`, looked up by the caller). Checked here, not left to the alert list it shows.
 */
export function assertCanSeeDepartmentDashboard(actor: Actor, headsOrHrbp: boolean): void {
  if (!isTenantAdmin(actor) && !headsOrHrbp) forbid();
}
