import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ExistingDepartment,
  type ExistingEmployee,
  findManagerCycles,
  parseLooseDate,
  type RawRow,
  suggestColumnMapping,
  validateEmployeeImport,
} from './employee-import.ts';

const ROOT: ExistingDepartment = {
  id: 'root',
  name: '示例科技',
  code: null,
  parentId: null,
  archived: false,
};
const SALES: ExistingDepartment = {
  id: 'sales',
  name: '销售部',
  code: 'SALES',
  parentId: 'root',
  archived: false,
};
const OLD: ExistingDepartment = { id: 'old', name: '旧部门', code: null, parentId: 'root', archived: true };
const DEPTS = [ROOT, SALES, OLD];
const HEADERS = ['工号', '姓名', '邮箱', '部门', '直属上级', '入职日期', '状态'];
const MAPPING = suggestColumnMapping(HEADERS);

function rows(...cells: string[][]): RawRow[] {
  return cells.map((values, i) => ({
    rowNumber: i + 2,
    cells: Object.fromEntries(HEADERS.map((h, j) => [h, values[j] ?? ''])),
  }));
}

function validate(input: RawRow[], existing: ExistingEmployee[] = []) {
  return validateEmployeeImport({
    rows: input,
    mapping: MAPPING,
    existingEmployees: existing,
    existingDepartments: DEPTS,
  });
}

function person(
  p: Pick<ExistingEmployee, 'id' | 'employeeNo' | 'name'> & Partial<ExistingEmployee>,
): ExistingEmployee {
  return {
    email: null,
    title: null,
    jobLevel: null,
    hireDate: null,
    status: 'active',
    departmentId: 'sales',
    managerId: null,
    ...p,
  };
}

function errorsOf(result: ReturnType<typeof validate>) {
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((e) => `${e.row}:${e.column}:${e.code}`);
}

describe('suggestColumnMapping', () => {
  it('maps the Chinese template headers to fields', () => {
    expect(MAPPING).toEqual({
      employeeNo: '工号',
      name: '姓名',
      email: '邮箱',
      department: '部门',
      manager: '直属上级',
      hireDate: '入职日期',
      status: '状态',
    });
  });
  it('maps English headers such as the IBM dataset columns', () => {
    expect(suggestColumnMapping(['EmployeeNumber', 'Department', 'JobRole', 'JobLevel', 'Name'])).toEqual({
      employeeNo: 'EmployeeNumber',
      department: 'Department',
      title: 'JobRole',
      jobLevel: 'JobLevel',
      name: 'Name',
    });
  });
});

