import { forbid, isPerson } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** A password is a person's own: a service token has none to change. Returns the person. */
export function personOf(actor: Actor): string {
  if (!isPerson(actor)) forbid();
  return actor.employeeId;
}
