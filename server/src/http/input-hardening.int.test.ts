import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { multipart } from '../../test/files.ts';
import { buildCycle, buildSalesTeam, seedGoalBody } from '../../test/goals.ts';
import { buildTenant, getTestApp, json, signIn } from '../../test/helpers.ts';

const { app, database } = await getTestApp();

type Problem = { status: number; code: string; errors?: { path: string; code: string; message: string }[] };

function expectProblem(response: LightMyRequestResponse, status: number, code: string): Problem {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = json<Problem>(response);
  expect(body.code).toBe(code);
  return body;
}

async function hr() {
  const tenant = await buildTenant(database);
  return { tenant, cookie: await signIn(app, tenant.admin.login) };
}

describe('text the database cannot store (NUL, lone surrogates)', () => {
  it('refuses NUL in an anonymous sign-in with 400 validation.invalid_text naming the field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'a\u0000b@example.com', password: 'x' },
      headers: { 'accept-language': 'en-US' },
    });
    const body = expectProblem(response, 400, 'validation.invalid_text');
    expect(body.errors).toEqual([
      {
        path: 'body.login',
        code: 'invalid_text',
        message: 'holds characters that cannot be stored (NUL or a broken Unicode character)',
      },
    ]);
  });

  it('refuses NUL in a query parameter', async () => {
    const { cookie } = await hr();
    const response = await app.inject({ url: '/api/v1/employees?q=%00x', headers: { cookie } });
    const body = expectProblem(response, 400, 'validation.invalid_text');
    expect(body.errors?.map((e) => e.path)).toEqual(['query.q']);
    expect(body.errors?.[0]?.message).toMatch(/无法保存/);
  });

  it('refuses a lone surrogate in text that is stored as JSON (the audit row)', async () => {
    const { tenant, cookie } = await hr();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { cookie, 'content-type': 'application/json' },
      payload: `{"name":"研发\\ud800部","parentId":"${tenant.rootId}"}`,
    });
    const body = expectProblem(response, 400, 'validation.invalid_text');
    expect(body.errors?.map((e) => e.path)).toEqual(['body.name']);
  });

  it('refuses NUL nested in an array of a body', async () => {
    const { tenant, cookie } = await hr();
    const cycle = await buildCycle(tenant);
    const goal = seedGoalBody(cycle.id);
    goal.keyResults[1]!.title = 'KR\u00002';
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      headers: { cookie },
      payload: goal,
    });
    const body = expectProblem(response, 400, 'validation.invalid_text');
    expect(body.errors?.map((e) => e.path)).toEqual(['body.keyResults.1.title']);
  });
});

