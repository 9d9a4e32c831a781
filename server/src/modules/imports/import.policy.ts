import { forbid, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** Import and export move the whole organisation: HR admins and system admins only. */
export function assertCanImportExport(actor: Actor) {
  if (!isTenantAdmin(actor)) forbid();
}
