import { ERROR_MESSAGES, FIELD_MESSAGES } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApprovedGoal, buildCycle, buildSalesTeam, seedGoalBody } from '../../../test/goals.ts';
import {
  buildEmployee,
  buildTenant,
  getTestApp,
  json,
  setTestClock,
  signIn,
  statementsOf,
} from '../../../test/helpers.ts';
import type { Database } from '../../db/database.ts';
import { listKeyEventsForEvidence } from './key-event.repository.ts';

let app: FastifyInstance;
let database: Database;
beforeAll(async () => {
  ({ app, database } = await getTestApp());
});
afterEach(() => setTestClock(null));

type KeyEventJson = {
  id: string;
  employeeId: string;
  employeeName: string;
  authorId: string;
  authorName: string;
  cycleId: string | null;
  occurredOn: string;
  kind: 'event' | 'behaviour';
  polarity: 'positive' | 'negative';
  description: string;
  goalId: string | null;
  goalTitle: string | null;
  version: number;
};
type Problem = { code: string; errors?: { path: string; code: string; message: string }[] };

/** The seed's sales team in Q3 2026 (today 2026-08-10), with 张三's approved goal. */
async function team() {
  setTestClock('2026-08-10');
  const tenant = await buildTenant(database);
  const t = await buildSalesTeam(tenant);
  const cycle = await buildCycle(tenant);
  const s = {
    ...t,
    tenant,
    cycle,
    hr: await signIn(app, tenant.admin.login),
    asHead: await signIn(app, t.head.login),
    asManager: await signIn(app, t.manager.login),
    asZhangsan: await signIn(app, t.zhangsan.login),
    asPeer: await signIn(app, t.peer.login),
    asOutsider: await signIn(app, t.outsider.login),
    asHrbp: await signIn(app, t.hrbp.login),
  };
  const goal = await buildApprovedGoal(app, s.asZhangsan, s.asManager, seedGoalBody(cycle.id));
  return { ...s, goal };
}

const event = (over: Record<string, unknown> = {}) => ({
  occurredOn: '2026-08-03',
  kind: 'event',
  polarity: 'positive',
  description: '签下华东区年度最大客户，合同额 300 万',
  ...over,
});

async function record(cookie: string, payload: Record<string, unknown>) {
  const r = await app.inject({ method: 'POST', url: '/api/v1/key-events', headers: { cookie }, payload });
  expect(r.statusCode, r.body).toBe(201);
  return json<KeyEventJson>(r);
}

