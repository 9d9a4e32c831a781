import { forbid, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** The audit log is for HR admins and system admins (and tokens with audit:read). */
export function assertCanReadAudit(actor: Actor) {
  if (!isTenantAdmin(actor)) forbid();
}
