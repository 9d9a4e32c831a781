import { expect, test } from '@playwright/test';
import { signIn, xlsxFile } from './helpers';

const HEADER = ['工号', '姓名', '邮箱', '职位', '职级', '部门', '直属上级', '入职日期', '状态'];
// Good in both files; only the second row's manager is fixed between them.
const LIN = [
  'N9001',
  '林晓峰',
  'linxf@example.com',
  '数据分析师',
  'P4',
  '销售部/数据组',
  'E0003',
  '2025-05-06',
  '在职',
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('HR admin imports employees, fixes a bad row, finds the new employee, switches language', async ({
  page,
}) => {
  await signIn(page, 'hr@example.com');
  await page.getByRole('menu').getByRole('link', { name: '导入员工' }).click();

  // A file with one bad row: its manager does not exist.
  const bad = await xlsxFile([
    HEADER,
    LIN,
    [
      'N9002',
      '周雨桐',
      'zhouyt@example.com',
      '数据分析师',
      'P3',
      '销售部/数据组',
      'E9999',
      '2025-06-01',
      '在职',
    ],
  ]);
  await page.locator('input[type=file]').setInputFiles({ name: '新员工.xlsx', mimeType: XLSX, buffer: bad });
  await expect(page.getByText('新员工.xlsx：2 行数据')).toBeVisible();
  await page.getByRole('button', { name: '校验' }).click();
  await expect(page.getByText('发现 1 处错误')).toBeVisible();
  const errorRow = page.getByRole('row', { name: /3\s+直属上级/ });
  await expect(errorRow).toContainText('E9999');

  // Fix the row and import again.
  await page.getByRole('button', { name: '上传修正后的文件' }).click();
  const fixed = await xlsxFile([
    HEADER,
    LIN,
    [
      'N9002',
      '周雨桐',
      'zhouyt@example.com',
      '数据分析师',
      'P3',
      '销售部/数据组',
      'N9001',
      '2025-06-01',
      '在职',
    ],
  ]);
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: '新员工-修正.xlsx', mimeType: XLSX, buffer: fixed });
  await page.getByRole('button', { name: '校验' }).click();
  await expect(page.getByText('全部 2 行校验通过')).toBeVisible();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('新增员工')).toBeVisible();
  await page.getByRole('button', { name: '开始导入' }).click();
  await expect(page.getByText('导入完成')).toBeVisible();
  await expect(page.getByText('新增 2 人，更新 0 人，0 人无变化，新建 1 个部门')).toBeVisible();

  // The new employee is in the tree, under the new department.
  await page.getByRole('button', { name: '查看员工' }).click();
  const tree = page.getByRole('tree');
  const sales = tree.locator('.ant-tree-treenode', { hasText: /^销售部/ });
  await sales.locator('.ant-tree-switcher').click();
  await expect(sales.locator('.ant-tree-switcher_open')).toHaveCount(1);
  // While a level opens, its nodes are stand-ins that are swapped out when the motion ends: a
  // click then can press one node and release another and select nothing (the likeliest cause of a
  // CI run where the department's people never showed).
  await expect(tree.locator('.ant-tree-treenode-motion')).toHaveCount(0);
  await tree.getByText(/^数据组/).click();
  await expect(tree.locator('.ant-tree-treenode-selected')).toHaveText(/^数据组/);
  await expect(page.getByRole('cell', { name: '周雨桐' })).toBeVisible();
  await expect(page.getByRole('row', { name: /周雨桐/ })).toContainText('林晓峰');

  // Switch to English.
  await page.getByText('English', { exact: true }).first().click();
  await expect(page.getByRole('link', { name: 'Organisation' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New employee' })).toBeVisible();
  await page.getByText('中文', { exact: true }).first().click();
});

test('an employee is refused the HR pages', async ({ page }) => {
  await signIn(page, 'lisi@example.com');
  await expect(page.getByRole('link', { name: '导入员工' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '审计日志' })).toHaveCount(0);
  for (const url of ['/org/import', '/audit', '/admin/api-tokens', '/admin/settings', '/org']) {
    await page.goto(url);
    await expect(page.getByText('没有权限')).toBeVisible();
  }
  const response = await page.request.get('/api/v1/audit-events');
  expect(response.status()).toBe(403);
});
