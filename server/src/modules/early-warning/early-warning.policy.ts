import { forbid, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** HR runs and reviews the weekly snapshots (back-filling, or a week the server missed). */
export function assertCanManageSnapshots(actor: Actor) {
  if (!isTenantAdmin(actor)) forbid();
}

/**
 * The department view of alerts: HR, and the heads and HRBPs of the department or one above it
 * (`inScope`, looked up only for the others).
 */
export function assertCanSeeDepartmentAlerts(actor: Actor, inScope: boolean) {
  if (!isTenantAdmin(actor) && !inScope) forbid();
}
