import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildXlsx, readXlsx, upload, waitForImport } from '../../../test/files.ts';
import { buildTenant, getTestApp, json, signIn, type TestTenant } from '../../../test/helpers.ts';
import { REPO_ROOT } from '../../config.ts';
import { prepareIbmDataset } from '../../datasets/ibm-attrition.ts';
import { rowsOf } from '../../db/database.ts';
import { employees } from '../../db/schema.ts';

const { app, database } = await getTestApp();

type Job = {
  id: string;
  status: string;
  headers: string[];
  suggestedMapping: Record<string, string>;
  errors: { row: number; column: string; code: string; messages: { 'zh-CN': string; 'en-US': string } }[];
  summary: { created: number; updated: number; unchanged: number; departmentsCreated: number };
};

const HEADER = ['工号', '姓名', '邮箱', '职位', '职级', '部门', '直属上级', '入职日期', '状态'];

let tenant: TestTenant;
let cookie: string;
beforeEach(async () => {
  tenant = await buildTenant(database, '导入测试公司');
  cookie = await signIn(app, tenant.admin.login);
});

async function snapshot() {
  const result = await database.db.execute(sql`
    select (select count(*)::int from employees where tenant_id = ${tenant.tenantId}) as employees,
      (select count(*)::int from departments where tenant_id = ${tenant.tenantId}) as departments,
      (select coalesce(max(version), 0)::int from employees where tenant_id = ${tenant.tenantId}) as max_version`);
  return rowsOf<{ employees: number; departments: number; max_version: number }>(result)[0]!;
}

async function importFile(fileName: string, content: Buffer, mapping?: Record<string, string>) {
  const uploaded = await upload(app, cookie, fileName, content);
  expect(uploaded.statusCode).toBe(201);
  const job = json<Job>(uploaded);
  const validated = json<Job>(
    await app.inject({
      method: 'POST',
      url: `/api/v1/imports/${job.id}/validate`,
      headers: { cookie },
      payload: { mapping: mapping ?? job.suggestedMapping },
    }),
  );
  if (validated.status !== 'validated') return validated;
  const committed = await app.inject({
    method: 'POST',
    url: `/api/v1/imports/${job.id}/commit`,
    headers: { cookie },
  });
  expect(committed.statusCode).toBe(202);
  return (await waitForImport(app, cookie, job.id)) as unknown as Job;
}

async function employeesByNo() {
  const rows = await tenant.scope.db.select().from(employees).where(tenant.scope.where(employees));
  return new Map(rows.map((r) => [r.employeeNo, r]));
}

