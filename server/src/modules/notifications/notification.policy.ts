import { forbid, isPerson, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** The inbox and its preferences are a person's own; a service token has none. Returns the person. */
export function personOf(actor: Actor): string {
  if (!isPerson(actor)) forbid();
  return actor.employeeId;
}

/** Channels (SMTP, chat robots) and the delivery log: HR admins and system admins. */
export function assertCanManageChannels(actor: Actor) {
  if (!isTenantAdmin(actor)) forbid();
}
