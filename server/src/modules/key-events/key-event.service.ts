import type { CreateKeyEventBody, KeyEvent, ListKeyEventsQuery, UpdateKeyEventBody } from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findEmployee } from '../employees/employee.repository.ts';
import { todayOf } from '../goals/goal.service.ts';
import { notify } from '../notifications/notification.service.ts';
import { assertCan, authorOf, canChangeKeyEvent, canRecordKeyEventAbout } from './key-event.policy.ts';
import * as repo from './key-event.repository.ts';

export function toKeyEvent(r: repo.KeyEventRow): KeyEvent {
  return {
    id: r.id,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    authorId: r.author_id,
    authorName: r.author_name,
    cycleId: r.cycle_id,
    occurredOn: r.occurred_on,
    kind: r.kind,
    polarity: r.polarity,
    description: r.description,
    goalId: r.goal_id,
    goalTitle: r.goal_title,
    createdAt: new Date(r.created_at).toISOString(),
    version: r.version,
  };
}

export async function listKeyEvents(ctx: AppContext, actor: Actor, query: ListKeyEventsQuery) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const page = await repo.listKeyEvents(
    scope,
    actor,
    { employeeId: query.employeeId, cycleId: query.cycleId, polarity: query.polarity },
    query,
  );
  return { items: page.items.map(toKeyEvent), nextCursor: page.nextCursor };
}

async function loadKeyEvent(scope: TenantScope, actor: Actor, id: string) {
  const row = await repo.findKeyEvent(scope, actor, id);
  if (!row) throw new AppError('not_found');
  return row;
}

/** Events are recorded as they happen: never about a day still to come (in the company's time zone). */
function assertNotFuture(ctx: AppContext, actor: Actor, occurredOn: string) {
  if (occurredOn > todayOf(ctx, actor)) throw fieldError('body.occurredOn', 'future_date');
}

/** A linked goal is one of the person's own; anything else is unknown to this event. */
async function assertGoalOf(scope: TenantScope, goalId: string | null, employeeId: string) {
  if (goalId && !(await repo.isGoalOf(scope, goalId, employeeId)))
    throw fieldError('body.goalId', 'not_found');
}

export async function createKeyEvent(
  ctx: AppContext,
  actor: Actor,
  body: CreateKeyEventBody,
  requestId: string,
): Promise<KeyEvent> {
  const authorId = authorOf(actor);
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    // Reach (the reporting line, departments headed or served as HRBP) is looked up only when
    // the person is neither the actor nor anyone HR; someone the actor does not manage is
    // unknown to them, like a person who does not exist.
    const employee = canRecordKeyEventAbout(actor, body.employeeId, false)
      ? await findEmployee(scope, body.employeeId)
      : await findEmployee(scope, body.employeeId, actor);
    if (!employee) throw fieldError('body.employeeId', 'not_found');
    assertNotFuture(ctx, actor, body.occurredOn);
    await assertGoalOf(scope, body.goalId, body.employeeId);
    const id = await repo.insertKeyEvent(
      scope,
      {
        employeeId: body.employeeId,
        authorId,
        cycleId: await repo.findCycleIdOn(scope, body.occurredOn),
        occurredOn: body.occurredOn,
        kind: body.kind,
        polarity: body.polarity,
        description: body.description,
        goalId: body.goalId,
      },
      ctx.clock(),
    );
    const created = toKeyEvent(await loadKeyEvent(scope, actor, id));
    await recordAudit(
      scope,
      actor,
      { action: 'key_event.created', entityType: 'key_event', entityId: id, after: created },
      requestId,
    );
    // The person hears of what their manager (or HR) noted about them; not of their own notes.
    if (created.employeeId !== authorId)
      await notify(
        scope,
        [
          {
            recipientId: created.employeeId,
            event: 'key_event.recorded',
            params: { fromName: created.authorName, polarity: created.polarity },
            link: `/employees/${created.employeeId}`,
            dedupeKey: `key_event:${id}`,
          },
        ],
        ctx.clock(),
        ctx.config.publicUrl,
      );
    return created;
  });
}

export async function updateKeyEvent(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  body: UpdateKeyEventBody,
  requestId: string,
): Promise<KeyEvent> {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const row = await loadKeyEvent(scope, actor, id);
    assertCan(canChangeKeyEvent(actor, { authorId: row.author_id }));
    if (row.version !== expectedVersion) throw new AppError('precondition.failed');
    const occurredOn = body.occurredOn ?? row.occurred_on;
    if (body.occurredOn !== undefined) assertNotFuture(ctx, actor, occurredOn);
    const goalId = body.goalId !== undefined ? body.goalId : row.goal_id;
    if (body.goalId !== undefined) await assertGoalOf(scope, goalId, row.employee_id);
    const saved = await repo.updateKeyEvent(
      scope,
      id,
      expectedVersion,
      {
        cycleId: body.occurredOn !== undefined ? await repo.findCycleIdOn(scope, occurredOn) : row.cycle_id,
        occurredOn,
        kind: body.kind ?? row.kind,
        polarity: body.polarity ?? row.polarity,
        description: body.description ?? row.description,
        goalId,
      },
      ctx.clock(),
    );
    if (!saved) throw new AppError('precondition.failed');
    const after = toKeyEvent(await loadKeyEvent(scope, actor, id));
    await recordAudit(
      scope,
      actor,
      { action: 'key_event.updated', entityType: 'key_event', entityId: id, before: toKeyEvent(row), after },
      requestId,
    );
    return after;
  });
}

export async function deleteKeyEvent(ctx: AppContext, actor: Actor, id: string, requestId: string) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const row = await loadKeyEvent(scope, actor, id);
    assertCan(canChangeKeyEvent(actor, { authorId: row.author_id }));
    await repo.deleteKeyEvent(scope, id);
    await recordAudit(
      scope,
      actor,
      { action: 'key_event.deleted', entityType: 'key_event', entityId: id, before: toKeyEvent(row) },
      requestId,
    );
  });
}
