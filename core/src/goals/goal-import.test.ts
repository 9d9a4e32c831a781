import { describe, expect, it } from 'vitest';
import type { RawRow } from '../employees/employee-import.ts';
import { mapGoalImportHeaders, parseDueDate, parseWeightCell, validateGoalImport } from './goal-import.ts';

const cycle = { startDate: '2026-07-01', endDate: '2026-09-30' };
const people = new Map([
  ['E1', { id: 'id-1', employeeNo: 'E1', name: '张三' }],
  ['E2', { id: 'id-2', employeeNo: 'E2', name: '李四' }],
]);
const headers = ['工号', '员工姓名', '目标', '目标权重', '关键成果', '权重', '起始值', '目标值', '完成时限'];
const rows = (...values: string[][]): RawRow[] =>
  values.map((v, i) => ({
    rowNumber: i + 2,
    cells: Object.fromEntries(headers.map((h, j) => [h, v[j] ?? ''])),
  }));
const run = (raw: RawRow[], extra: Partial<Parameters<typeof validateGoalImport>[0]> = {}) =>
  validateGoalImport({
    rows: raw,
    mapping: mapGoalImportHeaders(headers),
    employeesByNo: people,
    canAssign: () => true,
    existingExternalKeys: new Set(),
    cycle,
    ...extra,
  });

describe('goal import', () => {
  it('reads the seed table: one goal, three KRs at 40/30/30, due 9.30', () => {
    const result = run(
      rows(
        ['E1', '张三', '提升华东区市场份额', '', 'KR1:新客户签约量较上季度增长20%', '40%', '0', '20', '9.30'],
        ['', '', '', '', 'KR2:老客户复购率达到85%', '30%', '70', '85', '9.30'],
        ['', '', '', '', 'KR3:客户满意度评分不低于4.8/5分', '30%', '4.8', '4.8', '9.30'],
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.goals).toHaveLength(1);
    const [goal] = result.goals;
    expect(goal).toMatchObject({
      ownerId: 'id-1',
      title: '提升华东区市场份额',
      weightBp: 10000,
      dueDate: '2026-09-30',
    });
    expect(goal!.keyResults.map((kr) => kr.weightBp)).toEqual([4000, 3000, 3000]);
    expect(goal!.keyResults.map((kr) => kr.dueDate)).toEqual(['2026-09-30', '2026-09-30', '2026-09-30']);
  });

  it('reports every bad row with its column and both languages, and plans nothing', () => {
    const result = run(
      rows(
        ['E9', '', '目标A', '', 'KR', '100'],
        ['E1', '', '目标B', '50', 'KR1 增长10%', '30', '0', 'abc'],
        ['E1', '', '目标B', '', 'KR2 增长20%', '69.99', '0', '10', '13.45'],
        ['E1', '', '目标C', '50', 'KR 增长5%', '100', '0', '5', '=1+1'],
      ),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const summary = result.errors.map((e) => [e.row, e.column, e.code]);
    expect(summary).toEqual([
      [2, '工号', 'unknown_employee'],
      [3, '目标值', 'not_a_number'],
      [3, '权重', 'kr_weights_sum'],
      [4, '完成时限', 'invalid_date'],
      [5, '完成时限', 'formula'],
      [5, '完成时限', 'invalid_date'],
    ]);
    expect(result.errors[2]!.messages['zh-CN']).toContain('99.99%');
    expect(result.errors[2]!.messages['en-US']).toContain('99.99%');
  });

  it('refuses start and target values the key-result schema refuses (beyond 10^12)', () => {
    const result = run(rows(['E1', '', '目标', '', 'KR', '100', '-1e13', '1e308']));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.column, e.code])).toEqual([
      ['起始值', 'number_out_of_range'],
      ['目标值', 'number_out_of_range'],
    ]);
  });

  it('requires a goal weight when someone has several goals', () => {
    const result = run(
      rows(
        ['E1', '', 'A', '', 'KR 增长1%', '100', '0', '1'],
        ['E1', '', 'B', '', 'KR 增长2%', '100', '0', '2'],
      ),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.code)).toEqual(['required', 'required']);
  });

  it('refuses goals for people outside the importer’s reach', () => {
    const result = run(rows(['E2', '', 'A', '', 'KR 增长1%', '100', '0', '1']), {
      canAssign: (id) => id === 'id-1',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.code).toBe('not_in_reach');
  });

  it('names missing required columns', () => {
    const result = validateGoalImport({
      rows: [],
      mapping: mapGoalImportHeaders(['工号', '目标']),
      employeesByNo: people,
      canAssign: () => true,
      existingExternalKeys: new Set(),
      cycle,
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => e.messages['en-US'])).toEqual([
        'the required column “关键成果” is missing',
        'the required column “权重” is missing',
      ]);
  });

  it('parses weight cells and month-day dates inside the cycle', () => {
    expect(parseWeightCell('0.4')).toBe(4000);
    expect(parseWeightCell('1')).toBe(10000);
    expect(parseWeightCell('40')).toBe(4000);
    expect(parseWeightCell('69.99%')).toBe(6999);
    expect(parseDueDate('9.30', cycle)).toBe('2026-09-30');
    expect(parseDueDate('9月30日', cycle)).toBe('2026-09-30');
    expect(parseDueDate('1.15', { startDate: '2026-10-01', endDate: '2027-03-31' })).toBe('2027-01-15');
    expect(parseDueDate('2026/9/1', cycle)).toBe('2026-09-01');
    expect(parseDueDate('2.30', cycle)).toBeNull();
  });
});
