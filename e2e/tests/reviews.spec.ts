import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import { resetPassword, signIn } from './helpers';

async function as(browser: Browser, login: string, password?: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, login, password);
  return page;
}

/*
 * Issue 27's journey on the demo company. The round names one person, 王伟 of 华东一组 (张三's
 * team): its completion reaches 100% with the five reviews the journey writes (self, manager, three
 * peers), where every further person named would add a self and a manager review to write first.
 * 王伟 has no goal in the current quarter (no other journey gives him one), so his score does not
 * depend on which journeys ran before.
 */
const ROUND = '2026年第四季度 终期评估 · 华东一组';
/** 华东一组, 张三's team: 王伟 is reviewed by 李四 and two more colleagues. */
const WANGWEI = { name: '王伟', no: 'E0015', login: 'e0015@example.com' };
const LIFANG = { name: '李芳', no: 'E0016', login: 'e0016@example.com' };
const ZHANGNA = { name: '张娜', no: 'E0017', login: 'e0017@example.com' };

/** Ratings by item name of the default template (能力: 专业能力 34, 协作 33, 学习与改进 33; 态度: 责任心, 主动性 50/50). */
type Ratings = Record<string, number>;
const ALL_4: Ratings = { 专业能力: 4, 协作: 4, 学习与改进: 4, 责任心: 4, 主动性: 4 };

/**
 * Picks a person in a select that searches the server. The list can move under the pointer while
 * it settles (it flips above the field, follows the dialog's scroll), and the click is then lost
 * without choosing anyone: it is tried again until the choice shows.
 */
