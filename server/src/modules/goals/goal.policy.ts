import type { GoalLevel } from '@perfloop/core';
import { forbid, isPerson, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';
import type { GoalRelation } from './goal.repository.ts';

type GoalFacts = { level: GoalLevel; ownerId: string | null };

/**
 * No relation to the goal at all. The checks below only widen with a relation, so what they allow
 * with this needs no look-up of the reporting line and the department chain.
 */
export const NO_RELATION: GoalRelation = {
  isAboveOwner: false,
  headsChain: false,
  headsAncestor: false,
  isHrbpForChain: false,
  otherHeads: [],
};

/**
 * Who may change a goal that is still a draft (or returned), submit it, check in on it and ask
 * for its revision: the owner, anyone above them on the reporting line, the heads and HRBPs of
 * its department (and the departments above), and HR admins. Company goals: HR admins.
 */
export function canManageGoal(actor: Actor, goal: GoalFacts, relation: GoalRelation): boolean {
  if (isTenantAdmin(actor)) return true;
  if (goal.level === 'company') return false;
  if (goal.level === 'personal' && goal.ownerId === actor.employeeId) return true;
  return (
    (goal.level === 'personal' && relation.isAboveOwner) || relation.headsChain || relation.isHrbpForChain
  );
}

/**
 * Approval is the manager's (domain.md §1): for a personal goal anyone above the owner on the
 * reporting line; for a department goal the head of a department above it; company goals and
 * any goal for HR admins. Never one's own goal, and never a token: approvals need a person.
 */
export function canApproveGoal(actor: Actor, goal: GoalFacts, relation: GoalRelation): boolean {
  if (actor.kind !== 'user') return false;
  if (goal.ownerId !== null && goal.ownerId === actor.employeeId) return false;
  if (isTenantAdmin(actor)) return true;
  if (goal.level === 'personal') return relation.isAboveOwner;
  if (goal.level === 'department') return relation.headsAncestor;
  return false;
}

/** Check-ins: whoever manages the goal, and the person who owns one of its key results. */
export function canCheckIn(actor: Actor, goal: GoalFacts, relation: GoalRelation, krOwnerId: string | null) {
  return canManageGoal(actor, goal, relation) || (krOwnerId !== null && krOwnerId === actor.employeeId);
}

export function assertCan(allowed: boolean) {
  if (!allowed) forbid();
}

/**
 * Department goals are set by HR admins and by the heads and HRBPs of the department or one above
 * it (`inScope`). Call it first with `inScope` false: only when that refuses is the scope looked up.
 */
export function canSetDepartmentGoals(actor: Actor, inScope: boolean): boolean {
  if (isTenantAdmin(actor)) return true;
  return isPerson(actor) && inScope;
}

/**
 * Assigning a goal to named people: every one of them must be within the actor's reach (`reached`,
 * the people the reach condition kept), else nobody gets it.
 */
export function canAssignToEveryone(reached: number, asked: readonly string[]): boolean {
  return reached === new Set(asked).size;
}

/** Company goals are set by HR admins; others set goals for those they manage (checked per person). */
export function assertCanCreateAtLevel(actor: Actor, level: GoalLevel) {
  if (level === 'company' && !isTenantAdmin(actor)) forbid();
}