describe('validateEmployeeImport', () => {
  it('accepts a manager who appears later in the same file', () => {
    const result = validate(rows(['E2', '李四', '', '销售部', 'E1'], ['E1', '张三', '', '销售部', '']));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.employees.map((e) => [e.employeeNo, e.managerNo])).toEqual([
      ['E2', 'E1'],
      ['E1', null],
    ]);
    expect(result.plan.created).toBe(2);
  });

  it('resolves a manager by unique name and rejects an ambiguous one', () => {
    const existing: ExistingEmployee[] = [
      person({ id: 'a', employeeNo: 'A1', name: '王五' }),
      person({ id: 'b', employeeNo: 'B1', name: '赵六' }),
      person({ id: 'c', employeeNo: 'C1', name: '赵六' }),
    ];
    const ok = validate(rows(['E1', '张三', '', '销售部', '王五']), existing);
    expect(ok.ok && ok.plan.employees[0]?.managerNo).toBe('A1');
    expect(errorsOf(validate(rows(['E1', '张三', '', '销售部', '赵六']), existing))).toEqual([
      '2:直属上级:ambiguous_manager',
    ]);
  });

  it('reports every bad row with its row, column and reason', () => {
    const result = validate(
      rows(
        ['E1', '张三', 'bad-mail', '销售部'],
        ['E1', '', '', '销售部'],
        ['E3', '王五', '', '', 'NOBODY'],
        ['E4', '=HYPERLINK("http://x","点我")', '', '销售部'],
        ['E5', '赵六', '', '旧部门', '', '2024-02-30'],
        ['E6', '钱七', '', '销售部', '', '', '退休'],
      ),
    );
    expect(errorsOf(result)).toEqual([
      '2:邮箱:invalid_email',
      '3:工号:duplicate_number',
      '3:姓名:required',
      '4:部门:required',
      '4:直属上级:unknown_manager',
      '5:姓名:formula',
      '6:入职日期:invalid_date',
      '6:部门:department_archived',
      '7:状态:invalid_status',
    ]);
  });

  it('gives every error a message in zh-CN and en-US', () => {
    const result = validate(rows(['E1', '张三', '', '销售部', 'E9']));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.messages['zh-CN']).toContain('E9');
    expect(result.errors[0]?.messages['en-US']).toBe('manager E9 is neither in the file nor in Perfloop');
  });

  it('rejects a reporting cycle within the file and one closed through existing data', () => {
    expect(
      errorsOf(validate(rows(['E1', 'A', '', '销售部', 'E2'], ['E2', 'B', '', '销售部', 'E1']))),
    ).toEqual(['2:直属上级:manager_cycle', '3:直属上级:manager_cycle']);
    const existing: ExistingEmployee[] = [
      person({ id: 'x', employeeNo: 'X', name: 'X' }),
      person({ id: 'y', employeeNo: 'Y', name: 'Y', managerId: 'x' }),
    ];
    expect(errorsOf(validate(rows(['X', 'X', '', '销售部', 'Y']), existing))).toEqual([
      '2:直属上级:manager_cycle',
    ]);
  });

  it('rejects an e-mail that another employee already uses', () => {
    const existing: ExistingEmployee[] = [
      person({ id: 'a', employeeNo: 'A1', name: 'A', email: 'a@example.com' }),
    ];
    expect(errorsOf(validate(rows(['E1', '张三', 'A@example.com', '销售部']), existing))).toEqual([
      '2:邮箱:email_taken',
    ]);
    // The same person keeps their address: no error.
    expect(validate(rows(['A1', 'A', 'a@example.com', '销售部']), existing).ok).toBe(true);
  });

  it('plans departments to create, parents first, below the company root', () => {
    const result = validate(
      rows(['E1', '张三', '', '示例科技/销售部/华东组/一组'], ['E2', '李四', '', '研发部']),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.newDepartments).toEqual([
      { key: 'sales/华东组', name: '华东组', parentId: 'sales', parentKey: null },
      { key: 'root/研发部', name: '研发部', parentId: 'root', parentKey: null },
      { key: 'sales/华东组/一组', name: '一组', parentId: null, parentKey: 'sales/华东组' },
    ]);
    expect(result.plan.employees[0]?.department).toEqual({ newKey: 'sales/华东组/一组' });
  });

  it('resolves a department by its code', () => {
    const result = validate(rows(['E1', '张三', '', 'sales']));
    expect(result.ok && result.plan.employees[0]?.department).toEqual({ id: 'sales' });
  });

  it('leaves alone rows that would write what is stored, and counts them', () => {
    const existing = [
      person({ id: 'm', employeeNo: 'M1', name: '经理' }),
      person({
        id: 'a',
        employeeNo: 'E1',
        name: '张三',
        email: 'a@example.com',
        managerId: 'm',
        hireDate: '2020-01-15',
      }),
    ];
    const same = ['E1', '张三', 'a@example.com', '销售部', 'M1', '2020/1/15', '在职'];
    const result = validate(rows(same), existing);
    expect(result.ok && result.plan).toMatchObject({ employees: [], created: 0, updated: 0, unchanged: 1 });
    // The department by its code, the manager by name: still the same.
    const alike = validate(
      rows(['E1', '张三', 'a@example.com', 'SALES', '经理', '2020-01-15', '在职']),
      existing,
    );
    expect(alike.ok && alike.plan.unchanged).toBe(1);

    // Any one field the file changes makes it an update.
    const changes: [string, string[]][] = [
      ['name', ['E1', '张三丰', 'a@example.com', '销售部', 'M1', '2020-01-15', '在职']],
      ['e-mail', ['E1', '张三', 'b@example.com', '销售部', 'M1', '2020-01-15', '在职']],
      ['e-mail emptied', ['E1', '张三', '', '销售部', 'M1', '2020-01-15', '在职']],
      ['department', ['E1', '张三', 'a@example.com', '示例科技', 'M1', '2020-01-15', '在职']],
      ['new department', ['E1', '张三', 'a@example.com', '研发部', 'M1', '2020-01-15', '在职']],
      ['manager', ['E1', '张三', 'a@example.com', '销售部', '', '2020-01-15', '在职']],
      ['hire date', ['E1', '张三', 'a@example.com', '销售部', 'M1', '2020-01-16', '在职']],
      ['status', ['E1', '张三', 'a@example.com', '销售部', 'M1', '2020-01-15', '离职']],
    ];
    for (const [what, cells] of changes) {
      const changed = validate(rows(cells), existing);
      expect(changed.ok && changed.plan, what).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      expect(changed.ok && changed.plan.employees.map((e) => e.employeeNo), what).toEqual(['E1']);
    }
    // A manager the file creates is a change too, and is written before.
    const newBoss = validate(
      rows(['N1', '新经理', '', '销售部'], [...same.slice(0, 4), 'N1', ...same.slice(5)]),
      existing,
    );
    expect(newBoss.ok && newBoss.plan).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
  });

  it('compares only the columns the file maps', () => {
    const existing = [
      person({
        id: 'a',
        employeeNo: 'E1',
        name: '张三',
        email: 'a@example.com',
        title: '工程师',
        managerId: 'x',
      }),
    ];
    const result = validateEmployeeImport({
      rows: [{ rowNumber: 2, cells: { 工号: 'E1', 姓名: '张三', 部门: '销售部' } }],
      mapping: suggestColumnMapping(['工号', '姓名', '部门']),
      existingEmployees: existing,
      existingDepartments: DEPTS,
    });
    expect(result.ok && result.plan).toMatchObject({ employees: [], updated: 0, unchanged: 1 });
  });

  it('marks rows for existing employee numbers as updates', () => {
    const existing: ExistingEmployee[] = [person({ id: 'a', employeeNo: 'E1', name: '旧名' })];
    const result = validate(rows(['E1', '张三', '', '销售部'], ['E2', '李四', '', '销售部']), existing);
    expect(result.ok && [result.plan.created, result.plan.updated]).toEqual([1, 1]);
  });
});

