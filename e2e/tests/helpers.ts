import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';

/** The demo logins the server printed on its first start (kept in its data directory). */
export function demoLogin(login: string): { login: string; password: string } {
  const file = path.join(process.env.PERFLOOP_E2E_DATA_DIR!, 'demo-logins.txt');
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`login: ${login} `));
  const password = /password: (\S+)/.exec(line ?? '')?.[1];
  if (!password) throw new Error(`no demo login ${login} in ${file}`);
  return { login, password };
}

/** Signs in with a demo login, or with the password HR gave someone (see `resetPassword`). */
export async function signIn(page: Page, login: string, password = demoLogin(login).password) {
  await page.goto('/login');
  await page.getByLabel('邮箱或工号').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

/**
 * HR gives someone a new password and returns it, as 重置密码 on their profile does: the demo
 * company has logins for three people only.
 */
export async function resetPassword(hr: Page, employeeNo: string): Promise<string> {
  const found = await hr.request.get('/api/v1/employees', { params: { q: employeeNo } });
  expect(found.ok()).toBe(true);
  const { items } = (await found.json()) as { items: { id: string; employeeNo: string }[] };
  const employee = items.find((e) => e.employeeNo === employeeNo);
  if (!employee) throw new Error(`no employee ${employeeNo}`);
  const reset = await hr.request.post(`/api/v1/employees/${employee.id}/password-reset`);
  expect(reset.ok()).toBe(true);
  return ((await reset.json()) as { password: string }).password;
}

export async function xlsxFile(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('员工');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
