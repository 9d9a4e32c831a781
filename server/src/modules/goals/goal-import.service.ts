import {
  GOAL_IMPORT_FIELDS,
  GOAL_IMPORT_HEADERS,
  type GoalImportEmployee,
  type Locale,
  mapGoalImportHeaders,
  validateGoalImport,
} from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { sha256 } from '../../shared/crypto.ts';
import { excel } from '../../shared/excel.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findCycleState } from '../cycles/cycle.repository.ts';
import { detectFileType, parseSpreadsheet } from '../imports/import.parser.ts';
import { findImportJobByKey, insertImportJob } from '../imports/import.repository.ts';
import { findTakenExternalKeys, insertGoals, selectPeopleByNumber } from './goal.repository.ts';

export type GoalImportSummary = { goals: number; keyResults: number; dryRun: boolean; goalIds: string[] };

/**
 * Imports draft goals from .xlsx/.csv, all or nothing: every bad row is reported (row, column,
 * reason in both languages) and nothing is written; otherwise every goal lands in one
 * transaction. A repeated request with the same Idempotency-Key returns the first result.
 */
export async function importGoals(
  ctx: AppContext,
  actor: Actor,
  input: {
    cycleId: string;
    fileName: string;
    bytes: Uint8Array;
    dryRun: boolean;
    idempotencyKey: string | null;
  },
  requestId: string,
): Promise<GoalImportSummary> {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const fileHash = sha256(Buffer.from(input.bytes).toString('base64') + input.cycleId);
  if (input.idempotencyKey && !input.dryRun) {
    const earlier = await findImportJobByKey(scope, input.idempotencyKey);
    if (earlier) {
      const summary = earlier.summary as (GoalImportSummary & { fileHash?: string }) | null;
      if (earlier.kind !== 'goals' || summary?.fileHash !== fileHash)
        throw new AppError('idempotency.conflict');
      const { fileHash: _, ...rest } = summary;
      return rest;
    }
  }
  const cycle = await findCycleState(scope, input.cycleId);
  if (!cycle)
    throw new AppError('validation.failed', undefined, [
      { path: 'querystring.cycleId', code: 'not_found', message: 'cycle not found' },
    ]);
  if (cycle.status === 'closed') throw new AppError('cycle.closed');
  const type = detectFileType(input.fileName, input.bytes);
  const sheet = await parseSpreadsheet(type, input.bytes);
  const mapping = mapGoalImportHeaders(sheet.headers);
  const numbers = [
    ...new Set(sheet.rows.map((r) => (r.cells[mapping.employeeNo ?? ''] ?? '').trim()).filter(Boolean)),
  ];
  const people = await selectPeopleByNumber(scope, actor, numbers);
  const employeesByNo = new Map<string, GoalImportEmployee>(
    people.map((p) => [p.employee_no, { id: p.id, employeeNo: p.employee_no, name: p.name }]),
  );
  const inReach = new Set(people.filter((p) => p.in_reach).map((p) => p.id));
  const keys = sheet.rows.map((r) => (r.cells[mapping.externalKey ?? ''] ?? '').trim()).filter(Boolean);
  const taken = new Set(await findTakenExternalKeys(scope, keys));
  const result = validateGoalImport({
    rows: sheet.rows,
    mapping,
    employeesByNo,
    canAssign: (id) => inReach.has(id),
    existingExternalKeys: taken,
    cycle,
  });
  if (!result.ok) throw new AppError('import.invalid', undefined, undefined, { rowErrors: result.errors });
  const keyResultCount = result.goals.reduce((s, g) => s + g.keyResults.length, 0);
  if (input.dryRun)
    return { goals: result.goals.length, keyResults: keyResultCount, dryRun: true, goalIds: [] };
  const departmentOf = new Map(people.map((p) => [p.id, p.department_id]));
  return ctx.database.db.transaction(async (tx) => {
    const txScope = scope.with(tx);
    const goalIds = await insertGoals(
      txScope,
      result.goals.map((g) => ({
        goal: {
          cycleId: cycle.id,
          level: 'personal' as const,
          kind: g.kind,
          title: g.title,
          description: null,
          ownerId: g.ownerId,
          departmentId: departmentOf.get(g.ownerId) ?? null,
          weightBp: g.weightBp,
          dueDate: g.dueDate,
          status: 'draft' as const,
          parentGoalId: null,
          parentKeyResultId: null,
          createdById: actor.employeeId,
        },
        keyResults: g.keyResults.map((kr) => ({ ...kr, startDate: null, rollUp: false, ownerId: null })),
      })),
    );
    const summary: GoalImportSummary = {
      goals: goalIds.length,
      keyResults: keyResultCount,
      dryRun: false,
      goalIds,
    };
    await insertImportJob(txScope, {
      kind: 'goals',
      status: 'succeeded',
      fileName: input.fileName,
      fileType: type,
      file: input.bytes,
      headers: sheet.headers,
      rowCount: sheet.rows.length,
      summary: { ...summary, fileHash },
      progress: 100,
      idempotencyKey: input.idempotencyKey,
      createdBy: actor.employeeId,
    });
    await recordAudit(
      txScope,
      actor,
      result.goals.map((g, i) => ({
        action: 'goal.imported',
        entityType: 'goal',
        entityId: goalIds[i]!,
        after: { title: g.title, ownerId: g.ownerId, weightBp: g.weightBp, keyResults: g.keyResults },
      })),
      requestId,
    );
    return summary;
  });
}

