import { isValidIsoDate } from '../employees/employee.schemas.ts';
import type { ImportRowError, RawRow } from '../employees/employee-import.ts';
import { parseLooseDate } from '../employees/employee-import.ts';
import { describeFieldError, type FieldErrorCode, type Locale } from '../shared/messages.ts';
import { isMeasureInRange } from '../shared/schema-fields.ts';
import { isFormulaLike } from '../shared/spreadsheet.ts';
import type { GoalKind } from './goal.schemas.ts';
import { dayNumber, FULL_WEIGHT_BP, type KrDirection, type KrKind, parseWeightPercent } from './progress.ts';

/**
 * Goal import from .xlsx/.csv: one row per key result, in the seed's table layout (员工 | 目标 |
 * 关键成果 | 权重 | 完成时限) plus the columns a KR needs. Consecutive rows with the same
 * employee and goal form one goal; goal columns may be left blank after its first row.
 */
export const GOAL_IMPORT_FIELDS = [
  'employeeNo',
  'employeeName',
  'goal',
  'goalKind',
  'goalWeight',
  'keyResult',
  'krKind',
  'direction',
  'startValue',
  'targetValue',
  'unit',
  'krWeight',
  'dueDate',
  'externalKey',
] as const;
export type GoalImportField = (typeof GOAL_IMPORT_FIELDS)[number];
export const REQUIRED_GOAL_IMPORT_FIELDS: readonly GoalImportField[] = [
  'employeeNo',
  'goal',
  'keyResult',
  'krWeight',
];

export const GOAL_IMPORT_HEADERS: Record<GoalImportField, Record<Locale, string>> = {
  employeeNo: { 'zh-CN': '工号', 'en-US': 'Employee No' },
  employeeName: { 'zh-CN': '员工姓名', 'en-US': 'Employee name' },
  goal: { 'zh-CN': '目标', 'en-US': 'Goal' },
  goalKind: { 'zh-CN': '目标类型', 'en-US': 'Goal type' },
  goalWeight: { 'zh-CN': '目标权重', 'en-US': 'Goal weight' },
  keyResult: { 'zh-CN': '关键成果', 'en-US': 'Key result' },
  krKind: { 'zh-CN': '成果类型', 'en-US': 'Result type' },
  direction: { 'zh-CN': '方向', 'en-US': 'Direction' },
  startValue: { 'zh-CN': '起始值', 'en-US': 'Start value' },
  targetValue: { 'zh-CN': '目标值', 'en-US': 'Target value' },
  unit: { 'zh-CN': '单位', 'en-US': 'Unit' },
  krWeight: { 'zh-CN': '权重', 'en-US': 'Weight' },
  dueDate: { 'zh-CN': '完成时限', 'en-US': 'Due date' },
  externalKey: { 'zh-CN': '外部编码', 'en-US': 'External key' },
};

const KIND_WORDS: Record<string, GoalKind> = { okr: 'okr', kpi: 'kpi' };
const KR_KIND_WORDS: Record<string, KrKind> = {
  metric: 'metric',
  数值: 'metric',
  指标: 'metric',
  milestone: 'milestone',
  里程碑: 'milestone',
};
const DIRECTION_WORDS: Record<string, KrDirection> = {
  increase: 'increase',
  提升: 'increase',
  增长: 'increase',
  decrease: 'decrease',
  降低: 'decrease',
  减少: 'decrease',
  at_least: 'at_least',
  不低于: 'at_least',
  at_most: 'at_most',
  不高于: 'at_most',
};

export type GoalImportEmployee = { id: string; employeeNo: string; name: string };
export type PlannedImportGoal = {
  rowNumber: number;
  ownerId: string;
  kind: GoalKind;
  title: string;
  weightBp: number;
  dueDate: string | null;
  keyResults: {
    title: string;
    kind: KrKind;
    direction: KrDirection;
    startValue: number;
    targetValue: number | null;
    unit: string | null;
    weightBp: number;
    dueDate: string | null;
    externalKey: string | null;
  }[];
};
export type GoalImportResult =
  | { ok: true; goals: PlannedImportGoal[] }
  | { ok: false; errors: ImportRowError[] };

/** Header text (zh, en or the field name) → field. Unknown headers are ignored. */
export function mapGoalImportHeaders(headers: readonly string[]): Partial<Record<GoalImportField, string>> {
  const mapping: Partial<Record<GoalImportField, string>> = {};
  for (const header of headers) {
    const key = header.trim().toLowerCase();
    for (const field of GOAL_IMPORT_FIELDS) {
      const names = [
        field.toLowerCase(),
        ...Object.values(GOAL_IMPORT_HEADERS[field]).map((h) => h.toLowerCase()),
      ];
      if (names.includes(key) && !mapping[field]) mapping[field] = header;
    }
  }
  // The seed's own table says 关键成果(KR) and 季度目标.
  for (const header of headers) {
    if (!mapping.keyResult && /关键成果|^kr$/i.test(header)) mapping.keyResult = header;
    if (!mapping.goal && /目标$/.test(header) && !/权重|类型|值/.test(header)) mapping.goal = header;
  }
  return mapping;
}

