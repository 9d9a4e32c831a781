import { forbid, isPerson, isSelf, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/*
 * Key events (关键事件), evidence for the end-of-cycle review. Who reads them: the person they
 * are about, those above them on the reporting line, the heads and HRBPs of their departments
 * (with the departments above) and HR admins: the people who may see that person
 * (visibleEmployeesCondition, applied by key-event.repository to every read).
 */

/**
 * A key event has an author, so only a person records one, never a service token (the routes
 * declare no token scope either). Returns the author.
 */
export function authorOf(actor: Actor): string {
  if (!isPerson(actor)) forbid();
  return actor.employeeId;
}

/**
 * Who records a key event about someone: the person themself, and those who manage them — above
 * them on the reporting line, the heads and HRBPs of their departments (`managesEmployee`: the
 * person is within the actor's reach) — and HR admins. Call it first with `managesEmployee`
 * false: only when that refuses is the reach worth looking up.
 */
export function canRecordKeyEventAbout(actor: Actor, employeeId: string, managesEmployee: boolean): boolean {
  if (!isPerson(actor)) return false;
  if (isTenantAdmin(actor)) return true;
  if (isSelf(actor, employeeId)) return true;
  return managesEmployee;
}

/**
 * Changing or deleting a key event: its author, and HR admins. Not the person it is about (a
 * manager's observation stays the manager's), nor another manager of theirs.
 */
export function canChangeKeyEvent(actor: Actor, event: { authorId: string }): boolean {
  if (isTenantAdmin(actor)) return true;
  return isSelf(actor, event.authorId);
}

export function assertCan(allowed: boolean) {
  if (!allowed) forbid();
}
