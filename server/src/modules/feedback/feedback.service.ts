import type { CreateFeedbackBody, Feedback } from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { fieldError } from '../../http/errors.ts';
import { findEmployee } from '../employees/employee.repository.ts';
import { loadVisibleGoal } from '../goals/goal.service.ts';
import { notify } from '../notifications/notification.service.ts';
import { personOf } from './feedback.policy.ts';
import * as repo from './feedback.repository.ts';

const toFeedback = (r: repo.FeedbackRow): Feedback => ({
  id: r.id,
  fromId: r.from_id,
  fromName: r.from_name,
  toId: r.to_id,
  toName: r.to_name,
  kind: r.kind,
  body: r.body,
  audience: r.audience,
  goalId: r.goal_id,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Continuous feedback (§4): from anyone to anyone in the company. The sender and the recipient
 * see it; with the audience "recipient and manager", so does the recipient's direct manager.
 * Nobody else, HR included: it is a conversation, not a record.
 */
export async function giveFeedback(ctx: AppContext, actor: Actor, body: CreateFeedbackBody) {
  const me = personOf(actor);
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  if (body.toId === me) throw fieldError('body.toId', 'same_person');
  const to = await findEmployee(scope, body.toId);
  if (to?.status !== 'active') throw fieldError('body.toId', 'not_found');
  if (body.goalId)
    await loadVisibleGoal(ctx, scope, actor, body.goalId).catch(() => {
      throw fieldError('body.goalId', 'not_found');
    });
  return ctx.database.db.transaction(async (tx) => {
    const s = scope.with(tx);
    const id = await repo.insertFeedback(s, {
      fromId: me,
      toId: body.toId,
      kind: body.kind,
      body: body.body,
      audience: body.audience,
      goalId: body.goalId,
      at: ctx.clock(),
    });
    const created = await repo.findFeedback(s, id);
    await notify(
      s,
      [
        {
          recipientId: body.toId,
          event: 'feedback.received',
          params: { fromName: actor.name, kind: body.kind },
          link: '/feedback',
          dedupeKey: `feedback:${id}`,
        },
      ],
      ctx.clock(),
      ctx.config.publicUrl,
    );
    return toFeedback(created!);
  });
}

export async function listFeedback(
  ctx: AppContext,
  actor: Actor,
  query: { box: 'received' | 'sent' | 'team'; employeeId?: string; cursor?: string; limit: number },
) {
  const me = personOf(actor);
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const page = await repo.listFeedback(
    scope,
    {
      ...(query.box === 'received' && { toId: me }),
      ...(query.box === 'sent' && { fromId: me }),
      // Feedback shared with the manager, for the manager's direct reports.
      ...(query.box === 'team' && { sharedWithManager: me }),
      ...(query.employeeId && { recipientId: query.employeeId }),
    },
    query,
  );
  return { items: page.items.map(toFeedback), nextCursor: page.nextCursor };
}
