import { forbid, isSelf } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

type MeetingFacts = { managerId: string; employeeId: string };

/** Only the two participants change a 1:1 or add its action items (HR included: it is theirs). */
export function assertCanChangeOneOnOne(actor: Actor, meeting: MeetingFacts) {
  if (!isSelf(actor, meeting.managerId) && !isSelf(actor, meeting.employeeId)) forbid();
}
