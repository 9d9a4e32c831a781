import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { upload } from '../../test/files.ts';
import { buildApprovedGoal, buildCycle, checkIn, seedGoalBody } from '../../test/goals.ts';
import { buildEmployee, buildTenant, getTestApp, json, signIn, type TestTenant } from '../../test/helpers.ts';
import { rowsOf } from '../db/database.ts';
import { departments } from '../db/schema.ts';

const { app, database } = await getTestApp();

const MARKER = 'TENANTBMARKER';

/** Everything tenant B owns, as text, to prove A's calls change none of it. */
async function snapshotOf(tenantId: string) {
  const tables = [
    'departments',
    'employees',
    'role_assignments',
    'api_tokens',
    'import_jobs',
    'audit_events',
    'sessions',
    'cycles',
    'goals',
    'key_results',
    'check_ins',
    'goal_versions',
    'goal_revisions',
    'goal_snapshots',
    'job_runs',
    'alerts',
    'notifications',
    'notification_preferences',
    'deliveries',
    'follow_ups',
    'one_on_ones',
    'one_on_one_notes',
    'feedback',
    'gap_analyses',
  ];
  const out: Record<string, unknown> = {};
  for (const table of tables) {
    const rows = rowsOf(
      await database.db.execute(
        sql`select * from ${sql.identifier(table)} where tenant_id = ${tenantId} order by 1`,
      ),
    );
    out[table] = JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array ? v.length : v));
  }
  return out;
}

