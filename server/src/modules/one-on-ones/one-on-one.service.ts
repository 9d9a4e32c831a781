import {
  type AddActionItemsBody,
  type CreateOneOnOneBody,
  GrowSchema,
  type OneOnOne,
  occurrenceStarts,
  truncateText,
  type UpdateOneOnOneBody,
} from '@perfloop/core';
import { createEvents, type EventAttributes } from 'ics';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findEmployee } from '../employees/employee.repository.ts';
import * as followUps from '../follow-ups/follow-up.repository.ts';
import { insertFollowUpsAndNotify, toFollowUp } from '../follow-ups/follow-up.service.ts';
import { todayOf } from '../goals/goal.service.ts';
import { notify } from '../notifications/notification.service.ts';
import { assertCanChangeOneOnOne } from './one-on-one.policy.ts';
import * as repo from './one-on-one.repository.ts';

function toOneOnOne(r: repo.OneOnOneRow, actionItems: OneOnOne['actionItems']): OneOnOne {
  return {
    id: r.id,
    seriesId: r.series_id,
    managerId: r.manager_id,
    managerName: r.manager_name,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    startsAt: new Date(r.starts_at).toISOString(),
    durationMinutes: r.duration_minutes,
    location: r.location,
    agenda: r.agenda,
    sharedNotes: r.shared_notes,
    grow: GrowSchema.parse(r.grow ?? {}),
    privateNote: r.private_note ?? '',
    status: r.status,
    recurrence: r.recurrence,
    actionItems,
    version: r.version,
  };
}

async function load(ctx: AppContext, scope: TenantScope, actor: Actor, id: string): Promise<OneOnOne> {
  const row = await repo.findOneOnOne(scope, actor, id);
  if (!row) throw new AppError('not_found');
  const today = todayOf(ctx, actor);
  const items = await followUps.selectActionItems(scope, id);
  return toOneOnOne(
    row,
    items.map((f) => toFollowUp(f, today)),
  );
}

export async function getOneOnOne(ctx: AppContext, actor: Actor, id: string) {
  return load(ctx, new TenantScope(ctx.database.db, actor.tenant.id), actor, id);
}

export async function listOneOnOnes(
  ctx: AppContext,
  actor: Actor,
  query: { employeeId?: string; when: 'upcoming' | 'past' | 'any'; cursor?: string; limit: number },
) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const page = await repo.listOneOnOnes(scope, actor, { ...query, now: ctx.clock().toISOString() });
  return { items: page.items.map((r) => toOneOnOne(r, [])), nextCursor: page.nextCursor };
}

/**
 * Schedules a 1:1 (or a recurring series: one meeting per occurrence, sharing a series id) between
 * a manager and someone they may see; the employee is told in the app and by e-mail.
 */
export async function createOneOnOne(
  ctx: AppContext,
  actor: Actor,
  body: CreateOneOnOneBody,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const managerId = body.managerId ?? actor.employeeId;
    if (!managerId) throw fieldError('body.managerId', 'required');
    if (managerId === body.employeeId) throw fieldError('body.employeeId', 'same_person');
    if (!(await findEmployee(scope, body.employeeId, actor)))
      throw fieldError('body.employeeId', 'not_found');
    // Someone else's 1:1 is only HR's to schedule, or a manager's for a manager below them.
    if (managerId !== actor.employeeId && !(await findEmployee(scope, managerId, actor)))
      throw fieldError('body.managerId', 'not_found');
    const starts = occurrenceStarts(new Date(body.startsAt), body.recurrence, body.occurrences);
    const seriesId = starts.length > 1 ? crypto.randomUUID() : null;
    const ids = await repo.insertOneOnOnes(
      scope,
      starts.map((s) => ({
        series_id: seriesId,
        manager_id: managerId,
        employee_id: body.employeeId,
        starts_at: s.toISOString(),
        duration_minutes: body.durationMinutes,
        location: body.location,
        agenda: body.agenda,
        recurrence: body.recurrence,
        created_by_id: actor.employeeId,
      })),
    );
    const first = await load(ctx, scope, actor, ids[0]!);
    await recordAudit(
      scope,
      actor,
      {
        action: 'one_on_one.scheduled',
        entityType: 'one_on_one',
        entityId: first.id,
        after: { ...first, privateNote: undefined, occurrences: ids.length },
      },
      requestId,
    );
    const other = actor.employeeId === body.employeeId ? managerId : body.employeeId;
    const withName = other === body.employeeId ? first.managerName : first.employeeName;
    await notify(
      scope,
      [
        {
          recipientId: other,
          event: 'one_on_one.scheduled',
          params: { withName, startsAt: first.startsAt },
          link: `/one-on-ones/${first.id}`,
          dedupeKey: `one_on_one:${first.id}`,
        },
      ],
      ctx.clock(),
      ctx.config.publicUrl,
    );
    return { ...first, occurrences: ids.length };
  });
}

