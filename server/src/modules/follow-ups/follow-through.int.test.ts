import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSalesTeam } from '../../../test/goals.ts';
import { buildTenant, getTestApp, json, setTestClock, signIn } from '../../../test/helpers.ts';

let app: FastifyInstance;
beforeAll(async () => {
  ({ app } = await getTestApp());
});
afterEach(() => setTestClock(null));

async function team() {
  const tenant = await buildTenant((await getTestApp()).database);
  const t = await buildSalesTeam(tenant);
  return {
    ...t,
    hr: await signIn(app, tenant.admin.login),
    asManager: await signIn(app, t.manager.login),
    asZhangsan: await signIn(app, t.zhangsan.login),
    asPeer: await signIn(app, t.peer.login),
    asOutsider: await signIn(app, t.outsider.login),
  };
}

type FollowUpJson = {
  id: string;
  status: string;
  version: number;
  topic: string;
  source: string;
  responsibleName: string;
};

describe('follow-up records (绩效跟进记录表)', () => {
  it('records, derives overdue, filters, and is seen only by the people involved', async () => {
    const t = await team();
    setTestClock('2026-08-10');
    const create = await app.inject({
      method: 'POST',
      url: '/api/v1/follow-ups',
      headers: { cookie: t.asManager },
      payload: {
        date: '2026-08-03',
        employeeId: t.zhangsan.id,
        topic: '华东区新客户签约进度',
        summary: '签约量落后于计划',
        action: '每周拜访 5 家重点客户',
        responsibleId: t.zhangsan.id,
        dueDate: '2026-08-07',
      },
    });
    expect(create.statusCode, create.body).toBe(201);
    const created = json<FollowUpJson>(create);
    expect(created.status).toBe('overdue');
    const mine = json<{ items: FollowUpJson[] }>(
      await app.inject({
        method: 'GET',
        url: '/api/v1/follow-ups?view=mine&status=overdue',
        headers: { cookie: t.asZhangsan },
      }),
    );
    expect(mine.items.map((f) => f.id)).toEqual([created.id]);
    const open = json<{ items: FollowUpJson[] }>(
      await app.inject({
        method: 'GET',
        url: '/api/v1/follow-ups?status=open',
        headers: { cookie: t.asManager },
      }),
    );
    expect(open.items).toHaveLength(0);
    for (const cookie of [t.asPeer, t.asOutsider]) {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/follow-ups/${created.id}`,
        headers: { cookie },
      });
      expect(r.statusCode).toBe(404);
    }
    // The responsible person is told.
    const inbox = json<{ items: { event: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { cookie: t.asZhangsan } }),
    );
    expect(inbox.items.map((n) => n.event)).toContain('follow_up.assigned');

    // Done, with If-Match; a stale version is refused.
    const noMatch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/follow-ups/${created.id}`,
      headers: { cookie: t.asZhangsan },
      payload: { status: 'done' },
    });
    expect(noMatch.statusCode).toBe(428);
    const done = await app.inject({
      method: 'PATCH',
      url: `/api/v1/follow-ups/${created.id}`,
      headers: { cookie: t.asZhangsan, 'if-match': `"${created.version}"` },
      payload: { status: 'done' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(json<FollowUpJson>(done).status).toBe('done');
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/v1/follow-ups/${created.id}`,
      headers: { cookie: t.asManager, 'if-match': `"${created.version}"` },
      payload: { topic: '改名' },
    });
    expect(stale.statusCode).toBe(412);
    // The peer may not change it even knowing the id.
    const peer = await app.inject({
      method: 'PATCH',
      url: `/api/v1/follow-ups/${created.id}`,
      headers: { cookie: t.asPeer, 'if-match': '"2"' },
      payload: { topic: '改名' },
    });
    expect(peer.statusCode).toBe(404);
  });

  it('names the field and the reason for bad input', async () => {
    const t = await team();
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/follow-ups',
      headers: { cookie: t.asManager, 'accept-language': 'zh-CN' },
      payload: { date: '2026-13-01', employeeId: t.zhangsan.id, topic: '', responsibleId: t.zhangsan.id },
    });
    expect(r.statusCode).toBe(400);
    expect(
      json<{ errors: { path: string }[] }>(r)
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['body.date', 'body.topic']);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/follow-ups',
      headers: { cookie: t.asManager },
      payload: {
        date: '2026-08-01',
        employeeId: t.outsider.id,
        topic: '不在我团队',
        responsibleId: t.manager.id,
      },
    });
    expect(unknown.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(unknown).errors[0]!.path).toBe('body.employeeId');
  });

  it('refuses dates no database holds (year 0) or before 1900, on create and update', async () => {
    const t = await team();
    const valid = {
      date: '2026-08-03',
      employeeId: t.zhangsan.id,
      topic: '进度',
      responsibleId: t.zhangsan.id,
    };
    const codes = (r: Parameters<typeof json>[0]) =>
      json<{ errors: { path: string; code: string }[] }>(r).errors.map((e) => `${e.path} ${e.code}`);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/follow-ups',
      headers: { cookie: t.asManager },
      payload: { ...valid, date: '0000-01-01', dueDate: '1899-12-31' },
    });
    expect(created.statusCode, created.body).toBe(400);
    expect(codes(created).sort()).toEqual(['body.date date_out_of_range', 'body.dueDate date_out_of_range']);
    const saved = json<FollowUpJson>(
      await app.inject({
        method: 'POST',
        url: '/api/v1/follow-ups',
        headers: { cookie: t.asManager },
        payload: valid,
      }),
    );
    const updated = await app.inject({
      method: 'PATCH',
      url: `/api/v1/follow-ups/${saved.id}`,
      headers: { cookie: t.asManager, 'if-match': `"${saved.version}"` },
      payload: { dueDate: '0000-01-01' },
    });
    expect(updated.statusCode, updated.body).toBe(400);
    expect(codes(updated)).toEqual(['body.dueDate date_out_of_range']);
  });

  it('exports exactly the seed columns to .xlsx', async () => {
    const t = await team();
    for (const topic of ['跟进一', '跟进二']) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/follow-ups',
        headers: { cookie: t.asManager },
        payload: {
          date: '2026-08-01',
          employeeId: t.zhangsan.id,
          topic,
          responsibleId: t.manager.id,
          dueDate: '2026-08-15',
        },
      });
      expect(r.statusCode).toBe(201);
    }
    const file = await app.inject({
      method: 'GET',
      url: '/api/v1/follow-ups/export?locale=zh-CN',
      headers: { cookie: t.asManager },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('绩效跟进记录表');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '日期',
      '员工姓名',
      '跟进事项',
      '摘要',
      '改进措施',
      '责任人',
      '完成时限',
    ]);
    expect(sheet.rowCount).toBe(3);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['2026-08-01', '张三', '跟进一']);
  });
});

describe('1:1 meetings', () => {
  it('schedules a weekly series with a calendar file, GROW notes, private notes and action items', async () => {
    const t = await team();
    setTestClock('2026-08-10');
    const create = await app.inject({
      method: 'POST',
      url: '/api/v1/one-on-ones',
      headers: { cookie: t.asManager },
      payload: {
        employeeId: t.zhangsan.id,
        startsAt: '2026-08-11T10:00:00+08:00',
        agenda: ['回顾华东区进度', '讨论客户拜访计划'],
        recurrence: 'weekly',
        occurrences: 3,
        location: '3楼小会议室',
      },
    });
    expect(create.statusCode, create.body).toBe(201);
    const meeting = json<{
      id: string;
      seriesId: string;
      occurrences: number;
      version: number;
      startsAt: string;
    }>(create);
    expect(meeting.occurrences).toBe(3);
    expect(meeting.startsAt).toBe('2026-08-11T02:00:00.000Z');
    const upcoming = json<{ items: { startsAt: string }[] }>(
      await app.inject({
        method: 'GET',
        url: '/api/v1/one-on-ones?when=upcoming',
        headers: { cookie: t.asZhangsan },
      }),
    );
    expect(upcoming.items.map((m) => m.startsAt)).toEqual([
      '2026-08-11T02:00:00.000Z',
      '2026-08-18T02:00:00.000Z',
      '2026-08-25T02:00:00.000Z',
    ]);
    const ics = await app.inject({
      method: 'GET',
      url: `/api/v1/one-on-ones/${meeting.id}/calendar.ics?series=true`,
      headers: { cookie: t.asZhangsan },
    });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(ics.body).toContain('DTSTART:20260811T020000Z');

    // GROW and shared notes, with If-Match; a private note is the author's alone.
    const grow = await app.inject({
      method: 'PATCH',
      url: `/api/v1/one-on-ones/${meeting.id}`,
      headers: { cookie: t.asManager, 'if-match': `"${meeting.version}"` },
      payload: {
        grow: {
          goal: '季度签约 20 家',
          reality: '目前 8 家，落后计划',
          options: '老客户转介绍；行业展会',
          will: '本周拜访 5 家',
        },
        sharedNotes: '双方同意加大拜访力度',
        privateNote: '张三状态有些疲惫，需要关注',
      },
    });
    expect(grow.statusCode, grow.body).toBe(200);
    const asEmployee = json<{ grow: { reality: string }; privateNote: string; sharedNotes: string }>(
      await app.inject({
        method: 'GET',
        url: `/api/v1/one-on-ones/${meeting.id}`,
        headers: { cookie: t.asZhangsan },
      }),
    );
    expect(asEmployee.grow.reality).toBe('目前 8 家，落后计划');
    expect(asEmployee.sharedNotes).toBe('双方同意加大拜访力度');
    expect(asEmployee.privateNote).toBe('');
    const audit = await app.inject({
      method: 'GET',
      url: '/api/v1/audit-events?entityType=one_on_one',
      headers: { cookie: t.hr },
    });
    expect(audit.body).not.toContain('需要关注');

    // Action items become follow-up records.
    const items = await app.inject({
      method: 'POST',
      url: `/api/v1/one-on-ones/${meeting.id}/action-items`,
      headers: { cookie: t.asManager },
      payload: {
        items: [{ action: '本周拜访 5 家重点客户', responsibleId: t.zhangsan.id, dueDate: '2026-08-14' }],
      },
    });
    expect(items.statusCode, items.body).toBe(200);
    expect(json<{ actionItems: FollowUpJson[] }>(items).actionItems).toHaveLength(1);
    const yearZero = await app.inject({
      method: 'POST',
      url: `/api/v1/one-on-ones/${meeting.id}/action-items`,
      headers: { cookie: t.asManager },
      payload: { items: [{ action: '永不', responsibleId: t.zhangsan.id, dueDate: '0000-01-01' }] },
    });
    expect(yearZero.statusCode, yearZero.body).toBe(400);
    expect(json<{ errors: { path: string; code: string }[] }>(yearZero).errors[0]).toMatchObject({
      path: 'body.items.0.dueDate',
      code: 'date_out_of_range',
    });
    const list = json<{ items: FollowUpJson[] }>(
      await app.inject({ method: 'GET', url: '/api/v1/follow-ups', headers: { cookie: t.asManager } }),
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      topic: '本周拜访 5 家重点客户',
      source: 'one_on_one',
      status: 'open',
    });
    // A long action item is cut for the record's topic, never inside an emoji (a lone half is refused).
    const emoji = await app.inject({
      method: 'POST',
      url: `/api/v1/one-on-ones/${meeting.id}/action-items`,
      headers: { cookie: t.asManager },
      payload: {
        items: [{ action: `${'拜'.repeat(59)}😀完成`, responsibleId: t.zhangsan.id, dueDate: '2026-08-14' }],
      },
    });
    expect(emoji.statusCode, emoji.body).toBe(200);
    const topics = json<{ actionItems: FollowUpJson[] }>(emoji).actionItems.map((f) => f.topic);
    expect(topics).toContain(`${'拜'.repeat(59)}…`);

    const outsider = await app.inject({
      method: 'GET',
      url: `/api/v1/one-on-ones/${meeting.id}`,
      headers: { cookie: t.asOutsider },
    });
    expect(outsider.statusCode).toBe(404);
    const notice = json<{ items: { event: string; link: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { cookie: t.asZhangsan } }),
    );
    expect(notice.items.find((n) => n.event === 'one_on_one.scheduled')?.link).toBe(
      `/one-on-ones/${meeting.id}`,
    );
  });

  it('refuses a 1:1 with oneself or with someone out of reach', async () => {
    const t = await team();
    for (const employeeId of [t.manager.id, t.outsider.id]) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/one-on-ones',
        headers: { cookie: t.asManager },
        payload: { employeeId, startsAt: '2026-08-11T10:00:00+08:00' },
      });
      expect(r.statusCode).toBe(400);
      expect(json<{ errors: { path: string }[] }>(r).errors[0]!.path).toBe('body.employeeId');
    }
  });
});

describe('continuous feedback', () => {
  it('reaches the recipient, and the manager only when shared with them', async () => {
    const t = await team();
    const give = (audience: string, body: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: { cookie: t.asPeer },
        payload: { toId: t.zhangsan.id, kind: 'praise', body, audience },
      });
    expect((await give('recipient_and_manager', '客户演示做得很好')).statusCode).toBe(201);
    expect((await give('recipient', '只给你看的建议')).statusCode).toBe(201);
    const received = json<{ items: { body: string }[] }>(
      await app.inject({
        method: 'GET',
        url: '/api/v1/feedback?box=received',
        headers: { cookie: t.asZhangsan },
      }),
    );
    expect(received.items.map((f) => f.body).sort()).toEqual(['只给你看的建议', '客户演示做得很好'].sort());
    const managerView = json<{ items: { body: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/v1/feedback?box=team', headers: { cookie: t.asManager } }),
    );
    expect(managerView.items.map((f) => f.body)).toEqual(['客户演示做得很好']);
    const hrView = json<{ items: unknown[] }>(
      await app.inject({ method: 'GET', url: '/api/v1/feedback?box=team', headers: { cookie: t.hr } }),
    );
    expect(hrView.items).toHaveLength(0);
    const self = await app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: { cookie: t.asPeer },
      payload: { toId: t.peer.id, kind: 'praise', body: '自夸' },
    });
    expect(self.statusCode).toBe(400);
  });
});

describe('gap analysis (绩效改进分析表)', () => {
  it('computes the seed’s example and turns an action into a follow-up once', async () => {
    const t = await team();
    const create = await app.inject({
      method: 'POST',
      url: '/api/v1/gap-analyses',
      headers: { cookie: t.asManager },
      payload: {
        employeeId: t.zhangsan.id,
        title: '客服质量改进',
        items: [
          {
            dimension: '客户投诉处理率',
            target: 95,
            actual: 88,
            unit: '%',
            rootCauses: ['新员工占比高，处理经验不足', '投诉分类标准不清晰，响应延迟'],
            actions: ['开展老员工带教计划', '制定《投诉分类处理指引》，优化响应流程'],
          },
        ],
      },
    });
    expect(create.statusCode, create.body).toBe(201);
    const analysis = json<{
      id: string;
      items: { gap: number; gapRatio: number; actions: { followUpId: string | null }[] }[];
    }>(create);
    expect(analysis.items[0]!.gap).toBe(-7);
    expect(analysis.items[0]!.gapRatio).toBeCloseTo(-7 / 95, 12);
    const convert = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/gap-analyses/${analysis.id}/follow-ups`,
        headers: { cookie: t.asManager },
        payload: { item: 0, action: 0, responsibleId: t.manager.id, dueDate: '2026-09-30' },
      });
    const first = json<typeof analysis>(await convert());
    const id = first.items[0]!.actions[0]!.followUpId;
    expect(id).toBeTruthy();
    const again = json<typeof analysis>(await convert());
    expect(again.items[0]!.actions[0]!.followUpId).toBe(id);
    const followUps = json<{ items: FollowUpJson[] }>(
      await app.inject({ method: 'GET', url: '/api/v1/follow-ups', headers: { cookie: t.asManager } }),
    );
    expect(followUps.items).toHaveLength(1);
    expect(followUps.items[0]).toMatchObject({ topic: '客户投诉处理率', source: 'gap_analysis' });
    // The employee reads their own analysis but does not write it.
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/gap-analyses/${analysis.id}`,
      headers: { cookie: t.asZhangsan },
    });
    expect(read.statusCode).toBe(200);
    const write = await app.inject({
      method: 'POST',
      url: `/api/v1/gap-analyses/${analysis.id}/follow-ups`,
      headers: { cookie: t.asZhangsan },
      payload: { item: 0, action: 1, responsibleId: t.zhangsan.id },
    });
    expect(write.statusCode).toBe(403);
  });

  it('refuses a target or actual beyond 10^12 or a stale If-Match, and then changes nothing', async () => {
    const t = await team();
    const item = { dimension: '签约额', target: 100, actual: 80 };
    const create = await app.inject({
      method: 'POST',
      url: '/api/v1/gap-analyses',
      headers: { cookie: t.asManager },
      payload: { employeeId: t.zhangsan.id, title: '签约改进', items: [item] },
    });
    expect(create.statusCode, create.body).toBe(201);
    const analysis = json<{ id: string; version: number }>(create);
    const put = (payloadItem: Record<string, unknown>, ifMatch = `"${analysis.version}"`) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/gap-analyses/${analysis.id}`,
        headers: { cookie: t.asManager, 'if-match': ifMatch },
        payload: { employeeId: t.zhangsan.id, title: '签约改进', items: [payloadItem] },
      });
    for (const huge of [
      { ...item, actual: 1e308 },
      { ...item, target: -1e13 },
      { ...item, target: 1e-300 },
    ]) {
      const r = await put(huge);
      expect(r.statusCode, r.body).toBe(400);
      expect(json<{ errors: { code: string }[] }>(r).errors[0]!.code).toBe('number_out_of_range');
    }
    const stale = await put({ ...item, actual: 90 }, 'W/"99999999999999999999"');
    expect(stale.statusCode, stale.body).toBe(412);
    expect(json(stale)).toMatchObject({ code: 'precondition.failed' });
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/gap-analyses/${analysis.id}`,
      headers: { cookie: t.asManager },
    });
    expect(json(read)).toMatchObject({
      version: analysis.version,
      items: [{ target: 100, actual: 80, gap: -20 }],
    });
    // The largest values still give a finite gap and ratio.
    const largest = await put({ ...item, target: -1e12, actual: 1e12 });
    expect(largest.statusCode, largest.body).toBe(200);
    expect(json(largest)).toMatchObject({ items: [{ gap: 2e12, gapRatio: -2 }] });
  });
});
