import { forbid, isPerson } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/**
 * Feedback is between people: only a person gives it or reads their boxes, never a service token.
 * Who sees one piece of feedback is decided by its audience (feedback.repository). Returns the person.
 */
export function personOf(actor: Actor): string {
  if (!isPerson(actor)) forbid();
  return actor.employeeId;
}
