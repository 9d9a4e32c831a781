import type { GapActionToFollowUpBodySchema } from '@perfloop/core';
import { computeGap, type GapAnalysis, type SaveGapAnalysisBody } from '@perfloop/core';
import type { z } from 'zod';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findEmployee } from '../employees/employee.repository.ts';
import { insertFollowUpsAndNotify } from '../follow-ups/follow-up.service.ts';
import { todayOf } from '../goals/goal.service.ts';
import { assertCanWriteGapAnalysisFor } from './gap-analysis.policy.ts';
import * as repo from './gap-analysis.repository.ts';

/** Gaps are computed, never stored: actual − target, and as a share of the target (§4). */
function toGapAnalysis(r: repo.GapRow): GapAnalysis {
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
  const row = await repo.findGapAnalysis(scope, actor, id);
  if (!row) throw new AppError('not_found');
  return row;
}

/** Managers (and heads, HRBPs, HR) write gap analyses for the people they may see, not for themselves. */
async function assertCanWrite(scope: TenantScope, actor: Actor, employeeId: string) {
  assertCanWriteGapAnalysisFor(actor, employeeId);
  if (!(await findEmployee(scope, employeeId, actor))) throw fieldError('body.employeeId', 'not_found');
}

export async function listGapAnalyses(ctx: AppContext, actor: Actor, employeeId?: string) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const rows = await repo.selectGapAnalyses(scope, actor, { employeeId });
  return rows.map(toGapAnalysis);
}

export async function getGapAnalysis(ctx: AppContext, actor: Actor, id: string) {
  return toGapAnalysis(await load(new TenantScope(ctx.database.db, actor.tenant.id), actor, id));
}

function itemsOf(body: SaveGapAnalysisBody, before?: repo.StoredItem[]): repo.StoredItem[] {
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
    const id = await repo.insertGapAnalysis(scope, {
      employeeId: body.employeeId,
      cycleId: body.cycleId,
      title: body.title,
      items: itemsOf(body),
      createdById: actor.employeeId,
    });
    const created = toGapAnalysis(await load(scope, actor, id));
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
    const saved = await repo.updateGapAnalysis(scope, id, expectedVersion, {
      title: body.title,
      cycleId: body.cycleId,
      items: itemsOf(body, before.items),
    });
    if (!saved) throw new AppError('precondition.failed');
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
    await repo.lockGapAnalysis(scope, id);
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
    await repo.updateGapAnalysis(scope, id, null, { items: row.items });
    return toGapAnalysis(await load(scope, actor, id));
  });
}
