import type { GapActionToFollowUpBodySchema } from '@perfloop/core';
import { computeGap, type GapAnalysis, type SaveGapAnalysisBody } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { rowsOf } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import { type Actor, forbid, isTenantAdmin } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findEmployee, visibleEmployeesCondition } from '../employees/employee.repository.ts';
import { todayOf } from '../goals/goal.service.ts';
import { insertFollowUpsAndNotify } from './follow-up.service.ts';

type StoredItem = {
  dimension: string;
  target: number;
  actual: number;
  unit: string;
  rootCauses: string[];
  actions: { text: string; followUpId: string | null }[];
};

type GapRow = {
  id: string;
  employee_id: string;
  employee_name: string;
  cycle_id: string | null;
  title: string;
  items: StoredItem[];
  created_by_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
};

/** Gap analyses of people the actor may see (themself included); `where` on aliases a and e. */
async function selectGapAnalyses(scope: TenantScope, actor: Actor, where: SQL) {
  const people = visibleEmployeesCondition(scope, actor) ?? sql`true`;
  const result = await scope.db.execute(sql`
    select a.id, a.employee_id, e.name as employee_name, a.cycle_id, a.title, a.items, a.created_by_id, a.version,
      a.created_at::text as created_at, a.updated_at::text as updated_at
    from gap_analyses a join employees e on e.tenant_id = a.tenant_id and e.id = a.employee_id
    where a.tenant_id = ${scope.tenantId} and ${people} and ${where}
    order by a.created_at desc, a.id desc limit 200`);
  return rowsOf<GapRow>(result);
}

/** Gaps are computed, never stored: actual − target, and as a share of the target (§4). */
function toGapAnalysis(r: GapRow): GapAnalysis {
  return {
    id: r.id,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    cycleId: r.cycle_id,
    title: r.title,
    items: r.items.map((item) => ({ ...item, ...computeGap(item.target, item.actual) })),
    createdById: r.created_by_id,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

async function load(scope: TenantScope, actor: Actor, id: string) {
  const [row] = await selectGapAnalyses(scope, actor, sql`a.id = ${id}`);
  if (!row) throw new AppError('not_found');
  return row;
}

/** Managers (and heads, HRBPs, HR) write gap analyses for the people they may see, not for themselves. */
async function assertCanWrite(scope: TenantScope, actor: Actor, employeeId: string) {
  if (!isTenantAdmin(actor) && employeeId === actor.employeeId) forbid();
  if (!(await findEmployee(scope, employeeId, actor))) throw fieldError('body.employeeId', 'not_found');
}

export async function listGapAnalyses(ctx: AppContext, actor: Actor, employeeId?: string) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const rows = await selectGapAnalyses(
    scope,
    actor,
    employeeId ? sql`a.employee_id = ${employeeId}` : sql`true`,
  );
  return rows.map(toGapAnalysis);
}

export async function getGapAnalysis(ctx: AppContext, actor: Actor, id: string) {
  return toGapAnalysis(await load(new TenantScope(ctx.database.db, actor.tenant.id), actor, id));
}

function itemsOf(body: SaveGapAnalysisBody, before?: StoredItem[]): StoredItem[] {
  return body.items.map((item, i) => ({
    dimension: item.dimension,
    target: item.target,
    actual: item.actual,
    unit: item.unit,
    rootCauses: item.rootCauses,
    // An action that stays the same keeps its follow-up link.
    actions: item.actions.map((text) => ({
      text,
      followUpId: before?.[i]?.actions.find((a) => a.text === text)?.followUpId ?? null,
    })),
  }));
}

export async function createGapAnalysis(
  ctx: AppContext,
  actor: Actor,
  body: SaveGapAnalysisBody,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    await assertCanWrite(scope, actor, body.employeeId);
    const result = await tx.execute(sql`
      insert into gap_analyses (tenant_id, employee_id, cycle_id, title, items, created_by_id)
      values (${scope.tenantId}, ${body.employeeId}, ${body.cycleId}, ${body.title}, ${JSON.stringify(itemsOf(body))}::jsonb,
        ${actor.employeeId})
      returning id`);
    const created = toGapAnalysis(await load(scope, actor, rowsOf<{ id: string }>(result)[0]!.id));
    await recordAudit(
      scope,
      actor,
      { action: 'gap_analysis.created', entityType: 'gap_analysis', entityId: created.id, after: created },
      requestId,
    );
    return created;
  });
}

export async function updateGapAnalysis(
  ctx: AppContext,
  actor: Actor,
  id: string,
  expectedVersion: number,
  body: SaveGapAnalysisBody,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const before = await load(scope, actor, id);
    await assertCanWrite(scope, actor, before.employee_id);
    if (body.employeeId !== before.employee_id) throw fieldError('body.employeeId', 'immutable');
    const result = await tx.execute(sql`
      update gap_analyses set title = ${body.title}, cycle_id = ${body.cycleId},
        items = ${JSON.stringify(itemsOf(body, before.items))}::jsonb, version = version + 1, updated_at = now()
      where tenant_id = ${scope.tenantId} and id = ${id} and version = ${expectedVersion} returning id`);
    if (rowsOf(result).length !== 1) throw new AppError('precondition.failed');
    const after = toGapAnalysis(await load(scope, actor, id));
    await recordAudit(
      scope,
      actor,
      {
        action: 'gap_analysis.updated',
        entityType: 'gap_analysis',
        entityId: id,
        before: toGapAnalysis(before),
        after,
      },
      requestId,
    );
    return after;
  });
}

/** One improvement action becomes a follow-up record (once), linked back from the analysis. */
export async function actionToFollowUp(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof GapActionToFollowUpBodySchema>,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    await tx.execute(
      sql`select id from gap_analyses where tenant_id = ${scope.tenantId} and id = ${id} for update`,
    );
    const row = await load(scope, actor, id);
    await assertCanWrite(scope, actor, row.employee_id);
    const item = row.items[body.item];
    if (!item) throw fieldError('body.item', 'not_found');
    const action = item.actions[body.action];
    if (!action) throw fieldError('body.action', 'not_found');
    if (action.followUpId) return toGapAnalysis(row);
    const responsible = await findEmployee(scope, body.responsibleId);
    if (responsible?.status !== 'active') throw fieldError('body.responsibleId', 'not_found');
    const [followUp] = await insertFollowUpsAndNotify(
      ctx,
      scope,
      actor,
      [
        {
          date: todayOf(ctx, actor),
          employee_id: row.employee_id,
          topic: item.dimension,
          summary: `${item.rootCauses.join('；')}`,
          action: action.text,
          responsible_id: body.responsibleId,
          due_date: body.dueDate,
          goal_id: null,
          key_result_id: null,
          source: 'gap_analysis',
          source_id: id,
          created_by_id: actor.employeeId,
        },
      ],
      requestId,
    );
    action.followUpId = followUp!.id;
    await tx.execute(sql`
      update gap_analyses set items = ${JSON.stringify(row.items)}::jsonb, version = version + 1, updated_at = now()
      where tenant_id = ${scope.tenantId} and id = ${id}`);
    return toGapAnalysis(await load(scope, actor, id));
  });
}
