import { forbid, isPerson, isSelf, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/*
 * Reviews are the most sensitive data the product holds (§6, §11). A review is read by its
 * reviewer and by HR admins; written by its reviewer only. Nobody reads the reviews about
 * themself here: the ratee's view comes with published results. Who may track whom is narrowed
 * in the repositories (trackedParticipants), which never return the tracker's own reviews.
 */

/** Templates and rounds are HR's (the route's capability says so; tokens never launch rounds). */
export function assertCanManageReviews(actor: Actor) {
  if (!isTenantAdmin(actor)) forbid();
}

/**
 * The reviewer reads their form; HR admins read any (to reopen it, and to answer questions) except
 * the ones about themself: an HR admin is a ratee like anyone else.
 */
export function assertCanReadReview(actor: Actor, review: { reviewer_id: string; ratee_id: string }) {
  if (isSelf(actor, review.reviewer_id)) return;
  if (isSelf(actor, review.ratee_id)) forbid();
  if (isTenantAdmin(actor) && isPerson(actor)) return;
  forbid();
}

/** Only the reviewer writes their review: nobody drafts or submits in someone else's name. */
export function assertCanWriteReview(actor: Actor, review: { reviewer_id: string }) {
  if (!isSelf(actor, review.reviewer_id)) forbid();
}

/** A person's result: HR admins and those who track the person (in reach, never the person). */
export function assertCanSeeResult(actor: Actor, employeeId: string, inReach: boolean) {
  if (isSelf(actor, employeeId)) forbid();
  if (isTenantAdmin(actor)) return;
  if (!inReach) forbid();
}

/** The ratee proposes their own nominations. */
export function assertCanNominate(actor: Actor, employeeId: string) {
  if (!isSelf(actor, employeeId)) forbid();
}

/** The participant's manager (as of launch) or HR approves nominations. */
export function assertCanApproveNominations(
  actor: Actor,
  participant: { manager_id: string | null; employee_id: string },
) {
  if (isSelf(actor, participant.employee_id)) forbid();
  if (isTenantAdmin(actor)) return;
  if (isSelf(actor, participant.manager_id)) return;
  forbid();
}

/** Reading a nomination: the ratee (their proposal only), their manager, HR. */
export function nominationView(
  actor: Actor,
  participant: { manager_id: string | null; employee_id: string },
): 'ratee' | 'approver' {
  if (isSelf(actor, participant.employee_id)) return 'ratee';
  if (isTenantAdmin(actor) || isSelf(actor, participant.manager_id)) return 'approver';
  forbid();
}
