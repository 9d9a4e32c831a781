import { readFileSync } from 'node:fs';
import { type Browser, expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { signIn } from './helpers';

async function as(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, login);
  return page;
}

const ACTION = '每周拜访 5 家重点客户，周五复盘签约进展';

test('a manager sees an alert on the team dashboard, holds a GROW 1:1, and its action item is a follow-up record in the list and its export', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const zhangsan = await as(browser, 'zhangsan@example.com');

  // The demo's Q3 snapshots left 李四 behind pace; 张三 sees it on his team dashboard.
  await zhangsan.getByRole('menu').getByRole('link', { name: '团队看板' }).click();
  // (Home has a cycle picker too: wait for this page's before choosing Q3.)
  await expect(zhangsan.getByRole('heading', { name: '团队看板' })).toBeVisible();
  await zhangsan.getByTestId('cycle-select').click();
  await zhangsan.locator('.ant-select-item-option', { hasText: '2026年第三季度' }).click();
  const alerts = zhangsan.getByTestId('team-alerts');
  await expect(alerts.getByRole('row', { name: /李四/ })).toContainText('进度落后');
  await expect(alerts).toContainText('拓展华东一组新客户');
  const row = zhangsan.getByTestId('team-dashboard-table').getByRole('row', { name: /李四/ });
  await expect(row).toBeVisible();
  await expect(zhangsan.getByRole('img', { name: '成员完成度与应达进度' })).toBeVisible();

  // He schedules a 1:1 with her from her row and lands on the meeting.
  await row.getByRole('button', { name: '安排一对一' }).click();
  await expect(zhangsan.getByRole('dialog')).toContainText('李四');
  await zhangsan.locator('#one-on-one-save').click();
  await expect(zhangsan.getByRole('heading', { name: '一对一面谈：张三 与 李四' })).toBeVisible();

  // GROW notes, saved and still there after a reload.
  await zhangsan.getByTestId('grow-goal').fill('九月底前把签约拉回计划');
  await zhangsan.getByTestId('grow-reality').fill('签约 5/8 家，拜访 47/60 次，节奏约 76%');
  await zhangsan.getByTestId('grow-options').fill('聚焦老客户转介绍；张三陪访两家重点客户');
  await zhangsan.getByTestId('grow-will').fill('每周拜访 5 家并周五复盘');
  await zhangsan.getByTestId('save-notes').click();
  await expect(zhangsan.getByText('面谈记录已保存')).toBeVisible();
  await zhangsan.reload();
  await expect(zhangsan.getByTestId('grow-reality')).toHaveValue('签约 5/8 家，拜访 47/60 次，节奏约 76%');

  // An action item, owned by 李四 (the default), due mid-December.
  await zhangsan.getByTestId('action-text').fill(ACTION);
  await zhangsan.getByPlaceholder('完成时限').click();
  // Enter picks the typed date and submits the row, as a keyboard user would.
  await zhangsan.getByPlaceholder('完成时限').fill('2026-12-15');
  await zhangsan.getByPlaceholder('完成时限').press('Enter');
  await expect(zhangsan.getByText('行动项已添加，并记入跟进记录')).toBeVisible();
  await expect(zhangsan.getByTestId('action-items').getByRole('row', { name: /每周拜访/ })).toHaveCount(1);
  await expect(zhangsan.getByTestId('action-items')).toContainText('2026-12-15');

  // It is a follow-up record about 李四, from the 1:1.
  await zhangsan.getByRole('menu').getByRole('link', { name: '跟进记录' }).click();
  const record = zhangsan
    .getByTestId('follow-ups-table')
    .getByRole('row', { name: new RegExp(ACTION.slice(0, 10)) });
  await expect(record).toContainText('来自一对一面谈');
  await expect(record).toContainText('李四');
  await expect(record).toContainText('2026-12-15');

  // …and in the .xlsx export, in the seed's columns.
  const [download] = await Promise.all([
    zhangsan.waitForEvent('download'),
    zhangsan.getByTestId('follow-ups-export').click(),
  ]);
  expect(download.suggestedFilename()).toBe('绩效跟进记录表.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
  expect(rows[0]!.slice(1)).toEqual([
    '日期',
    '员工姓名',
    '跟进事项',
    '摘要',
    '改进措施',
    '责任人',
    '完成时限',
  ]);
  const exported = rows.find((r) => r[5] === ACTION);
  expect(exported?.[2]).toBe('李四');
  expect(exported?.[6]).toBe('李四');
  expect(exported?.[7]).toBe('2026-12-15');

  // 李四 is told: the bell counts her unread notifications, and the follow-up is in her inbox.
  const lisi = await as(browser, 'lisi@example.com');
  await expect(lisi.getByTestId('notification-bell')).toContainText(/\d/);
  await lisi.getByTestId('notification-bell').click();
  await expect(lisi.getByTestId('inbox')).toContainText(ACTION.slice(0, 10));
});