async function pick(page: Page, field: Locator, search: string, option: string, chosen: Locator) {
  await expect(async () => {
    await field.fill(search);
    await page.getByTitle(option, { exact: true }).click({ timeout: 5_000 });
    await expect(chosen).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

/**
 * Opens one review of the round from 绩效评估 (its link names the action, the ratee and the kind),
 * chooses the ratings, writes the comments (a top or bottom rating asks for its 说明) and submits
 * it through the confirmation.
 */
async function writeReview(
  page: Page,
  link: string,
  ratings: Ratings,
  comments: Record<string, string> = {},
) {
  await page.getByRole('menu').getByRole('link', { name: '绩效评估', exact: true }).click();
  await page.getByRole('listitem').filter({ hasText: ROUND }).getByRole('link', { name: link }).click();
  for (const [item, rating] of Object.entries(ratings))
    await page
      .getByRole('radiogroup', { name: item, exact: true })
      .getByRole('radio', { name: new RegExp(`^${rating} · `) })
      .check();
  for (const [label, text] of Object.entries(comments)) {
    if (label.startsWith('说明：'))
      await expect(page.getByLabel(label)).toHaveAttribute('placeholder', '请写明给出此评分的具体事例');
    await page.getByLabel(label).fill(text);
  }
  await page.getByRole('button', { name: '提交评估' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '提交评估' }).click();
  await expect(page.getByText(/^已提交（.+），不能再修改$/)).toBeVisible();
}

test('HR launches a final round; the employee nominates peers, the manager approves; self, peer and manager reviews are submitted; HR sees the score, the employee does not', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const hr = await as(browser, 'hr@example.com');
  // The demo signs in as three people: HR gives 王伟 and two of his colleagues a password.
  const passwords = {
    wangwei: await resetPassword(hr, WANGWEI.no),
    lifang: await resetPassword(hr, LIFANG.no),
    zhangna: await resetPassword(hr, ZHANGNA.no),
  };

  // HR creates a final round of the current quarter with the default template for 王伟, named.
  await hr.getByRole('menu').getByRole('link', { name: '评估活动' }).click();
  await expect(hr.getByRole('heading', { name: '评估活动' })).toBeVisible();
  await hr.getByRole('button', { name: '新建评估活动' }).click();
  const form = hr.getByRole('dialog', { name: '新建评估活动' });
  await expect(form.getByLabel('名称')).toHaveValue('2026年第四季度 终期评估');
  await expect(form.getByRole('radio', { name: '终期评估' })).toBeChecked();
  await form.getByLabel('名称').fill(ROUND);
  await form.getByLabel('评估模板').click();
  await hr.getByTitle('默认绩效评估模板').click();
  // The choice shows as a tag in the field (the list is outside the dialog).
  const option = `${WANGWEI.name} (${WANGWEI.no})`;
  await pick(hr, form.getByLabel('指定人员'), WANGWEI.name, option, form.getByTitle(option, { exact: true }));
  await form.getByRole('button', { name: '保存' }).click();
  await expect(hr.getByTestId('review-cycle-name')).toHaveText(ROUND);
  await expect(hr.getByText('人群 1 · 指定 1 人 · 模板：默认绩效评估模板')).toBeVisible();
  await hr.getByRole('button', { name: '发起评估' }).click();
  await hr.getByRole('dialog').getByRole('button', { name: '确定' }).click();
  // His self review and his manager's (张三); peers come with the nomination.
  await expect(hr.getByText('已发起：1 名参评人，2 份评估')).toBeVisible();
  const overall = hr.getByTestId('review-progress-overall');
  await expect(overall).toContainText('已提交 0 / 2 份');
  const roundPath = new URL(hr.url()).pathname;

  // 王伟 nominates three colleagues through the round's own colleague search.
  const wangwei = await as(browser, WANGWEI.login, passwords.wangwei);
  await wangwei.getByRole('menu').getByRole('link', { name: '绩效评估', exact: true }).click();
  await wangwei.getByRole('button', { name: '提名评估人' }).click();
  await expect(wangwei.getByRole('heading', { name: '提名评估人' })).toBeVisible();
  const nomination = wangwei.getByRole('main');
  for (const [name, no] of [
    ['李四', 'E0004'],
    [LIFANG.name, LIFANG.no],
    [ZHANGNA.name, ZHANGNA.no],
  ] as const)
    await pick(
      wangwei,
      nomination.getByLabel('同事', { exact: true }),
      name,
      `${name} (${no}) · 华东一组`,
      nomination.getByText(`${name} · 华东一组`),
    );
  await expect(wangwei.getByText('已选 3 人，要求 3–5 人')).toBeVisible();
  await wangwei.getByRole('button', { name: '提交提名' }).click();
  await expect(wangwei.getByText('提名已提交，等待上级确认')).toBeVisible();

  // 张三, his manager, approves the list as proposed.
  const zhangsan = await as(browser, 'zhangsan@example.com');
  await zhangsan.getByRole('menu').getByRole('link', { name: '绩效评估', exact: true }).click();
  await zhangsan.getByRole('link', { name: '查看并确认 王伟 的提名' }).click();
  await expect(zhangsan.getByRole('heading', { name: '王伟 的评估人提名' })).toBeVisible();
  await expect(zhangsan.getByText('张娜 · 华东一组')).toHaveCount(2); // proposed, and the list to approve
  await zhangsan.getByRole('button', { name: '确认名单' }).click();
  await expect(zhangsan.getByText('名单已确认，评估人已收到评估任务')).toBeVisible();

  // 王伟's self review: the top rating asks for a comment.
  await writeReview(
    wangwei,
    '开始填写：王伟 的自评',
    { ...ALL_4, 协作: 5 },
    { '说明：协作': '十月牵头与华东二组共享客户资源，两周内促成三家客户签约' },
  );

  // The three peers…
  for (const [login, password] of [
    ['lisi@example.com', undefined],
    [LIFANG.login, passwords.lifang],
    [ZHANGNA.login, passwords.zhangna],
  ] as const)
    await writeReview(await as(browser, login, password), '开始填写：王伟 的同事评估', ALL_4);
  // …and 张三, with his 评语.
  await writeReview(
    zhangsan,
    '开始填写：王伟 的上级评估',
    { ...ALL_4, 学习与改进: 3 },
    {
      优势与亮点: '客户资源共享主动，十月促成三家新客户签约',
      待改进之处: '复盘后的改进计划落实偏慢，需要按周跟进',
    },
  );

  // HR sees the round complete…
  await hr.goto(roundPath);
  await expect(overall).toContainText('100.0%');
  await expect(overall).toContainText('已提交 5 / 5 份');
  await hr.getByRole('tab', { name: '参评人员' }).click();
  await expect(hr.getByTestId('participants-table').getByRole('row', { name: /王伟/ })).toContainText('5/5');
  await hr.getByRole('link', { name: '王伟' }).click();

  // …and 王伟's score with where every point came from. He has no goal in the quarter, so 业绩
  // is left out and 能力 and 态度 share 30:10. 能力 (items 34/33/33): 张三 34×80 + 33×80 + 33×60
  // = 73.40, each peer 80, 王伟 34×80 + 33×100 + 33×80 = 86.60; rater types 60/20/10 →
  // (6 × 73.4 + 2 × 80 + 86.6) / 9 = 76.333…; 态度 80 from everyone.
  // Final: 0.75 × 76.333… + 0.25 × 80 = 77.25.
  await expect(hr.getByTestId('participant-name')).toHaveText('王伟');
  await expect(hr.getByTestId('final-score')).toContainText('77.25');
  const breakdown = hr.getByTestId('score-breakdown');
  const dimension = (name: string) =>
    breakdown.getByRole('row').filter({ has: hr.getByRole('cell', { name, exact: true }) });
  await expect(dimension('业绩')).toContainText('目标达成率60%—');
  await expect(dimension('能力')).toContainText('评分30%76.3375.00%57.25');
  await expect(dimension('态度')).toContainText('评分10%80.0025.00%20.00');
  await dimension('能力').getByRole('button').click();
  // HR sees each rater type's part: 3 peers, none of them named.
  await expect(breakdown.getByRole('row', { name: '上级 60% 66.67% 73.40 1', exact: true })).toBeVisible();
  await expect(breakdown.getByRole('row', { name: '同事 20% 22.22% 80.00 3', exact: true })).toBeVisible();
  await expect(breakdown.getByRole('row', { name: '自评 10% 11.11% 86.60 1', exact: true })).toBeVisible();
  for (const peer of ['李四', LIFANG.name, ZHANGNA.name])
    await expect(hr.getByRole('main')).not.toContainText(peer);
  const resultPath = new URL(hr.url()).pathname;

  // 王伟 sees no score: his own review as submitted, and his result is not his to open.
  await wangwei.getByRole('menu').getByRole('link', { name: '绩效评估', exact: true }).click();
  const mine = wangwei.getByRole('listitem').filter({ hasText: ROUND });
  await expect(mine).toHaveCount(1);
  await expect(mine.getByRole('link', { name: '查看：王伟 的自评' })).toBeVisible();
  await expect(wangwei.getByRole('main')).not.toContainText('得分');
  await wangwei.goto(resultPath);
  await expect(wangwei.getByText('没有权限')).toBeVisible();
  const api = await wangwei.request.get(`/api/v1${resultPath.replace('/people/', '/participants/')}`);
  expect(api.status()).toBe(403);
});
