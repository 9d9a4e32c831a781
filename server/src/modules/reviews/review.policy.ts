import { forbid, isPerson, isSelf, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';

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
 * The reviewer reads their form. HR admins read submitted reviews (to reopen one, to answer
 * questions), never a draft — a reviewer's draft is theirs alone, and an HR admin may be a
 * reviewer in the same round — and never the ones about themself: an HR admin is a ratee too.
 */
export function assertCanReadReview(
  actor: Actor,
  review: { reviewer_id: string; ratee_id: string; status: string },
) {
  if (isSelf(actor, review.reviewer_id)) return;
  if (isSelf(actor, review.ratee_id)) forbid();
  if (isTenantAdmin(actor) && isPerson(actor) && review.status === 'submitted') return;
  forbid();
}

/**
 * What a tracker may see of a person's score. HR admins own the process and see every score and
 * every part of it. Anyone else (a manager, a head, an HRBP) sees a score only once the round is
 * closed and only where every anonymous type that answered is shown: a score before close moves
 * with each answer (a before and an after give one rater's rating), and a score holding a type
 * below its minimum gives that type's answers away once the parts that are shown are subtracted.
 */
export function scoreVisibility(
  actor: Actor,
  facts: { roundClosed: boolean; belowMinimum: boolean },
): 'all' | 'phase_open' | 'below_minimum' {
  if (isTenantAdmin(actor)) return 'all';
  if (!facts.roundClosed) return 'phase_open';
  if (facts.belowMinimum) return 'below_minimum';
  return 'all';
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
  // As for reading it: whether someone takes part is not the caller's to learn.
  throw new AppError('not_found');
}

/**
 * Reading a nomination: the ratee (their proposal only), their manager, HR. Anyone else is told
 * it does not exist, as for a person not in the round: who takes part is not theirs to learn.
 */
export function nominationView(
  actor: Actor,
  participant: { manager_id: string | null; employee_id: string },
): 'ratee' | 'approver' {
  if (isSelf(actor, participant.employee_id)) return 'ratee';
  if (isTenantAdmin(actor) || isSelf(actor, participant.manager_id)) return 'approver';
  throw new AppError('not_found');
}
