import type { CreateFeedbackBody, Feedback } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { fieldError } from '../../http/errors.ts';
import { decodeCursor, encodeCursor } from '../../shared/cursor.ts';
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
    const [created] = await repo.selectFeedback(s, sql`f.id = ${id}`, 1);
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
  const conditions: SQL[] = [];
  if (query.box === 'received') conditions.push(sql`f.to_id = ${me}`);
  if (query.box === 'sent') conditions.push(sql`f.from_id = ${me}`);
  // Feedback shared with the manager, for the manager's direct reports.
  if (query.box === 'team')
    conditions.push(sql`f.audience = 'recipient_and_manager' and r.manager_id = ${me}`);
  if (query.employeeId) conditions.push(sql`f.to_id = ${query.employeeId}`);
  const after = decodeCursor(query.cursor);
  if (query.cursor && after?.length !== 2) throw fieldError('querystring.cursor', 'invalid_value');
  if (after)
    conditions.push(
      sql`(f.created_at, f.id) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)`,
    );
  const rows = await repo.selectFeedback(scope, sql.join(conditions, sql` and `), query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? page.at(-1) : undefined;
  return { items: page.map(toFeedback), nextCursor: last ? encodeCursor([last.created_at, last.id]) : null };
}