describe('ids in a body that the database does not hold', () => {
  it('answers 422 naming the field for an unknown or another company’s goal in a 1:1 action item', async () => {
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const asManager = await signIn(app, team.manager.login);
    const other = await buildTenant(database);
    const otherCycle = await buildCycle(other);
    const otherGoal = await app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      headers: { cookie: await signIn(app, other.admin.login) },
      payload: seedGoalBody(otherCycle.id),
    });
    expect(otherGoal.statusCode, otherGoal.body).toBe(201);
    const meeting = await app.inject({
      method: 'POST',
      url: '/api/v1/one-on-ones',
      headers: { cookie: asManager },
      payload: { employeeId: team.zhangsan.id, startsAt: '2026-08-11T10:00:00+08:00' },
    });
    expect(meeting.statusCode, meeting.body).toBe(201);
    for (const goalId of [crypto.randomUUID(), json<{ id: string }>(otherGoal).id]) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/one-on-ones/${json<{ id: string }>(meeting).id}/action-items`,
        headers: { cookie: asManager },
        payload: {
          items: [
            { action: '拜访客户', responsibleId: team.zhangsan.id },
            { action: '复盘', responsibleId: team.zhangsan.id, goalId },
          ],
        },
      });
      const body = expectProblem(response, 422, 'reference.not_found');
      expect(body.errors?.map((e) => [e.path, e.code])).toEqual([['body.items.1.goalId', 'not_found']]);
    }
  });

  it('answers 422 naming the field for an unknown or another company’s cycle in a gap analysis', async () => {
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const asManager = await signIn(app, team.manager.login);
    const otherCycle = await buildCycle(await buildTenant(database));
    for (const cycleId of [crypto.randomUUID(), otherCycle.id]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/gap-analyses',
        headers: { cookie: asManager },
        payload: {
          employeeId: team.zhangsan.id,
          cycleId,
          title: '客服质量改进',
          items: [
            { dimension: '投诉处理率', target: 95, actual: 88, unit: '%', rootCauses: [], actions: [] },
          ],
        },
      });
      const body = expectProblem(response, 422, 'reference.not_found');
      expect(body.errors?.map((e) => e.path)).toEqual(['body.cycleId']);
    }
  });
});

describe('malformed multipart on the import routes', () => {
  const routes = [
    '/api/v1/employees/import',
    '/api/v1/goals/import?cycleId=00000000-0000-4000-8000-000000000000',
  ];

  it('answers 400 problem+json to a multipart body without a boundary', async () => {
    const { cookie } = await hr();
    for (const url of routes) {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'multipart/form-data' },
        payload: 'whatever',
      });
      expectProblem(response, 400, 'request.malformed');
    }
  });

  it('answers 400 problem+json to a truncated multipart body', async () => {
    const { cookie } = await hr();
    for (const url of routes) {
      const body = multipart('people.csv', Buffer.from('工号,姓名\nE1,张三\n'));
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { cookie, ...body.headers },
        payload: body.payload.subarray(0, body.payload.length - 30),
      });
      expectProblem(response, 400, 'request.malformed');
    }
  });

  it('answers 400 validation.invalid_text to a NUL in the file name or a field', async () => {
    const { cookie } = await hr();
    for (const url of routes) {
      const named = multipart('peo\u0000ple.csv', Buffer.from('工号,姓名\nE1,张三\n'));
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { cookie, ...named.headers },
        payload: named.payload,
      });
      const body = expectProblem(response, 400, 'validation.invalid_text');
      expect(body.errors?.map((e) => e.path)).toEqual(['body.file.filename']);
    }
    const field = multipart('people.csv', Buffer.from('工号,姓名\nE1,张三\n'), {
      mapping: '{"name":"\u0000"}',
    });
    const response = await app.inject({
      method: 'POST',
      url: routes[0]!,
      headers: { cookie, ...field.headers },
      payload: field.payload,
    });
    const body = expectProblem(response, 400, 'validation.invalid_text');
    expect(body.errors?.map((e) => e.path)).toEqual(['body.mapping']);
  });
});

describe('router errors', () => {
  it('answers problem+json to a bad percent-encoding in a path', async () => {
    const { cookie } = await hr();
    const response = await app.inject({ url: '/api/v1/goals/%E0%A4%A', headers: { cookie } });
    expectProblem(response, 400, 'request.malformed');
  });

  it('answers problem+json to an over-long path parameter', async () => {
    const { cookie } = await hr();
    const response = await app.inject({ url: `/api/v1/goals/${'a'.repeat(5000)}`, headers: { cookie } });
    expectProblem(response, 400, 'request.malformed');
  });
});

describe('ids are made by the server', () => {
  it('never keeps a client-chosen key-result id when a goal is created', async () => {
    const { tenant, cookie } = await hr();
    const cycle = await buildCycle(tenant);
    const first = await app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      headers: { cookie },
      payload: seedGoalBody(cycle.id),
    });
    expect(first.statusCode, first.body).toBe(201);
    const taken = json<{ keyResults: { id: string }[] }>(first).keyResults[0]!.id;
    // Another company's id and a new one are treated alike: both ignored, so nothing tells them apart.
    const { tenant: other, cookie: otherCookie } = await hr();
    const otherCycle = await buildCycle(other);
    const fresh = crypto.randomUUID();
    for (const id of [taken, fresh]) {
      const body = seedGoalBody(otherCycle.id);
      body.keyResults[0]!.id = id;
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/goals',
        headers: { cookie: otherCookie },
        payload: body,
      });
      expect(response.statusCode, response.body).toBe(201);
      const ids = json<{ keyResults: { id: string }[] }>(response).keyResults.map((kr) => kr.id);
      expect(ids).not.toContain(id);
    }
  });

  it('refuses, naming the field, a key-result id of another goal or a repeated one on update', async () => {
    const { tenant, cookie } = await hr();
    const cycle = await buildCycle(tenant);
    const create = (title: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/goals',
        headers: { cookie },
        payload: seedGoalBody(cycle.id, { title, weightBp: 5000 }),
      });
    const a = json<{ id: string; version: number; keyResults: { id: string }[] }>(await create('甲'));
    const b = json<{ id: string; keyResults: { id: string }[] }>(await create('乙'));
    for (const ids of [
      [b.keyResults[0]!.id, a.keyResults[1]!.id, a.keyResults[2]!.id],
      [a.keyResults[0]!.id, a.keyResults[0]!.id, a.keyResults[2]!.id],
    ]) {
      const body = seedGoalBody(cycle.id);
      const response = await app.inject({
        method: 'PATCH',
        url: `/api/v1/goals/${a.id}`,
        headers: { cookie, 'if-match': `"${a.version}"` },
        payload: { keyResults: body.keyResults.map((kr, i) => ({ ...kr, id: ids[i] })) },
      });
      expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(json<Problem>(response).errors?.[0]?.path).toMatch(/^body\.keyResults/);
    }
  });
});