/**
 * A weight cell: "40%", "40", "69.99" are percentages; a number of at most 1 written without a
 * % sign is an Excel percentage cell read as a fraction (0.4 = 40%).
 */
export function parseWeightCell(text: string): number | null {
  const trimmed = text.trim();
  if (/^0?\.\d+$|^1(\.0+)?$|^0$/.test(trimmed) && !trimmed.includes('%')) {
    return parseWeightPercent(String(Math.round(Number(trimmed) * 10000) / 100));
  }
  return parseWeightPercent(trimmed);
}

/** "9.30", "9月30日", "2026-09-30": a month and day is placed inside the cycle. */
export function parseDueDate(text: string, cycle: { startDate: string; endDate: string }): string | null {
  const full = parseLooseDate(text) ?? (isValidIsoDate(text.trim()) ? text.trim() : null);
  if (full) return full;
  const m = /^(\d{1,2})[./月-](\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  const md = `${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  const startYear = Number(cycle.startDate.slice(0, 4));
  const endYear = Number(cycle.endDate.slice(0, 4));
  for (let year = startYear; year <= endYear; year += 1) {
    const candidate = `${year}-${md}`;
    if (
      isValidIsoDate(candidate) &&
      dayNumber(candidate) >= dayNumber(cycle.startDate) &&
      dayNumber(candidate) <= dayNumber(cycle.endDate)
    )
      return candidate;
  }
  const fallback = `${startYear}-${md}`;
  return isValidIsoDate(fallback) ? fallback : null;
}

function parseNumber(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/[%％]$/, '');
  if (cleaned === '' || !/^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

export function validateGoalImport(input: {
  rows: readonly RawRow[];
  mapping: Partial<Record<GoalImportField, string>>;
  employeesByNo: ReadonlyMap<string, GoalImportEmployee>;
  /** Employees the importer may create goals for; null = anyone in the tenant. */
  canAssign: (employeeId: string) => boolean;
  existingExternalKeys: ReadonlySet<string>;
  cycle: { startDate: string; endDate: string };
}): GoalImportResult {
  const { mapping, cycle } = input;
  const errors: ImportRowError[] = [];
  const fail = (
    row: number,
    field: GoalImportField,
    code: FieldErrorCode,
    params: Record<string, string | number> = {},
  ) =>
    errors.push({
      row,
      column: mapping[field] ?? GOAL_IMPORT_HEADERS[field]['zh-CN'],
      field: null,
      code,
      params,
      messages: {
        'zh-CN': describeFieldError(code, 'zh-CN', params),
        'en-US': describeFieldError(code, 'en-US', params),
      },
    });
  for (const field of REQUIRED_GOAL_IMPORT_FIELDS) {
    if (!mapping[field]) fail(1, field, 'missing_column', { value: GOAL_IMPORT_HEADERS[field]['zh-CN'] });
  }
  if (errors.length > 0) return { ok: false, errors };

  const cell = (row: RawRow, field: GoalImportField) => {
    const header = mapping[field];
    return header ? (row.cells[header] ?? '').trim() : '';
  };
  const goals: PlannedImportGoal[] = [];
  const seenKeys = new Map<string, number>();
  let current: PlannedImportGoal | null = null;
  let currentKey = '';

  for (const row of input.rows) {
    const n = row.rowNumber;
    for (const field of GOAL_IMPORT_FIELDS) {
      if (isFormulaLike(cell(row, field)) && field !== 'startValue' && field !== 'targetValue')
        fail(n, field, 'formula');
    }
    const employeeNo = cell(row, 'employeeNo');
    const goalTitle: string = cell(row, 'goal') || (current && employeeNo === '' ? current.title : '');
    const ownerNo: string = employeeNo || (current ? currentKey.split('\u0000')[0]! : '');
    if (!ownerNo) {
      fail(n, 'employeeNo', 'required');
      continue;
    }
    const owner = input.employeesByNo.get(ownerNo);
    if (!owner) {
      fail(n, 'employeeNo', 'unknown_employee', { value: ownerNo });
      continue;
    }
    if (!input.canAssign(owner.id)) {
      fail(n, 'employeeNo', 'not_in_reach', { value: ownerNo });
      continue;
    }
    if (!goalTitle) {
      fail(n, 'goal', 'required');
      continue;
    }
    if (goalTitle.length > 200) fail(n, 'goal', 'too_long', { max: 200 });
    const key = `${ownerNo}\u0000${goalTitle}`;
    if (!current || key !== currentKey) {
      const kindText = cell(row, 'goalKind').toLowerCase();
      const kind = kindText === '' ? 'okr' : KIND_WORDS[kindText];
      if (!kind) fail(n, 'goalKind', 'invalid_goal_kind');
      const weightText = cell(row, 'goalWeight');
      const weightBp = weightText === '' ? null : parseWeightCell(weightText);
      if (weightText !== '' && weightBp === null) fail(n, 'goalWeight', 'invalid_weight');
      current = {
        rowNumber: n,
        ownerId: owner.id,
        kind: kind ?? 'okr',
        title: goalTitle,
        weightBp: weightBp ?? -1,
        dueDate: null,
        keyResults: [],
      };
      currentKey = key;
      goals.push(current);
    }
    const krTitle = cell(row, 'keyResult');
    if (!krTitle) fail(n, 'keyResult', 'required');
    else if (krTitle.length > 200) fail(n, 'keyResult', 'too_long', { max: 200 });
    const krKindText = cell(row, 'krKind').toLowerCase();
    const krKind = krKindText === '' ? 'metric' : KR_KIND_WORDS[krKindText];
    if (!krKind) fail(n, 'krKind', 'invalid_kr_kind');
    const directionText = cell(row, 'direction').toLowerCase();
    const direction = directionText === '' ? 'increase' : DIRECTION_WORDS[directionText];
    if (!direction) fail(n, 'direction', 'invalid_direction');
    const startText = cell(row, 'startValue');
    const startValue = startText === '' ? 0 : parseNumber(startText);
    if (startValue === null) fail(n, 'startValue', 'not_a_number');
    else if (!isMeasureInRange(startValue)) fail(n, 'startValue', 'number_out_of_range');
    const targetText = cell(row, 'targetValue');
    const targetValue = targetText === '' ? null : parseNumber(targetText);
    if (targetText !== '' && targetValue === null) fail(n, 'targetValue', 'not_a_number');
    else if (targetValue !== null && !isMeasureInRange(targetValue))
      fail(n, 'targetValue', 'number_out_of_range');
    if ((krKind ?? 'metric') === 'metric' && targetText === '') fail(n, 'targetValue', 'required');
    const krWeight = parseWeightCell(cell(row, 'krWeight'));
    if (krWeight === null) fail(n, 'krWeight', cell(row, 'krWeight') === '' ? 'required' : 'invalid_weight');
    const dueText = cell(row, 'dueDate');
    const dueDate = dueText === '' ? null : parseDueDate(dueText, cycle);
    if (dueText !== '' && !dueDate) fail(n, 'dueDate', 'invalid_date');
    const externalKey = cell(row, 'externalKey') || null;
    if (externalKey) {
      if (!/^[A-Za-z0-9._:/-]{1,100}$/.test(externalKey)) fail(n, 'externalKey', 'invalid_external_key');
      else if (input.existingExternalKeys.has(externalKey))
        fail(n, 'externalKey', 'external_key_taken', { value: externalKey });
      else if (seenKeys.has(externalKey))
        fail(n, 'externalKey', 'duplicate_external_key_row', {
          value: externalKey,
          other: seenKeys.get(externalKey)!,
        });
      else seenKeys.set(externalKey, n);
    }
    current.keyResults.push({
      title: krTitle,
      kind: krKind ?? 'metric',
      direction: direction ?? 'increase',
      startValue: startValue ?? 0,
      targetValue,
      unit: cell(row, 'unit') || null,
      weightBp: krWeight ?? 0,
      dueDate,
      externalKey,
    });
    if (dueDate && (!current.dueDate || dueDate > current.dueDate)) current.dueDate = dueDate;
  }

  // Per goal: KR weights sum to 100%; a goal weight may be left out only for someone's only goal.
  const goalsPerOwner = new Map<string, number>();
  for (const goal of goals) goalsPerOwner.set(goal.ownerId, (goalsPerOwner.get(goal.ownerId) ?? 0) + 1);
  for (const goal of goals) {
    const sum = goal.keyResults.reduce((s, kr) => s + kr.weightBp, 0);
    if (sum !== FULL_WEIGHT_BP)
      fail(goal.rowNumber, 'krWeight', 'kr_weights_sum', { value: goal.title, other: sum / 100 });
    if (goal.kind === 'kpi' && goal.keyResults.length !== 1)
      fail(goal.rowNumber, 'goalKind', 'kpi_one_key_result');
    if (goal.weightBp === -1) {
      if (goalsPerOwner.get(goal.ownerId) === 1) goal.weightBp = FULL_WEIGHT_BP;
      else fail(goal.rowNumber, 'goalWeight', 'required');
    }
  }
  const duplicateGoals = new Map<string, number>();
  for (const goal of goals) {
    const key = `${goal.ownerId}\u0000${goal.title}`;
    const other = duplicateGoals.get(key);
    if (other !== undefined) fail(goal.rowNumber, 'goal', 'goal_rows_apart', { value: goal.title, other });
    else duplicateGoals.set(key, goal.rowNumber);
  }
  errors.sort((a, b) => a.row - b.row);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, goals };
}