async function list(cookie: string, query = '') {
  const r = await app.inject({ url: `/api/v1/key-events${query}`, headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return json<{ items: KeyEventJson[]; nextCursor: string | null }>(r);
}

describe('key events (关键事件)', () => {
  it('a manager records an event about a report, linked to their goal, within the cycle; the report is told', async () => {
    const t = await team();
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/key-events',
      headers: { cookie: t.asManager },
      payload: event({ employeeId: t.zhangsan.id, goalId: t.goal.id }),
    });
    expect(r.statusCode, r.body).toBe(201);
    const created = json<KeyEventJson>(r);
    expect(r.headers.etag).toBe('"1"');
    expect(created).toMatchObject({
      employeeId: t.zhangsan.id,
      employeeName: '张三',
      authorId: t.manager.id,
      authorName: '李经理',
      cycleId: t.cycle.id,
      occurredOn: '2026-08-03',
      kind: 'event',
      polarity: 'positive',
      goalId: t.goal.id,
      goalTitle: '提升华东区市场份额',
      version: 1,
    });

    const inbox = json<{ items: { event: string; title: string; link: string }[] }>(
      await app.inject({
        url: '/api/v1/notifications',
        headers: { cookie: t.asZhangsan, 'accept-language': 'zh-CN' },
      }),
    );
    const notice = inbox.items.find((n) => n.event === 'key_event.recorded');
    expect(notice?.title).toBe('李经理 记录了一条关于你的关键事件（正面）');
    expect(notice?.link).toBe(`/employees/${t.zhangsan.id}`);

    const audit = json<{ items: { action: string; entityId: string }[] }>(
      await app.inject({ url: '/api/v1/audit-events?entityType=key_event', headers: { cookie: t.hr } }),
    );
    expect(audit.items.map((a) => [a.action, a.entityId])).toEqual([['key_event.created', created.id]]);
  });

  it('the employee records their own events (no notice to themself); the cycle is null outside every cycle', async () => {
    const t = await team();
    const own = await record(
      t.asZhangsan,
      event({ employeeId: t.zhangsan.id, kind: 'behaviour', description: '主动分享客户拜访经验' }),
    );
    expect(own.authorId).toBe(t.zhangsan.id);
    expect(own.kind).toBe('behaviour');
    const outside = await record(
      t.asZhangsan,
      event({ employeeId: t.zhangsan.id, occurredOn: '2026-05-20' }),
    );
    expect(outside.cycleId).toBeNull();
    const inbox = json<{ items: { event: string }[] }>(
      await app.inject({ url: '/api/v1/notifications', headers: { cookie: t.asZhangsan } }),
    );
    expect(inbox.items.map((n) => n.event)).not.toContain('key_event.recorded');
  });

  it('is read by the person, those above them, their department head, its HRBP and HR; not by a peer or an outsider', async () => {
    const t = await team();
    const created = await record(t.asManager, event({ employeeId: t.zhangsan.id }));
    for (const cookie of [t.asZhangsan, t.asManager, t.asHead, t.asHrbp, t.hr]) {
      const page = await list(cookie, `?employeeId=${t.zhangsan.id}`);
      expect(page.items.map((k) => k.id)).toEqual([created.id]);
    }
    for (const cookie of [t.asPeer, t.asOutsider]) {
      expect((await list(cookie, `?employeeId=${t.zhangsan.id}`)).items).toEqual([]);
      expect((await list(cookie)).items).toEqual([]);
    }
  });

  it('lists the newest occurrence first, a page at a time, filtered by employee, cycle and polarity, in one statement', async () => {
    const t = await team();
    const a = await record(t.asManager, event({ employeeId: t.zhangsan.id, occurredOn: '2026-07-15' }));
    const b = await record(
      t.asManager,
      event({
        employeeId: t.zhangsan.id,
        occurredOn: '2026-08-05',
        polarity: 'negative',
        description: '报价出错',
      }),
    );
    const c = await record(t.asManager, event({ employeeId: t.peer.id, occurredOn: '2026-08-01' }));
    const d = await record(t.asManager, event({ employeeId: t.zhangsan.id, occurredOn: '2026-06-30' }));

    expect((await list(t.asManager)).items.map((k) => k.id)).toEqual([b.id, c.id, a.id, d.id]);
    expect((await list(t.asManager, `?employeeId=${t.zhangsan.id}`)).items.map((k) => k.id)).toEqual([
      b.id,
      a.id,
      d.id,
    ]);
    expect((await list(t.asManager, `?cycleId=${t.cycle.id}`)).items.map((k) => k.id)).toEqual([
      b.id,
      c.id,
      a.id,
    ]);
    expect((await list(t.asManager, '?polarity=negative')).items.map((k) => k.id)).toEqual([b.id]);

    const first = await list(t.asManager, '?limit=3');
    expect(first.items.map((k) => k.id)).toEqual([b.id, c.id, a.id]);
    const second = await list(t.asManager, `?limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items.map((k) => k.id)).toEqual([d.id]);
    expect(second.nextCursor).toBeNull();

    const statements = await statementsOf(database, () => list(t.asManager));
    expect(statements).toHaveLength(1);
    const bad = await app.inject({ url: '/api/v1/key-events?cursor=nope', headers: { cookie: t.asManager } });
    expect(bad.statusCode).toBe(400);
    expect(json<Problem>(bad).errors?.[0]?.path).toBe('querystring.cursor');
  });

  it('is changed with If-Match by its author or HR only; a change of the description alone keeps the rest', async () => {
    const t = await team();
    const created = await record(t.asManager, event({ employeeId: t.zhangsan.id, goalId: t.goal.id }));
    const url = `/api/v1/key-events/${created.id}`;
    const patch = (cookie: string, payload: Record<string, unknown>, ifMatch?: string) =>
      app.inject({
        method: 'PATCH',
        url,
        headers: { cookie, ...(ifMatch && { 'if-match': ifMatch }) },
        payload,
      });

    expect((await patch(t.asManager, { description: '改' })).statusCode).toBe(428);
    const changed = await patch(t.asManager, { description: '签下华东区年度最大客户，合同额 320 万' }, '"1"');
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(json<KeyEventJson>(changed)).toMatchObject({
      description: '签下华东区年度最大客户，合同额 320 万',
      kind: 'event',
      polarity: 'positive',
      goalId: t.goal.id,
      cycleId: t.cycle.id,
      version: 2,
    });
    expect((await patch(t.asManager, { description: '过时的版本' }, '"1"')).statusCode).toBe(412);

    // The person it is about reads it but may not rewrite it; nor may their department head.
    for (const cookie of [t.asZhangsan, t.asHead]) {
      const r = await patch(cookie, { polarity: 'negative' }, '"2"');
      expect(r.statusCode, r.body).toBe(403);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // Those who may not read it do not learn it exists.
    for (const cookie of [t.asPeer, t.asOutsider])
      expect((await patch(cookie, { polarity: 'negative' }, '"2"')).statusCode).toBe(404);

    // A new date moves it to the cycle containing that date (none here); HR may change it too.
    const moved = await patch(t.hr, { occurredOn: '2026-06-15', goalId: null, kind: 'behaviour' }, '"2"');
    expect(moved.statusCode, moved.body).toBe(200);
    expect(json<KeyEventJson>(moved)).toMatchObject({
      occurredOn: '2026-06-15',
      cycleId: null,
      goalId: null,
      goalTitle: null,
      kind: 'behaviour',
      version: 3,
    });

    const audit = json<{ items: { action: string }[] }>(
      await app.inject({ url: `/api/v1/audit-events?entityId=${created.id}`, headers: { cookie: t.hr } }),
    );
    expect(audit.items.map((a) => a.action).sort()).toEqual([
      'key_event.created',
      'key_event.updated',
      'key_event.updated',
    ]);
  });

  it('is deleted by its author or HR only, audited', async () => {
    const t = await team();
    const byManager = await record(t.asManager, event({ employeeId: t.zhangsan.id }));
    const own = await record(t.asZhangsan, event({ employeeId: t.zhangsan.id }));
    const remove = (cookie: string, id: string) =>
      app.inject({ method: 'DELETE', url: `/api/v1/key-events/${id}`, headers: { cookie } });

    expect((await remove(t.asZhangsan, byManager.id)).statusCode).toBe(403);
    expect((await remove(t.asManager, own.id)).statusCode).toBe(403);
    expect((await remove(t.asPeer, byManager.id)).statusCode).toBe(404);
    expect((await remove(t.asManager, byManager.id)).statusCode).toBe(204);
    expect((await remove(t.asManager, byManager.id)).statusCode).toBe(404);
    expect((await remove(t.hr, own.id)).statusCode).toBe(204);
    expect((await list(t.asZhangsan)).items).toEqual([]);

    const audit = json<{ items: { action: string; entityId: string }[] }>(
      await app.inject({
        url: '/api/v1/audit-events?action=key_event.deleted',
        headers: { cookie: t.hr },
      }),
    );
    expect(audit.items.map((a) => a.entityId).sort()).toEqual([byManager.id, own.id].sort());
  });

  it('is recorded only about oneself or someone one manages (HR: anyone)', async () => {
    const t = await team();
    for (const [cookie, about] of [
      [t.asPeer, t.zhangsan.id],
      [t.asZhangsan, t.manager.id],
      [t.asOutsider, t.zhangsan.id],
    ] as const) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/key-events',
        headers: { cookie },
        payload: event({ employeeId: about }),
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(json<Problem>(r).errors).toEqual([
        expect.objectContaining({ path: 'body.employeeId', code: 'not_found' }),
      ]);
    }
    // Above on the reporting line (the head manages the manager), the department's HRBP, and HR.
    for (const cookie of [t.asHead, t.asHrbp, t.hr])
      await record(cookie, event({ employeeId: t.zhangsan.id }));
    await record(t.hr, event({ employeeId: t.outsider.id }));
  });

  it('names the field of bad input, in problem+json, in the caller’s language', async () => {
    const t = await team();
    const post = (payload: Record<string, unknown>, lang = 'en-US') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/key-events',
        headers: { cookie: t.asManager, 'accept-language': lang },
        payload,
      });

    const empty = await post({}, 'zh-CN');
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = json<Problem & { title: string }>(empty);
    expect(problem.code).toBe('validation.failed');
    expect(problem.title).toBe(ERROR_MESSAGES['validation.failed']['zh-CN']);
    expect(problem.errors).toContainEqual({
      path: 'body.description',
      code: 'required',
      message: FIELD_MESSAGES.required['zh-CN'],
    });
    expect(problem.errors?.map((e) => e.path).sort()).toEqual([
      'body.description',
      'body.employeeId',
      'body.occurredOn',
      'body.polarity',
    ]);

    const wrong = await post(event({ employeeId: t.zhangsan.id, kind: 'rumour', occurredOn: '2026-02-30' }));
    expect(
      json<Problem>(wrong)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['body.kind', 'body.occurredOn']);
    const long = await post(event({ employeeId: t.zhangsan.id, description: 'x'.repeat(2001) }));
    expect(json<Problem>(long).errors).toEqual([
      expect.objectContaining({ path: 'body.description', code: 'too_long' }),
    ]);

    // Events are recorded as they happen: tomorrow has not happened yet.
    const future = await post(event({ employeeId: t.zhangsan.id, occurredOn: '2026-08-11' }));
    expect(future.statusCode).toBe(400);
    expect(json<Problem>(future).errors).toEqual([
      expect.objectContaining({ path: 'body.occurredOn', code: 'future_date' }),
    ]);
    await record(t.asManager, event({ employeeId: t.zhangsan.id, occurredOn: '2026-08-10' }));

    // A goal of someone else (the peer's) is not one of 张三's.
    const peerGoal = await buildApprovedGoal(
      app,
      t.asPeer,
      t.asManager,
      seedGoalBody(t.cycle.id, { title: '赵六的目标' }),
    );
    for (const goalId of [peerGoal.id, crypto.randomUUID()]) {
      const r = await post(event({ employeeId: t.zhangsan.id, goalId }));
      expect(r.statusCode, r.body).toBe(400);
      expect(json<Problem>(r).errors).toEqual([
        expect.objectContaining({ path: 'body.goalId', code: 'not_found' }),
      ]);
    }
    const created = await record(t.asManager, event({ employeeId: t.zhangsan.id }));
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/key-events/${created.id}`,
      headers: { cookie: t.asManager, 'if-match': '"1"' },
      payload: { goalId: peerGoal.id, description: ' ' },
    });
    expect(json<Problem>(patched).errors?.map((e) => e.path)).toEqual(['body.description']);
    const linked = await app.inject({
      method: 'PATCH',
      url: `/api/v1/key-events/${created.id}`,
      headers: { cookie: t.asManager, 'if-match': '"1"' },
      payload: { goalId: peerGoal.id },
    });
    expect(json<Problem>(linked).errors).toEqual([
      expect.objectContaining({ path: 'body.goalId', code: 'not_found' }),
    ]);
  });

  it('never crosses companies', async () => {
    const t = await team();
    const created = await record(t.asManager, event({ employeeId: t.zhangsan.id }));
    const other = await buildTenant(database, '另一家公司');
    const otherHr = await signIn(app, other.admin.login);
    expect((await list(otherHr)).items).toEqual([]);
    expect((await list(otherHr, `?employeeId=${t.zhangsan.id}`)).items).toEqual([]);
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/key-events/${created.id}`,
      headers: { cookie: otherHr, 'if-match': '"1"' },
      payload: { description: '越权' },
    });
    expect(patch.statusCode).toBe(404);
    const remove = await app.inject({
      method: 'DELETE',
      url: `/api/v1/key-events/${created.id}`,
      headers: { cookie: otherHr },
    });
    expect(remove.statusCode).toBe(404);
    const about = await app.inject({
      method: 'POST',
      url: '/api/v1/key-events',
      headers: { cookie: otherHr },
      payload: event({ employeeId: t.zhangsan.id }),
    });
    expect(json<Problem>(about).errors).toEqual([
      expect.objectContaining({ path: 'body.employeeId', code: 'not_found' }),
    ]);
    // The other company's goal cannot be linked either.
    const stranger = await buildEmployee(other);
    const theirs = await app.inject({
      method: 'POST',
      url: '/api/v1/key-events',
      headers: { cookie: otherHr },
      payload: event({ employeeId: stranger.id, goalId: t.goal.id }),
    });
    expect(json<Problem>(theirs).errors).toEqual([
      expect.objectContaining({ path: 'body.goalId', code: 'not_found' }),
    ]);
  });

  it('gives the review the events of one person within a cycle, in the order they happened, in one statement', async () => {
    const t = await team();
    const later = await record(
      t.asManager,
      event({ employeeId: t.zhangsan.id, occurredOn: '2026-08-09', polarity: 'negative', goalId: t.goal.id }),
    );
    const earlier = await record(
      t.asZhangsan,
      event({ employeeId: t.zhangsan.id, occurredOn: '2026-07-02', kind: 'behaviour' }),
    );
    await record(t.asManager, event({ employeeId: t.zhangsan.id, occurredOn: '2026-06-30' }));
    await record(t.asManager, event({ employeeId: t.peer.id, occurredOn: '2026-07-20' }));

    let rows: Awaited<ReturnType<typeof listKeyEventsForEvidence>> = [];
    const statements = await statementsOf(database, async () => {
      rows = await listKeyEventsForEvidence(t.tenant.scope, t.zhangsan.id, t.cycle.id);
    });
    expect(statements).toHaveLength(1);
    expect(rows).toEqual([
      {
        id: earlier.id,
        occurredOn: '2026-07-02',
        polarity: 'positive',
        kind: 'behaviour',
        description: earlier.description,
        goalTitle: null,
        authorName: '张三',
      },
      {
        id: later.id,
        occurredOn: '2026-08-09',
        polarity: 'negative',
        kind: 'event',
        description: later.description,
        goalTitle: '提升华东区市场份额',
        authorName: '李经理',
      },
    ]);
    // A year containing the quarter holds the same events: a cycle is its dates.
    const year = await buildCycle(t.tenant, {
      name: '2026年度',
      kind: 'year',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    });
    expect(await listKeyEventsForEvidence(t.tenant.scope, t.zhangsan.id, year.id)).toHaveLength(3);
    // Recorded after the year was set up, a day of the quarter still belongs to the quarter.
    const inQuarter = await record(
      t.asManager,
      event({ employeeId: t.zhangsan.id, occurredOn: '2026-08-08' }),
    );
    expect(inQuarter.cycleId).toBe(t.cycle.id);
    const inYear = await record(t.asManager, event({ employeeId: t.zhangsan.id, occurredOn: '2026-03-08' }));
    expect(inYear.cycleId).toBe(year.id);
  });
});
