import { forbid, isSelf, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

type FollowUpFacts = { createdById: string | null; responsibleId: string | null; employeeId: string };

/**
 * Who may change a follow-up: HR, its writer, the responsible person, and those who may see the
 * employee (`seesEmployee`), but not the employee alone. Call it first with `seesEmployee` false:
 * only when that refuses is the employee's reach worth looking up.
 */
export function canChangeFollowUp(actor: Actor, row: FollowUpFacts, seesEmployee: boolean): boolean {
  if (isTenantAdmin(actor)) return true;
  if (isSelf(actor, row.createdById) || isSelf(actor, row.responsibleId)) return true;
  return !isSelf(actor, row.employeeId) && seesEmployee;
}

/** Deleting a follow-up: HR and its writer. */
export function canDeleteFollowUp(actor: Actor, row: Pick<FollowUpFacts, 'createdById'>): boolean {
  return isTenantAdmin(actor) || isSelf(actor, row.createdById);
}

export function assertCan(allowed: boolean) {
  if (!allowed) forbid();
}