test('HR: the seed gap analysis becomes a follow-up, a department dashboard, thresholds, robots and a back-filled snapshot', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const hr = await as(browser, 'hr@example.com');
  const menu = hr.getByRole('menu');

  // 绩效改进分析表 as in the seed: 客户投诉处理率 target 95%, actual 88% → gap −7 (−7.4%).
  await menu.getByRole('link', { name: '改进分析' }).click();
  await expect(hr.getByText('还没有改进分析')).toBeVisible();
  await hr.getByRole('button', { name: '新建改进分析' }).click();
  const drawer = hr.locator('.ant-drawer');
  await drawer.getByLabel('员工').click();
  await hr.keyboard.type('李四');
  await hr.locator('.ant-select-item-option', { hasText: '李四 (E0004)' }).click();
  await drawer.getByLabel('标题').fill('第三季度客户服务改进');
  await drawer.getByLabel('绩效维度').fill('客户投诉处理率');
  await drawer.getByLabel('目标值').fill('95');
  await drawer.getByLabel('实际值').fill('88');
  await expect(drawer).toContainText('-7% (-7.4%)');
  await drawer.getByLabel('原因分析').fill('客服人手不足\n回访流程缺失');
  await drawer.getByLabel('改进措施').fill('增加两名客服并设置 24 小时回访');
  await drawer.getByRole('button', { name: '保存' }).click();
  const card = hr.locator('.ant-card', { hasText: '第三季度客户服务改进' });
  await expect(card).toContainText('回访流程缺失');
  await card.getByRole('button', { name: '转为跟进记录' }).click();
  await hr
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await expect(card).toContainText('已转为跟进记录');
  await menu.getByRole('link', { name: '跟进记录' }).click();
  await expect(hr.getByTestId('follow-ups-table')).toContainText('来自改进分析');

  // The department dashboard of the whole company for Q3: distribution, chart, goals at risk.
  await menu.getByRole('link', { name: '部门看板' }).click();
  await expect(hr.getByRole('heading', { name: '部门看板' })).toBeVisible();
  await hr.getByTestId('cycle-select').click();
  await hr.locator('.ant-select-item-option', { hasText: '2026年第三季度' }).click();
  await expect(hr.getByRole('img', { name: '完成度分布' })).toBeVisible();
  // 李四 at 68.8% and 张三 at 86%: one person in each of the two top-but-one buckets.
  const distribution = hr.getByTestId('distribution-table');
  await expect(distribution.getByRole('row', { name: /60-80%/ })).toContainText('50.0%');
  await expect(distribution.getByRole('row', { name: /80-100%/ })).toContainText('50.0%');
  await expect(hr.locator('.ant-card', { hasText: '风险目标' }).last()).toContainText('李四');

  // Thresholds: 21 days without a check-in; kept after a reload.
  await menu.getByRole('link', { name: '公司设置' }).click();
  await hr.getByLabel('未更新天数').fill('21');
  await hr.getByRole('button', { name: '保存' }).click();
  await expect(hr.getByText('已保存')).toBeVisible();
  await hr.reload();
  await expect(hr.getByLabel('未更新天数')).toHaveValue('21');

  // A Feishu robot with its signing secret: the URL comes back masked, the secret never.
  await menu.getByRole('link', { name: '通知渠道' }).click();
  await hr.getByRole('button', { name: '添加机器人' }).click();
  await hr.getByLabel('名称').fill('华东销售群');
  await hr
    .getByLabel('Webhook 地址')
    .fill('https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef0123');
  await hr.getByLabel('签名密钥').fill('feishu-secret');
  await hr.getByRole('button', { name: '保存' }).click();
  await expect(hr.getByText('已保存')).toBeVisible();
  await hr.reload();
  await expect(hr.getByLabel('Webhook 地址')).toHaveValue(/…$/);
  await expect(hr.getByLabel('签名密钥')).toHaveAttribute('placeholder', '已设置，留空则不变');

  // Back-fill a snapshot for a date the schedule did not run; a second run reports the first.
  await menu.getByRole('link', { name: '周快照' }).click();
  for (const expected of ['2026-09-09 的快照已完成', '2026-09-09 的快照已经运行过']) {
    await hr.getByTestId('snapshot-date').click();
    await hr.getByTestId('snapshot-date').fill('2026-09-09');
    await hr.getByTestId('snapshot-date').press('Enter');
    await expect(hr.getByText(expected, { exact: false })).toHaveCount(1);
  }

  // The same pages in English.
  await hr.getByText('English', { exact: true }).click();
  await menu.getByRole('link', { name: 'Alerts' }).click();
  await expect(hr.getByRole('heading', { name: 'Alerts' })).toBeVisible();
});
