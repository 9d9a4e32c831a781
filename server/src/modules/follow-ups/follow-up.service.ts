import {
  type CreateFollowUpBody,
  type FollowUp,
  followUpStatus,
  type ListFollowUpsQuery,
  type UpdateFollowUpBody,
} from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { excel } from '../../shared/excel.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findEmployee } from '../employees/employee.repository.ts';
import { loadVisibleGoal, todayOf } from '../goals/goal.service.ts';
import { findKeyResultGoalId } from '../goals/key-result.repository.ts';
import { notify } from '../notifications/notification.service.ts';
import { assertCan, canChangeFollowUp, canDeleteFollowUp } from './follow-up.policy.ts';
import * as repo from './follow-up.repository.ts';

export function toFollowUp(r: repo.FollowUpRow, today: string): FollowUp {
  return {
    id: r.id,
    date: r.date,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    topic: r.topic,
    summary: r.summary,
    action: r.action,
    responsibleId: r.responsible_id,
    responsibleName: r.responsible_name,
    dueDate: r.due_date,
    status: followUpStatus(r.status, r.due_date, today),
    doneAt: r.done_at ? new Date(r.done_at).toISOString() : null,
    goalId: r.goal_id,
    goalTitle: r.goal_title,
    keyResultId: r.key_result_id,
    keyResultTitle: r.key_result_title,
    source: r.source,
    sourceId: r.source_id,
    createdById: r.created_by_id,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** `mine` and `team` are the views of a person: an account without one has neither. */
function assertView(actor: Actor, query: ListFollowUpsQuery) {
  if ((query.view === 'mine' || query.view === 'team') && !actor.employeeId)
    throw fieldError('querystring.view', 'invalid_value');
}

export async function listFollowUps(ctx: AppContext, actor: Actor, query: ListFollowUpsQuery) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const today = todayOf(ctx, actor);
  assertView(actor, query);
  const page = await repo.listFollowUps(scope, actor, { ...query, today }, query);
  return { items: page.items.map((r) => toFollowUp(r, today)), nextCursor: page.nextCursor };
}

async function loadFollowUp(scope: TenantScope, actor: Actor, id: string) {
  const row = await repo.findFollowUp(scope, actor, id);
  if (!row) throw new AppError('not_found');
  return row;
}

export async function getFollowUp(ctx: AppContext, actor: Actor, id: string) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  return toFollowUp(await loadFollowUp(scope, actor, id), todayOf(ctx, actor));
}

/** The goal and KR a follow-up links to: visible to the actor, and the KR inside the goal. */
async function resolveLink(
  ctx: AppContext,
  scope: TenantScope,
  actor: Actor,
  goalId: string | null,
  keyResultId: string | null,
): Promise<{ goalId: string | null; keyResultId: string | null }> {
  let goal = goalId;
  if (keyResultId) {
    const owning = await findKeyResultGoalId(scope, keyResultId);
    if (!owning || (goal && owning !== goal)) throw fieldError('body.keyResultId', 'invalid_value');
    goal = owning;
  }
  if (goal)
    await loadVisibleGoal(ctx, scope, actor, goal).catch(() => {
      throw fieldError(keyResultId ? 'body.keyResultId' : 'body.goalId', 'not_found');
    });
  return { goalId: goal, keyResultId };
}

async function assertActivePerson(scope: TenantScope, id: string, path: string) {
  const person = await findEmployee(scope, id);
  if (person?.status !== 'active') throw fieldError(path, 'not_found');
}

/**
 * Writes follow-ups (from the form, a 1:1 or a gap analysis) with their audit rows, and tells
 * each responsible person other than the writer. Runs on the caller's transaction.
 */
export async function insertFollowUpsAndNotify(
  ctx: AppContext,
  scope: TenantScope,
  actor: Actor,
  rows: readonly repo.FollowUpWrite[],
  requestId: string,
) {
  const ids = await repo.insertFollowUps(scope, rows);
  const today = todayOf(ctx, actor);
  const created = ids.length
    ? (await repo.selectFollowUpsByIds(scope, ids)).map((r) => toFollowUp(r, today))
    : [];
  await recordAudit(
    scope,
    actor,
    created.map((f) => ({ action: 'follow_up.created', entityType: 'follow_up', entityId: f.id, after: f })),
    requestId,
  );
  await notify(
    scope,
    created
      .filter((f) => f.responsibleId !== actor.employeeId)
      .map((f) => ({
        recipientId: f.responsibleId,
        event: 'follow_up.assigned' as const,
        params: { topic: f.topic, dueDate: f.dueDate },
        link: '/follow-ups',
        dedupeKey: `follow_up:${f.id}`,
      })),
    ctx.clock(),
    ctx.config.publicUrl,
  );
  return created;
}