describe('findManagerCycles', () => {
  it('finds no cycle in any tree (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (parents) => {
        // Node i reports to a node with a smaller index: always a forest.
        const map = new Map<string, string | null>();
        for (const [i, p] of parents.entries()) map.set(`n${i}`, i === 0 ? null : `n${p % i}`);
        return findManagerCycles(map).length === 0;
      }),
    );
  });
  it('finds the cycle when the root is made to report to a leaf (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 2, maxLength: 60 }), (parents) => {
        const map = new Map<string, string | null>();
        for (const [i, p] of parents.entries()) map.set(`n${i}`, i === 0 ? null : `n${p % i}`);
        const leaf = `n${parents.length - 1}`;
        map.set('n0', leaf);
        const cycles = findManagerCycles(map);
        return cycles.length === 1 && cycles[0]!.includes('n0') && cycles[0]!.includes(leaf);
      }),
    );
  });
});

describe('parseLooseDate', () => {
  it('accepts common Chinese spreadsheet date forms and rejects impossible dates', () => {
    expect(parseLooseDate('2024/7/5')).toBe('2024-07-05');
    expect(parseLooseDate('2024年7月5日')).toBe('2024-07-05');
    expect(parseLooseDate('2023-02-29')).toBeNull();
    expect(parseLooseDate('7.15')).toBeNull();
  });
});