/** The goal import template: the seed's example in its own layout, plus a help sheet. */
export async function buildGoalTemplate(locale: Locale): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const sheet = workbook.addWorksheet(locale === 'zh-CN' ? '目标' : 'Goals');
  sheet.columns = GOAL_IMPORT_FIELDS.map((f) => ({
    header: GOAL_IMPORT_HEADERS[f][locale],
    key: f,
    width: 16,
  }));
  const zh = locale === 'zh-CN';
  sheet.addRows([
    {
      employeeNo: 'E0002',
      employeeName: zh ? '张三' : 'Zhang San',
      goal: zh ? '提升华东区市场份额' : 'Grow market share in East China',
      goalKind: 'OKR',
      goalWeight: '100%',
      keyResult: zh
        ? 'KR1:新客户签约量较上季度增长20%'
        : 'KR1: new-customer contracts up 20% on last quarter',
      krKind: zh ? '数值' : 'metric',
      direction: zh ? '提升' : 'increase',
      startValue: 0,
      targetValue: 20,
      unit: '%',
      krWeight: '40%',
      dueDate: '9.30',
    },
    {
      keyResult: zh ? 'KR2:老客户复购率达到85%' : 'KR2: repeat-purchase rate reaches 85%',
      startValue: 70,
      targetValue: 85,
      unit: '%',
      krWeight: '30%',
      dueDate: '9.30',
    },
    {
      keyResult: zh ? 'KR3:客户满意度评分不低于4.8/5分' : 'KR3: satisfaction score at least 4.8/5',
      direction: zh ? '不低于' : 'at_least',
      startValue: 4.8,
      targetValue: 4.8,
      krWeight: '30%',
      dueDate: '9.30',
    },
  ]);
  const header = sheet.getRow(1);
  header.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const help = workbook.addWorksheet(zh ? '说明' : 'Help');
  const lines = zh
    ? [
        '每行一个关键成果；同一员工、同一目标的关键成果放在相邻行，后续行可省略工号和目标。',
        '必填：工号、目标、关键成果、权重。同一目标的关键成果权重合计必须恰好为 100%。',
        '目标权重：员工本周期只有一个目标时可省略（即 100%）；多个目标时必填，提交审批前合计须为 100%。',
        '目标类型 OKR 或 KPI（KPI 只有一个指标）；成果类型 数值 或 里程碑；方向 提升/降低/不低于/不高于。',
        '完成时限可写 2026-09-30、2026/9/30，或 9.30 / 9月30日（按考核周期确定年份）。',
        '整个文件一次导入：任何一行有错，都不会导入任何数据，并给出逐行错误报告。导入的目标为草稿。',
      ]
    : [
        'One row per key result; keep the key results of one goal on adjacent rows (later rows may leave Employee No and Goal blank).',
        'Required: Employee No, Goal, Key result, Weight. The key-result weights of a goal must sum to exactly 100%.',
        'Goal weight may be left out when it is the person’s only goal (100%); otherwise it is required and must total 100% before submitting.',
        'Goal type OKR or KPI (a KPI has one indicator); result type metric or milestone; direction increase, decrease, at_least or at_most.',
        'Due date as 2026-09-30, 2026/9/30, or 9.30 (the year comes from the cycle).',
        'The file imports as a whole: if any row is wrong, nothing is imported and every bad row is reported. Imported goals are drafts.',
      ];
  for (const line of lines) help.addRow([line]);
  help.getColumn(1).width = 120;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
