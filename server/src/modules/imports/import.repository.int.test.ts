import { type PlannedEmployee, type RawRow, validateEmployeeImport } from '@perfloop/core';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildEmployee, buildTenant, getTestDatabase, type TestTenant } from '../../../test/helpers.ts';
import { rowsOf } from '../../db/database.ts';
import { applyImportPlan, inReportingOrder, loadExistingOrg } from './import.repository.ts';

const database = await getTestDatabase();

const planned = (employeeNo: string, managerNo?: string | null): PlannedEmployee => ({
  rowNumber: 0,
  employeeNo,
  existingId: null,
  name: employeeNo,
  department: { newKey: 'x' },
  ...(managerNo !== undefined && { managerNo }),
});
const nos = (levels: PlannedEmployee[][]) => levels.map((level) => level.map((p) => p.employeeNo));

describe('inReportingOrder', () => {
  it('puts everyone after the manager the file gives them, keeping file order within a level', () => {
    const people = [
      planned('D', 'C'),
      planned('X', 'OUTSIDE'),
      planned('C', 'B'),
      planned('B', 'A'),
      planned('E', 'B'),
      planned('A', null),
      planned('F'),
    ];
    expect(nos(inReportingOrder(people))).toEqual([['X', 'A', 'F'], ['B'], ['C', 'E'], ['D']]);
  });

  it('refuses a plan whose reporting line has a cycle (validation rejects such files first)', () => {
    expect(() => inReportingOrder([planned('A', 'B'), planned('B', 'A')])).toThrow(/cycle/);
  });
});

describe('applyImportPlan', () => {
  let tenant: TestTenant;
  beforeEach(async () => {
    tenant = await buildTenant(database, '导入计划测试');
  });

  const HEADERS = { employeeNo: '工号', name: '姓名', department: '部门', manager: '直属上级' };
  const row = (rowNumber: number, no: string, department: string, manager?: string): RawRow => ({
    rowNumber,
    cells: {
      工号: no,
      姓名: `员工${no}`,
      部门: department,
      ...(manager !== undefined && { 直属上级: manager }),
    },
  });

  async function apply(rows: RawRow[], mapping: Record<string, string>, chunkSize: number) {
    const result = validateEmployeeImport({ rows, mapping, ...(await loadExistingOrg(tenant.scope)) });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const progress: number[] = [];
    const applied = await applyImportPlan(tenant.scope, result.plan, (f) => progress.push(f), chunkSize);
    return { applied, progress };
  }

  async function people() {
    const rows = rowsOf<{ id: string; employee_no: string; manager_no: string | null; version: number }>(
      await database.db.execute(sql`
        select e.id, e.employee_no, m.employee_no as manager_no, e.version
        from employees e left join employees m on m.id = e.manager_id
        where e.tenant_id = ${tenant.tenantId}`),
    );
    return new Map(rows.map((r) => [r.employee_no, r]));
  }

  it('writes each person once with their manager, reports listed before managers, over many statements', async () => {
    const boss = await buildEmployee(tenant, { employeeNo: 'BOSS', departmentId: tenant.rootId });
    // A chain of eight listed bottom-up, with two statements a level at most (chunks of 2).
    const rows = [
      ...Array.from({ length: 7 }, (_, i) => row(i + 2, `C${8 - i}`, '研发部', `C${7 - i}`)),
      row(9, 'C1', '研发部', 'BOSS'),
      ...Array.from({ length: 5 }, (_, i) => row(10 + i, `P${i}`, '研发部/平台组', 'C8')),
    ];
    const { applied, progress } = await apply(rows, HEADERS, 2);
    const byNo = await people();
    expect(byNo.get('C1')).toMatchObject({ manager_no: 'BOSS', version: 1 });
    for (let i = 2; i <= 8; i += 1)
      expect(byNo.get(`C${i}`)).toMatchObject({ manager_no: `C${i - 1}`, version: 1 });
    for (let i = 0; i < 5; i += 1) expect(byNo.get(`P${i}`)).toMatchObject({ manager_no: 'C8', version: 1 });
    expect(applied.idOfNo.get('C3')).toBe(byNo.get('C3')!.id);
    expect(applied.idOfNo.get('BOSS')).toBe(boss.id);
    // Levels C1…C8 (one statement each) and P0–P4 (three statements of at most 2).
    expect(progress).toHaveLength(11);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    // Again, moved: the chain's top now reports to a new person listed after it; unmapped columns stay.
    const again = await apply(
      [row(2, 'C1', '研发部', 'N1'), row(3, 'N1', '研发部', 'BOSS'), row(4, 'C2', '研发部', '')],
      HEADERS,
      2,
    );
    expect(again.progress).toEqual([2 / 3, 1]);
    const moved = await people();
    expect(moved.get('N1')).toMatchObject({ manager_no: 'BOSS', version: 1 });
    expect(moved.get('C1')).toMatchObject({ manager_no: 'N1', version: 2 });
    expect(moved.get('C2')).toMatchObject({ manager_no: null, version: 2 });

    const { manager: _manager, ...withoutManager } = HEADERS;
    await apply([row(2, 'C3', '研发部/平台组')], withoutManager, 2);
    expect((await people()).get('C3')).toMatchObject({ manager_no: 'C2', version: 2 });
    // A row that changes nothing is not written.
    const same = await apply([row(2, 'C4', '研发部')], withoutManager, 2);
    expect(same.progress).toEqual([]);
    expect((await people()).get('C4')).toMatchObject({ manager_no: 'C3', version: 1 });
  });
});
