import { hasCapability } from '../../access/capabilities.ts';
import { forbid } from '../../access/reach.ts';
import type { Actor } from '../../http/actor.ts';

/**
 * Review templates are HR's: they decide how everyone is scored. The route table already refuses
 * everyone else; services check again, as they may be called from elsewhere.
 */
export function assertCanManageReviewTemplates(actor: Actor) {
  if (!hasCapability(actor, 'reviews.manage')) forbid();
}