describe('tenant isolation', () => {
  let a: TestTenant;
  let b: TestTenant;
  let cookieA: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    a = await buildTenant(database, '甲公司');
    b = await buildTenant(database, `乙公司${MARKER}`);
    cookieA = await signIn(app, a.admin.login);
    const cookieB = await signIn(app, b.admin.login);
    const [dept] = await b.scope.db
      .insert(departments)
      .values(b.scope.values({ name: `部门${MARKER}`, parentId: b.rootId }))
      .returning();
    const person = await buildEmployee(b, {
      name: `员工${MARKER}`,
      departmentId: dept!.id,
      employeeNo: `${MARKER}1`,
    });
    const token = json<{ id: string }>(
      await app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: { cookie: cookieB },
        payload: { name: `令牌${MARKER}`, scopes: ['org:read'] },
      }),
    );
    const job = json<{ id: string }>(
      await upload(app, cookieB, 'b.csv', Buffer.from(`工号,姓名,部门\n${MARKER}2,乙${MARKER},销售部\n`)),
    );
    // A whole goal loop in B: cycle, approved goal with an external key, a check-in, an open revision.
    const cycle = await buildCycle(b, { name: `周期${MARKER}` });
    const manager = await buildEmployee(b, { name: `经理${MARKER}`, departmentId: dept!.id });
    const owner = await buildEmployee(b, {
      name: `负责人${MARKER}`,
      departmentId: dept!.id,
      managerId: manager.id,
    });
    const ownerCookie = await signIn(app, owner.login);
    const goal = await buildApprovedGoal(app, ownerCookie, await signIn(app, manager.login), {
      ...seedGoalBody(cycle.id, { title: `目标${MARKER}` }),
      keyResults: [
        { title: `成果${MARKER}增长20%`, targetValue: 20, weightBp: 10000, externalKey: `${MARKER}-kr` },
      ],
    });
    await checkIn(app, ownerCookie, goal.keyResults[0]!.id, { value: 5, comment: MARKER });
    const revision = json<{ id: string }>(
      await app.inject({
        method: 'POST',
        url: '/api/v1/goal-revisions',
        headers: { cookie: ownerCookie },
        payload: { goalId: goal.id, change: { kind: 'cancel' }, reason: MARKER, basis: MARKER },
      }),
    );
    // And the follow-through: a snapshot, a follow-up, a 1:1, feedback and a gap analysis.
    const managerCookie = await signIn(app, manager.login);
    const post = async (url: string, payload: Record<string, unknown>, cookie = managerCookie) => {
      const r = await app.inject({ method: 'POST', url, headers: { cookie }, payload });
      expect(r.statusCode, `${url} ${r.body}`).toBeLessThan(300);
      return json<{ id: string }>(r);
    };
    await post('/api/v1/snapshots', { date: '2026-08-03' }, cookieB);
    const followUp = await post('/api/v1/follow-ups', {
      date: '2026-08-03',
      employeeId: owner.id,
      topic: `跟进${MARKER}`,
      responsibleId: owner.id,
    });
    const oneOnOne = await post('/api/v1/one-on-ones', {
      employeeId: owner.id,
      startsAt: '2026-08-04T10:00:00+08:00',
      agenda: [`议程${MARKER}`],
    });
    const feedback = await post('/api/v1/feedback', {
      toId: owner.id,
      kind: 'praise',
      body: `表扬${MARKER}`,
    });
    const gap = await post('/api/v1/gap-analyses', {
      employeeId: owner.id,
      title: `分析${MARKER}`,
      items: [{ dimension: `维度${MARKER}`, target: 95, actual: 88, actions: [`措施${MARKER}`] }],
    });
    ids = {
      followUp: followUp.id,
      oneOnOne: oneOnOne.id,
      feedback: feedback.id,
      gapAnalysis: gap.id,
      department: dept!.id,
      employee: person.id,
      root: b.rootId,
      token: token.id,
      import: job.id,
      cycle: cycle.id,
      goal: goal.id,
      keyResult: goal.keyResults[0]!.id,
      revision: revision.id,
    };
  });

  it('a tenant A admin never reads or changes tenant B data, on any route', async () => {
    const before = await snapshotOf(b.tenantId);
    const routes = app.perfloopRoutes.filter(
      (r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/auth/logout',
    );
    expect(routes.length).toBeGreaterThan(15);
    const references = {
      departmentId: ids.department,
      parentId: ids.department,
      headId: ids.employee,
      managerId: ids.employee,
      hrbpDepartmentIds: [ids.department],
      cycleId: ids.cycle,
      goalId: ids.goal,
      ownerId: ids.employee,
      parentGoalId: ids.goal,
      parentKeyResultId: ids.keyResult,
      employeeId: ids.employee,
      responsibleId: ids.employee,
      toId: ids.employee,
      topic: MARKER,
      kind: 'praise',
      body: MARKER,
      startsAt: '2026-08-04T10:00:00+08:00',
      date: '2026-08-03',
      items: [{ action: MARKER, responsibleId: ids.employee }],
    };
    const checked: string[] = [];
    for (const route of routes) {
      const targets = route.url.includes(':id') || route.url.includes(':key') ? Object.values(ids) : [null];
      for (const id of targets) {
        const url = id
          ? route.url.replace(':id', id).replace(':key', id === ids.keyResult ? `${MARKER}-kr` : id)
          : route.url;
        const payloads =
          route.method === 'GET'
            ? [undefined]
            : [
                {
                  name: `改名${MARKER}`,
                  employeeNo: 'NEWX',
                  ...references,
                  mapping: { employeeNo: '工号', name: '姓名', department: '部门' },
                  ...seedGoalBody(ids.cycle!, { title: `改名${MARKER}` }),
                  target: { kind: 'employees', employeeIds: [ids.employee] },
                  change: { kind: 'cancel' },
                  reason: MARKER,
                  basis: MARKER,
                  value: 1,
                  confidence: 5,
                  comment: '',
                },
                { archived: true, status: 'left' },
              ];
        for (const payload of payloads) {
          const query =
            route.method === 'GET' && !id
              ? `?departmentId=${ids.department}&managerId=${ids.employee}&cycleId=${ids.cycle}&goalId=${ids.goal}&ownerId=${ids.employee}`
              : !id && route.url.includes('/goals/import')
                ? `?cycleId=${ids.cycle}`
                : '';
          const r = await app.inject({
            method: route.method as 'GET',
            url: `${url}${query}`,
            headers: { cookie: cookieA, 'if-match': '"1"' },
            ...(payload && { payload }),
          });
          const label = `${route.method} ${url}`;
          if (id) expect(r.statusCode, label).toBeGreaterThanOrEqual(400);
          expect(r.body.includes(MARKER), `${label} leaked tenant B data`).toBe(false);
          for (const value of Object.values(ids)) {
            if (r.statusCode < 300 && route.method === 'GET')
              expect(r.body.includes(value), `${label} returned a B id`).toBe(false);
          }
          checked.push(label);
        }
      }
    }
    expect(await snapshotOf(b.tenantId)).toEqual(before);
    expect(checked.length).toBeGreaterThan(routes.length);
  });

  it('a tenant B API token cannot reach tenant A', async () => {
    const cookieB = await signIn(app, b.admin.login);
    const { token } = json<{ token: string }>(
      await app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: { cookie: cookieB },
        payload: { name: 'x', scopes: ['org:read', 'org:write'] },
      }),
    );
    const r = await app.inject({
      url: `/api/v1/departments/${a.rootId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(r.statusCode).toBe(404);
    const list = await app.inject({
      url: '/api/v1/employees?status=all&limit=500',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.body.includes(a.admin.id)).toBe(false);
  });
});

describe('the OpenAPI document', () => {
  it('lists every route', async () => {
    const doc = json<{ paths: Record<string, Record<string, unknown>> }>(
      await app.inject({ url: '/api/v1/openapi.json' }),
    );
    const missing = app.perfloopRoutes
      .filter((r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/openapi.json')
      .filter((r) => !doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('is served with a docs page', async () => {
    const r = await app.inject({ url: '/api/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('swagger');
  });
});

describe('health', () => {
  it('reports the database as reachable', async () => {
    const r = json(await app.inject({ url: '/api/v1/health' }));
    expect(r).toMatchObject({ status: 'ok', database: 'up' });
  });
});
