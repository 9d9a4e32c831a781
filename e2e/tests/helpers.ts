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

export async function signIn(page: Page, login: string) {
  const account = demoLogin(login);
  await page.goto('/login');
  await page.getByLabel('邮箱或工号').fill(account.login);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

export async function xlsxFile(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('员工');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