export async function createFollowUp(
  ctx: AppContext,
  actor: Actor,
  body: CreateFollowUpBody,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    // Follow-ups are about someone the actor may see (or themself).
    if (!(await findEmployee(scope, body.employeeId, actor)))
      throw fieldError('body.employeeId', 'not_found');
    await assertActivePerson(scope, body.responsibleId, 'body.responsibleId');
    const link = await resolveLink(ctx, scope, actor, body.goalId, body.keyResultId);
    const [created] = await insertFollowUpsAndNotify(
      ctx,
      scope,
      actor,
      [
        {
          date: body.date,
          employee_id: body.employeeId,
          topic: body.topic,
          summary: body.summary,
          action: body.action,
          responsible_id: body.responsibleId,
          due_date: body.dueDate,
          goal_id: link.goalId,
          key_result_id: link.keyResultId,
          source: 'manual',
          source_id: null,
          created_by_id: actor.employeeId,
        },
      ],
      requestId,
    );
    return created!;
  });
}

/** Who may change a follow-up: its writer, the responsible person, and those who may see the employee (not the employee alone). */
async function assertCanChange(scope: TenantScope, actor: Actor, row: repo.FollowUpRow) {
  const facts = {
    createdById: row.created_by_id,
    responsibleId: row.responsible_id,
    employeeId: row.employee_id,
  };
  if (canChangeFollowUp(actor, facts, false)) return;
  const seesEmployee =
    row.employee_id !== actor.employeeId && !!(await findEmployee(scope, row.employee_id, actor));
  assertCan(canChangeFollowUp(actor, facts, seesEmployee));
}

export async function updateFollowUp(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  body: UpdateFollowUpBody,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const row = await loadFollowUp(scope, actor, id);
    await assertCanChange(scope, actor, row);
    if (row.version !== expectedVersion) throw new AppError('precondition.failed');
    if (body.responsibleId) await assertActivePerson(scope, body.responsibleId, 'body.responsibleId');
    const link =
      body.goalId !== undefined || body.keyResultId !== undefined
        ? await resolveLink(
            ctx,
            scope,
            actor,
            body.goalId !== undefined ? body.goalId : row.goal_id,
            body.keyResultId !== undefined ? body.keyResultId : row.key_result_id,
          )
        : null;
    const ok = await repo.updateFollowUp(
      scope,
      id,
      expectedVersion,
      {
        date: body.date,
        topic: body.topic,
        summary: body.summary,
        action: body.action,
        responsible_id: body.responsibleId,
        due_date: body.dueDate,
        ...(link && { goal_id: link.goalId, key_result_id: link.keyResultId }),
        status: body.status,
      },
      ctx.clock(),
    );
    if (!ok) throw new AppError('precondition.failed');
    const today = todayOf(ctx, actor);
    const after = toFollowUp(await loadFollowUp(scope, actor, id), today);
    await recordAudit(
      scope,
      actor,
      {
        action: 'follow_up.updated',
        entityType: 'follow_up',
        entityId: id,
        before: toFollowUp(row, today),
        after,
      },
      requestId,
    );
    return after;
  });
}

export async function deleteFollowUp(ctx: AppContext, actor: Actor, id: string, requestId: string) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const row = await loadFollowUp(scope, actor, id);
    assertCan(canDeleteFollowUp(actor, { createdById: row.created_by_id }));
    await repo.deleteFollowUp(scope, id);
    await recordAudit(
      scope,
      actor,
      {
        action: 'follow_up.deleted',
        entityType: 'follow_up',
        entityId: id,
        before: toFollowUp(row, todayOf(ctx, actor)),
      },
      requestId,
    );
  });
}

/** The seed's 绩效跟进记录表, exactly its columns; overdue due dates in red. Up to 50,000 rows. */
export const FOLLOW_UP_COLUMNS = {
  'zh-CN': ['日期', '员工姓名', '跟进事项', '摘要', '改进措施', '责任人', '完成时限'],
  'en-US': ['Date', 'Employee', 'Topic', 'Summary', 'Improvement action', 'Responsible', 'Due date'],
} as const;

export async function exportFollowUps(
  ctx: AppContext,
  actor: Actor,
  query: ListFollowUpsQuery,
  locale: 'zh-CN' | 'en-US',
): Promise<Buffer> {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const today = todayOf(ctx, actor);
  assertView(actor, query);
  const rows = await repo.selectFollowUpsToExport(scope, actor, { ...query, today });
  const workbook = new (await excel()).Workbook();
  const sheet = workbook.addWorksheet(locale === 'zh-CN' ? '绩效跟进记录表' : 'Follow-up records');
  sheet.addRow([...FOLLOW_UP_COLUMNS[locale]]).font = { bold: true };
  sheet.columns = [12, 12, 28, 40, 40, 12, 12].map((width) => ({ width }));
  for (const r of rows) {
    const row = sheet.addRow([
      r.date,
      r.employee_name,
      r.topic,
      r.summary,
      r.action,
      r.responsible_name,
      r.due_date ?? '',
    ]);
    if (followUpStatus(r.status, r.due_date, today) === 'overdue')
      row.getCell(7).font = { color: { argb: 'FFCF1322' } };
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
