import { forbid, isSelf, isTenantAdmin } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/**
 * Managers (and heads, HRBPs, HR) write gap analyses for the people they may see, not for
 * themselves; HR may write their own. Whether the person is within reach is checked by looking
 * them up (an unknown or unreachable person is a 404 on the field).
 */
export function assertCanWriteGapAnalysisFor(actor: Actor, employeeId: string) {
  if (!isTenantAdmin(actor) && isSelf(actor, employeeId)) forbid();
}
