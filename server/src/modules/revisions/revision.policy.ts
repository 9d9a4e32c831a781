import { forbid, isSelf } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/** Only the person who asked, signed in, takes back a revision request. */
export function canWithdrawRevision(actor: Actor, revision: { requestedById: string | null }): boolean {
  return actor.kind === 'user' && isSelf(actor, revision.requestedById);
}

/** Deciding is for whoever the repository found may decide (`canDecide`: the heads up the chain, HR). */
export function assertCan(allowed: boolean) {
  if (!allowed) forbid();
}