describe('employee import', () => {
  it('serves a template with the Chinese headers', async () => {
    const r = await app.inject({ url: '/api/v1/employees/import-template', headers: { cookie } });
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(r.rawPayload);
    expect(rows[0]).toEqual(HEADER);
  });

  it('imports an .xlsx: creates departments, upserts by number, links a manager who comes later in the file', async () => {
    const file = await buildXlsx([
      HEADER,
      ['S002', '李四', 'lisi@example.com', '销售专员', 'P3', '销售部/华东区', 'S001', '2023-07-01', '在职'],
      [
        'S001',
        '张三',
        'zhangsan@example.com',
        '华东区经理',
        'M2',
        '销售部/华东区',
        '',
        new Date(Date.UTC(2020, 0, 15)),
        '在职',
      ],
      ['S003', '王五', '', '工程师', 'P4', '研发部', '张三', '', ''],
    ]);
    const job = await importFile('员工.xlsx', file);
    expect(job.status).toBe('succeeded');
    expect(job.summary).toEqual({ created: 3, updated: 0, unchanged: 0, departmentsCreated: 3 });
    const people = await employeesByNo();
    expect(people.get('S002')?.managerId).toBe(people.get('S001')?.id);
    expect(people.get('S003')?.managerId).toBe(people.get('S001')?.id);
    expect(people.get('S001')?.hireDate).toBe('2020-01-15');

    const again = await importFile(
      '员工.xlsx',
      await buildXlsx([HEADER, ['S003', '王五五', '', '高级工程师', 'P5', '研发部', '', '', '离职']]),
    );
    expect(again.summary).toEqual({ created: 0, updated: 1, unchanged: 0, departmentsCreated: 0 });
    const updated = (await employeesByNo()).get('S003');
    expect(updated).toMatchObject({ name: '王五五', title: '高级工程师', status: 'left', managerId: null });
  });

  it('rejects the whole file when one row is bad, reports row, column and reason, and changes nothing', async () => {
    const before = await snapshot();
    const file = await buildXlsx([
      HEADER,
      ['B001', '好人', '', '', '', '销售部', '', '', ''],
      ['B002', '坏行', 'not-an-email', '', '', '销售部', 'NOBODY', '2024-13-01', ''],
    ]);
    const job = await importFile('bad.xlsx', file);
    expect(job.status).toBe('invalid');
    expect(job.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '邮箱', 'invalid_email'],
      [3, '入职日期', 'invalid_date'],
      [3, '直属上级', 'unknown_manager'],
    ]);
    expect(job.errors[2]?.messages['en-US']).toContain('NOBODY');
    expect(await snapshot()).toEqual(before);
    const report = await app.inject({ url: `/api/v1/imports/${job.id}/errors.xlsx`, headers: { cookie } });
    const rows = await readXlsx(report.rawPayload);
    expect(rows).toHaveLength(4);
    expect(rows[1]?.[0]).toBe('3');
  });

  it('refuses to commit an import that is not validated', async () => {
    const job = json<Job>(await upload(app, cookie, 'a.csv', Buffer.from('工号,姓名,部门\nX1,甲,销售部\n')));
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/imports/${job.id}/commit`,
      headers: { cookie },
    });
    expect(r.statusCode).toBe(409);
    expect(json(r).code).toBe('import.not_ready');
  });

  it('reads CSV in UTF-8 with and without a BOM, and GBK from Excel on Chinese Windows', async () => {
    const text = '工号,姓名,部门\nC001,欧阳娜娜,市场部\n';
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect((await importFile('bom.csv', bom)).status).toBe('succeeded');
    expect((await importFile('plain.csv', Buffer.from(text.replace('C001', 'C002')))).status).toBe(
      'succeeded',
    );
    const gbk = iconv.encode(text.replace('C001', 'C003').replace('欧阳娜娜', '诸葛亮'), 'gbk');
    expect((await importFile('gbk.csv', gbk)).status).toBe('succeeded');
    const people = await employeesByNo();
    expect([people.get('C001')?.name, people.get('C002')?.name, people.get('C003')?.name]).toEqual([
      '欧阳娜娜',
      '欧阳娜娜',
      '诸葛亮',
    ]);
  });

  it('maps other headers through the column-mapping step', async () => {
    const file = Buffer.from('Staff ID,Full name,Team,Boss\nM1,Alice,Sales,\nM2,Bob,Sales,M1\n');
    const job = await importFile('other.csv', file, {
      employeeNo: 'Staff ID',
      name: 'Full name',
      department: 'Team',
      manager: 'Boss',
    });
    expect(job.status).toBe('succeeded');
    const mapping = await upload(app, cookie, 'other.csv', file);
    const incomplete = await app.inject({
      method: 'POST',
      url: `/api/v1/imports/${json<Job>(mapping).id}/validate`,
      headers: { cookie },
      payload: { mapping: { employeeNo: 'Staff ID' } },
    });
    expect(json(incomplete).code).toBe('import.mapping_incomplete');
  });

  describe('malformed files get a clear error and change nothing', () => {
    const cases: [string, string, () => Promise<Buffer>, number, string][] = [
      [
        'a PNG named .xlsx',
        'photo.xlsx',
        async () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
        415,
        'import.unsupported_type',
      ],
      ['a PDF', 'doc.pdf', async () => Buffer.from('%PDF-1.4\n'), 415, 'import.unsupported_type'],
      ['an empty file', 'empty.csv', async () => Buffer.alloc(0), 400, 'import.empty_file'],
      ['headers only', 'head.csv', async () => Buffer.from('工号,姓名,部门\n'), 400, 'import.empty_file'],
      [
        'broken UTF-8',
        'broken.csv',
        async () =>
          Buffer.concat([
            Buffer.from('工号,姓名,部门\nU1,张'),
            Buffer.from([0xe5, 0x28]),
            Buffer.from('三,销售部\n'),
          ]),
        400,
        'import.bad_encoding',
      ],
      [
        'a 100 MB file',
        'huge.csv',
        async () => Buffer.alloc(100 * 1024 * 1024, 0x41),
        413,
        'import.file_too_large',
      ],
    ];
    it.each(cases)('%s', async (_label, name, build, status, code) => {
      const before = await snapshot();
      const r = await upload(app, cookie, name, await build());
      expect(r.statusCode).toBe(status);
      expect(json(r).code).toBe(code);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(await snapshot()).toEqual(before);
    });

    const invalid: [string, string[][], string][] = [
      [
        'duplicate employee numbers',
        [
          ['D1', '甲', '销售部', ''],
          ['D1', '乙', '销售部', ''],
        ],
        'duplicate_number',
      ],
      ['an unknown manager', [['D1', '甲', '销售部', 'ZZZ']], 'unknown_manager'],
      [
        'a manager cycle',
        [
          ['D1', '甲', '销售部', 'D2'],
          ['D2', '乙', '销售部', 'D1'],
        ],
        'manager_cycle',
      ],
      ['formula injection', [['D1', '=HYPERLINK("http://evil.example","点我")', '销售部', '']], 'formula'],
    ];
    it.each(invalid)('%s', async (_label, rows, code) => {
      const before = await snapshot();
      const csv = [
        '工号,姓名,部门,直属上级',
        ...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')),
      ].join('\n');
      const job = await importFile('bad.csv', Buffer.from(csv));
      expect(job.status).toBe('invalid');
      expect(job.errors.map((e) => e.code)).toContain(code);
      expect(await snapshot()).toEqual(before);
    });

    it('a formula cell in an .xlsx', async () => {
      const before = await snapshot();
      const file = await buildXlsx([
        ['工号', '姓名', '部门'],
        ['F1', { formula: 'HYPERLINK("http://evil.example","x")', result: 'x' }, '销售部'],
      ]);
      const job = await importFile('formula.xlsx', file);
      expect(job.errors.map((e) => e.code)).toEqual(['formula']);
      expect(await snapshot()).toEqual(before);
    });
  });

  it('returns the same import for a repeated Idempotency-Key', async () => {
    const file = Buffer.from('工号,姓名,部门\nI1,甲,销售部\n');
    const headers = { 'idempotency-key': `key-${tenant.slug}` };
    const a = json<Job>(await upload(app, cookie, 'a.csv', file, { headers }));
    const b = json<Job>(await upload(app, cookie, 'a.csv', file, { headers }));
    expect(b.id).toBe(a.id);
  });

  it('imports in one call with ?commit=true, or answers 422 with the row errors', async () => {
    const ok = await upload(app, cookie, 'a.csv', Buffer.from('工号,姓名,部门\nK1,甲,销售部\n'), {
      query: '?commit=true',
    });
    expect(ok.statusCode).toBe(202);
    // The answer shows the file as the upload step does: its columns and first rows.
    expect(json<Job & { sample: Record<string, string>[] }>(ok)).toMatchObject({
      status: 'running',
      headers: ['工号', '姓名', '部门'],
      sample: [{ 工号: 'K1', 姓名: '甲', 部门: '销售部' }],
    });
    expect((await waitForImport(app, cookie, json<Job>(ok).id)).status).toBe('succeeded');
    const bad = await upload(app, cookie, 'b.csv', Buffer.from('工号,姓名,部门\nK2,,销售部\n'), {
      query: '?commit=true',
    });
    expect(bad.statusCode).toBe(422);
    expect(json<{ rowErrors: { code: string }[] }>(bad).rowErrors[0]?.code).toBe('required');
  });

  it('imports other headers in one call with a mapping field, and answers 400 to a mapping that is not JSON', async () => {
    const file = Buffer.from('Staff ID,Full name,Unit\nM1,甲一,销售部\nM2,乙二,销售部\n');
    const mapping = JSON.stringify({ employeeNo: 'Staff ID', name: 'Full name', department: 'Unit' });
    const ok = await upload(app, cookie, 'm.csv', file, { query: '?commit=true', fields: { mapping } });
    expect(ok.statusCode, ok.body).toBe(202);
    expect((await waitForImport(app, cookie, json<Job>(ok).id)).status).toBe('succeeded');
    const names = rowsOf<{ employee_no: string; name: string }>(
      await database.db.execute(
        sql`select employee_no, name from employees where tenant_id = ${tenant.tenantId} and employee_no in ('M1', 'M2') order by employee_no`,
      ),
    );
    expect(names).toEqual([
      { employee_no: 'M1', name: '甲一' },
      { employee_no: 'M2', name: '乙二' },
    ]);

    const bad = await upload(app, cookie, 'n.csv', file, {
      query: '?commit=true',
      fields: { mapping: '{employeeNo:' },
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ code: string }>(bad).code).toBe('validation.failed');
  });

  it('is refused to employees', async () => {
    const person = await import('../../../test/helpers.ts').then((h) => h.buildEmployee(tenant));
    const personCookie = await signIn(app, person.login);
    const r = await upload(app, personCookie, 'a.csv', Buffer.from('工号,姓名,部门\nQ1,甲,销售部\n'));
    expect(r.statusCode).toBe(403);
  });
});

describe('employee export', () => {
  it('exports in the template layout and neutralises cells starting with = + - @', async () => {
    await importFile(
      'a.csv',
      Buffer.from('工号,姓名,部门,直属上级\nX1,甲,销售部/华东区,\nX2,乙,销售部,X1\n'),
    );
    await database.db.execute(
      sql`update employees set title = '=1+2', job_level = '@SUM(A1)' where tenant_id = ${tenant.tenantId} and employee_no = 'X1'`,
    );
    const r = await app.inject({ url: '/api/v1/employees/export', headers: { cookie } });
    const rows = await readXlsx(r.rawPayload);
    expect(rows[0]).toEqual(HEADER);
    const x1 = rows.find((row) => row[0] === 'X1')!;
    expect(x1[3]).toBe("'=1+2");
    expect(x1[4]).toBe("'@SUM(A1)");
    expect(x1[5]).toBe('销售部/华东区');
    expect(rows.find((row) => row[0] === 'X2')?.[6]).toBe('X1');
  });

  it('writes a file that imports back unchanged, its header row frozen', async () => {
    await importFile(
      'a.csv',
      Buffer.from(
        '工号,姓名,邮箱,职位,部门,直属上级,入职日期,状态\n' +
          'X1,甲,x1@example.com,销售总监,销售部/华东区,,2023-07-01,在职\n' +
          'X2,乙,,,销售部,X1,,离职\n',
      ),
    );
    const kept = (e: typeof employees.$inferSelect) =>
      [e.name, e.email, e.title, e.departmentId, e.managerId, e.hireDate, e.status].join('|');
    const before = new Map([...(await employeesByNo())].map(([no, e]) => [no, kept(e)]));
    const shape = await snapshot();
    const r = await app.inject({ url: '/api/v1/employees/export', headers: { cookie } });
    expect(r.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const rows = await readXlsx(r.rawPayload);
    expect(
      rows
        .slice(1)
        .map((row) => row[0])
        .sort(),
    ).toEqual([...before.keys()].sort());
    expect(rows.find((row) => row[0] === 'X2')).toEqual(['X2', '乙', '', '', '', '销售部', 'X1', '', '离职']);

    const job = await importFile('员工.xlsx', r.rawPayload);
    expect(job.status, JSON.stringify(job.errors)).toBe('succeeded');
    // Every row writes what is stored: nobody is written, so no version moves.
    expect(job.summary).toEqual({ created: 0, updated: 0, unchanged: before.size, departmentsCreated: 0 });
    expect(await snapshot()).toEqual(shape);
    const after = new Map([...(await employeesByNo())].map(([no, e]) => [no, kept(e)]));
    expect(after).toEqual(before);
  });
});

describe('re-importing a roster', () => {
  it('writes, versions and audits only the people the file changes', async () => {
    const roster = (title: string) =>
      buildXlsx([
        HEADER,
        ['R1', '甲', 'r1@example.com', '总监', 'M3', '销售部', '', '2021-03-01', '在职'],
        ['R2', '乙', '', '经理', 'M1', '销售部', 'R1', '', '在职'],
        ['R3', '丙', '', title, 'P2', '销售部', 'R2', '2024-05-06', '在职'],
      ]);
    const first = await importFile('名册.xlsx', await roster('工程师'));
    expect(first.summary).toEqual({ created: 3, updated: 0, unchanged: 0, departmentsCreated: 1 });
    const versions = async () =>
      new Map(
        [...(await employeesByNo())].filter(([no]) => no.startsWith('R')).map(([no, e]) => [no, e.version]),
      );
    const before = await versions();

    const same = await importFile('名册.xlsx', await roster('工程师'));
    expect(same.summary).toEqual({ created: 0, updated: 0, unchanged: 3, departmentsCreated: 0 });
    expect(await versions()).toEqual(before);

    const listed = json<{ items: { id: string; summary: unknown; createdAt: string }[] }>(
      await app.inject({ url: '/api/v1/imports', headers: { cookie } }),
    ).items.find((j) => j.id === same.id);
    expect(listed?.summary).toEqual(same.summary);
    expect(listed?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const changed = await importFile('名册.xlsx', await roster('高级工程师'));
    expect(changed.summary).toEqual({ created: 0, updated: 1, unchanged: 2, departmentsCreated: 0 });
    const after = await versions();
    expect(after).toEqual(new Map([...before].map(([no, v]) => [no, no === 'R3' ? v + 1 : v])));
    const people = await employeesByNo();
    expect(people.get('R3')).toMatchObject({ title: '高级工程师', managerId: people.get('R2')!.id });

    // The audit log: each import's summary, then only the people it wrote.
    const events = rowsOf<{ action: string; entity_id: string; after: { importId?: string } }>(
      await database.db.execute(sql`
        select action, entity_id, after from audit_events
        where tenant_id = ${tenant.tenantId} and (action like 'employee.%' or action = 'employees.imported')
        order by id`),
    );
    const of = (id: string) => events.filter((e) => e.after?.importId === id || e.entity_id === id);
    expect(of(same.id).map((e) => e.action)).toEqual(['employees.imported']);
    expect(of(changed.id).map((e) => [e.action, e.entity_id])).toEqual([
      ['employees.imported', changed.id],
      ['employee.updated', people.get('R3')!.id],
    ]);
  });
});

const IBM_CSV = path.join(REPO_ROOT, '..', 'shared', 'datasets', 'ibm-hr-attrition.csv');

describe('the IBM HR attrition dataset', () => {
  it.runIf(existsSync(IBM_CSV) || process.env.CI === 'true')(
    'imports through the column-mapping path: 1,470 employees in 3 departments',
    async () => {
      const prepared = Buffer.from(prepareIbmDataset(readFileSync(IBM_CSV, 'utf8')));
      const job = await importFile('ibm.csv', prepared, {
        employeeNo: 'EmployeeNumber',
        name: 'Name',
        department: 'Department',
        title: 'JobRole',
        jobLevel: 'JobLevel',
        manager: 'ManagerNumber',
        hireDate: 'HireDate',
      });
      expect(job.status).toBe('succeeded');
      expect(job.summary).toEqual({ created: 1470, updated: 0, unchanged: 0, departmentsCreated: 3 });
      const counts = rowsOf<{ name: string; n: number }>(
        await database.db.execute(sql`
          select d.name, count(*)::int as n from employees e join departments d on d.id = e.department_id
          where e.tenant_id = ${tenant.tenantId} and e.employee_no <> 'ADMIN' group by d.name order by d.name`),
      );
      expect(counts).toEqual([
        { name: 'Human Resources', n: 63 },
        { name: 'Research & Development', n: 961 },
        { name: 'Sales', n: 446 },
      ]);
      const heads = rowsOf<{ n: number }>(
        await database.db.execute(
          sql`select count(*)::int as n from employees where tenant_id = ${tenant.tenantId} and manager_id is null and employee_no <> 'ADMIN'`,
        ),
      );
      expect(heads[0]?.n).toBe(3);
    },
    60_000,
  );
});
