import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildSalesTeam } from '../../test/goals.ts';
import { buildTenant, getTestApp, signIn } from '../../test/helpers.ts';

const { app, database } = await getTestApp();

/** Every cell of the first sheet, read back by ExcelJS as a user's spreadsheet program would open it. */
async function cellsOf(body: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.worksheets[0]!.eachRow((row) => {
    row.eachCell((cell) => void cells.push(String(cell.value)));
  });
  return cells;
}

// U+FFFF and U+FFFE, C0 controls but tab/LF/CR: text PostgreSQL stores but XML 1.0 forbids.
const HOSTILE = 'Sales\uffffLead\ufffe\u0001\u001f\u000b end';
const SAFE = 'Sales\ufffdLead\ufffd\ufffd\ufffd\ufffd end';

describe('exports', () => {
  it('writes an employee workbook that opens when a title holds characters XML forbids', async () => {
    const tenant = await buildTenant(database);
    const hr = await signIn(app, tenant.admin.login);
    const create = await app.inject({
      method: 'POST',
      url: '/api/v1/employees',
      headers: { cookie: hr },
      payload: { employeeNo: 'X1', name: '张三', title: HOSTILE, departmentId: tenant.rootId },
    });
    expect(create.statusCode, create.body).toBe(201);
    const exported = await app.inject({ url: '/api/v1/employees/export', headers: { cookie: hr } });
    expect(exported.statusCode).toBe(200);
    const cells = await cellsOf(exported.rawPayload);
    // Each forbidden character is replaced by U+FFFD; the rest of the title is kept.
    expect(cells).toContain(SAFE);
  });

  it('writes a follow-up workbook that opens when a topic holds characters XML forbids', async () => {
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const asManager = await signIn(app, team.manager.login);
    const create = await app.inject({
      method: 'POST',
      url: '/api/v1/follow-ups',
      headers: { cookie: asManager },
      payload: {
        date: '2026-08-03',
        employeeId: team.zhangsan.id,
        topic: HOSTILE,
        summary: '摘要',
        action: '措施',
        responsibleId: team.zhangsan.id,
      },
    });
    expect(create.statusCode, create.body).toBe(201);
    const exported = await app.inject({ url: '/api/v1/follow-ups/export', headers: { cookie: asManager } });
    expect(exported.statusCode).toBe(200);
    const cells = await cellsOf(exported.rawPayload);
    expect(cells).toContain(SAFE);
  });
});