/** Participants edit the meeting (time, agenda, shared notes, GROW) with If-Match; each keeps a private note of their own. */
export async function updateOneOnOne(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  body: UpdateOneOnOneBody,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const before = await load(ctx, scope, actor, id);
    assertCanChangeOneOnOne(actor, before);
    const { privateNote, ...shared } = body;
    const changesShared = Object.values(shared).some((v) => v !== undefined);
    if (changesShared) {
      if (before.version !== expectedVersion) throw new AppError('precondition.failed');
      const ok = await repo.updateOneOnOne(scope, id, expectedVersion, {
        starts_at: shared.startsAt,
        duration_minutes: shared.durationMinutes,
        location: shared.location,
        agenda: shared.agenda,
        shared_notes: shared.sharedNotes,
        grow: shared.grow,
        status: shared.status,
      });
      if (!ok) throw new AppError('precondition.failed');
    }
    if (privateNote !== undefined) await repo.savePrivateNote(scope, id, actor.employeeId!, privateNote);
    const after = await load(ctx, scope, actor, id);
    if (changesShared)
      await recordAudit(
        scope,
        actor,
        {
          action: 'one_on_one.updated',
          entityType: 'one_on_one',
          entityId: id,
          // Private notes never reach the audit log.
          before: { ...before, privateNote: undefined, actionItems: undefined },
          after: { ...after, privateNote: undefined, actionItems: undefined },
        },
        requestId,
      );
    return after;
  });
}

/** Action items of a 1:1 become follow-up records (§4) about the employee, linked to the meeting. */
export async function addActionItems(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: AddActionItemsBody,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const meeting = await load(ctx, scope, actor, id);
    assertCanChangeOneOnOne(actor, meeting);
    for (const [i, item] of body.items.entries()) {
      const person = await findEmployee(scope, item.responsibleId);
      if (person?.status !== 'active') throw fieldError(`body.items.${i}.responsibleId`, 'not_found');
    }
    const date = todayOf(ctx, actor);
    await insertFollowUpsAndNotify(
      ctx,
      scope,
      actor,
      body.items.map((item) => ({
        date,
        employee_id: meeting.employeeId,
        topic: item.action.length > 60 ? `${truncateText(item.action, 60)}…` : item.action,
        summary: meeting.grow.reality || truncateText(meeting.sharedNotes, 4000),
        action: item.action,
        responsible_id: item.responsibleId,
        due_date: item.dueDate,
        goal_id: item.goalId,
        key_result_id: null,
        source: 'one_on_one',
        source_id: id,
        created_by_id: actor.employeeId,
      })),
      requestId,
    );
    return load(ctx, scope, actor, id);
  });
}

/** The meeting (or its whole series) as an iCalendar file for any calendar app. */
export async function oneOnOneIcs(
  ctx: AppContext,
  actor: Actor,
  id: string,
  series: boolean,
): Promise<string> {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const meeting = await load(ctx, scope, actor, id);
  const rows = series && meeting.seriesId ? await repo.selectSeries(scope, actor, meeting.seriesId) : null;
  const meetings = rows ? rows.map((r) => toOneOnOne(r, [])) : [meeting];
  const events: EventAttributes[] = meetings.map((m) => {
    const start = new Date(m.startsAt);
    return {
      uid: `${m.id}@perfloop`,
      start: [
        start.getUTCFullYear(),
        start.getUTCMonth() + 1,
        start.getUTCDate(),
        start.getUTCHours(),
        start.getUTCMinutes(),
      ],
      startInputType: 'utc',
      startOutputType: 'utc',
      duration: { minutes: m.durationMinutes },
      title: `1:1 ${m.managerName} / ${m.employeeName}`,
      description: m.agenda.map((a, i) => `${i + 1}. ${a}`).join('\n'),
      ...(m.location && { location: m.location }),
      url: `${ctx.config.publicUrl.replace(/\/$/, '')}/one-on-ones/${m.id}`,
      status: m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      productId: 'perfloop/one-on-ones',
    };
  });
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error('calendar export failed');
  return value;
}
