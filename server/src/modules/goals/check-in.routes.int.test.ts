import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildApprovedGoal,
  buildCycle,
  buildSalesTeam,
  checkIn,
  type GoalJson,
  seedGoalBody,
} from '../../../test/goals.ts';
import {
  buildTenant,
  getTestApp,
  json,
  setTestClock,
  signIn,
  type TestTenant,
} from '../../../test/helpers.ts';
import { rowsOf } from '../../db/database.ts';

const { app, database } = await getTestApp();

type CheckInJson = {
  id: string;
  value: number | null;
  progress: number;
  confidence: number;
  at: string;
  authorName: string | null;
};

describe('check-ins', () => {
  let tenant: TestTenant;
  let team: Awaited<ReturnType<typeof buildSalesTeam>>;
  let owner: string;
  let manager: string;
  let hr: string;
  let goal: GoalJson;
  let cycleId: string;

  beforeAll(async () => {
    tenant = await buildTenant(database);
    team = await buildSalesTeam(tenant);
    cycleId = (await buildCycle(tenant)).id;
    [owner, manager, hr] = [
      await signIn(app, team.zhangsan.login),
      await signIn(app, team.manager.login),
      await signIn(app, tenant.admin.login),
    ];
    const body = seedGoalBody(cycleId);
    body.keyResults[0] = {
      ...body.keyResults[0]!,
      externalKey: `crm:${tenant.slug}:kr1`,
    } as (typeof body.keyResults)[0];
    goal = await buildApprovedGoal(app, owner, manager, body);
  });
  afterEach(() => setTestClock(null));

  it('keeps every check-in as history and computes progress from the latest', async () => {
    const kr = goal.keyResults[1]!; // 复购率 70 → 85
    setTestClock('2026-07-20T10:00:00+08:00');
    await checkIn(app, owner, kr.id, { value: 73, comment: '第一周' });
    setTestClock('2026-07-27T10:00:00+08:00');
    const second = json<CheckInJson>(await checkIn(app, manager, kr.id, { value: 79, confidence: 5 }));
    expect(second).toMatchObject({ value: 79, confidence: 5, authorName: '李经理' });
    expect(second.progress).toBeCloseTo(0.6, 12);
    const history = json<{ items: CheckInJson[] }>(
      await app.inject({ url: `/api/v1/key-results/${kr.id}/check-ins`, headers: { cookie: owner } }),
    );
    expect(history.items.map((c) => c.value)).toEqual([79, 73]);
    expect(history.items[1]!.progress).toBeCloseTo(0.2, 12);
    // Each check-in is also in the audit log, with the value before and after.
    const audit = rowsOf<{ before: { currentValue: string }; after: { value: number } }>(
      await database.db.execute(sql`select before, after from audit_events
        where tenant_id = ${tenant.tenantId} and action = 'key_result.checked_in' and entity_id = ${kr.id} order by id`),
    );
    expect(audit.map((a) => [Number(a.before.currentValue), a.after.value])).toEqual([
      [70, 73],
      [73, 79],
    ]);
    // History cannot be rewritten, even in SQL.
    await expect(
      database.db.execute(sql`update check_ins set value = 1 where key_result_id = ${kr.id}`),
    ).rejects.toThrow();
  });

  it('reproduces progress at any past date', async () => {
    const kr = goal.keyResults[2]!; // 满意度 ≥ 4.8 (binary)
    setTestClock('2026-08-03T09:00:00+08:00');
    await checkIn(app, owner, kr.id, { value: 4.7 });
    setTestClock('2026-08-10T09:00:00+08:00');
    await checkIn(app, owner, kr.id, { value: 4.85 });
    const at = async (date: string) =>
      json<{ progress: number; keyResults: { id: string; progress: number; value: number | null }[] }>(
        await app.inject({
          url: `/api/v1/goals/${goal.id}/progress?date=${date}`,
          headers: { cookie: owner },
        }),
      );
    const before = await at('2026-08-05');
    expect(before.keyResults.find((k) => k.id === kr.id)).toMatchObject({ value: 4.7, progress: 0 });
    const after = await at('2026-08-10');
    expect(after.keyResults.find((k) => k.id === kr.id)).toMatchObject({ value: 4.85, progress: 1 });
    const bad = await app.inject({
      url: `/api/v1/goals/${goal.id}/progress?date=2026-02-30`,
      headers: { cookie: owner },
    });
    expect(json(bad).errors).toEqual([
      expect.objectContaining({ path: 'querystring.date', code: 'invalid_date' }),
    ]);
  });

  it('lands both of two concurrent check-ins on one key result', async () => {
    const kr = goal.keyResults[0]!;
    const other = await signIn(app, team.zhangsan.login);
    const before = json<{ items: unknown[] }>(
      await app.inject({
        url: `/api/v1/key-results/${kr.id}/check-ins?limit=500`,
        headers: { cookie: owner },
      }),
    ).items.length;
    const [a, b] = await Promise.all([
      checkIn(app, owner, kr.id, { value: 11 }),
      checkIn(app, other, kr.id, { value: 12 }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    const history = json<{ items: CheckInJson[] }>(
      await app.inject({
        url: `/api/v1/key-results/${kr.id}/check-ins?limit=500`,
        headers: { cookie: owner },
      }),
    );
    expect(history.items.length).toBe(before + 2);
    // The key result shows the check-in that landed last.
    const latest = history.items[0]!;
    const detail = json<{ keyResult: { currentValue: number } }>(
      await app.inject({ url: `/api/v1/key-results/${kr.id}`, headers: { cookie: owner } }),
    );
    expect(detail.keyResult.currentValue).toBe(latest.value);
  });

  it('applies many concurrent check-ins on one key result one after another, each audited once', async () => {
    const kr = goal.keyResults[1]!;
    const t = tenant.tenantId;
    const count = async () =>
      rowsOf<{ n: number }>(
        await database.db.execute(
          sql`select count(*)::int as n from check_ins where tenant_id = ${t} and key_result_id = ${kr.id}`,
        ),
      )[0]!.n;
    const before = await count();
    // Twelve at once: on PostgreSQL they race over five connections and most lose the first try.
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => checkIn(app, owner, kr.id, { value: 60 + i, comment: `c${i}` })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    expect(await count()).toBe(before + 12);
    const [state] = rowsOf<{
      current_value: string;
      last_check_in_at: string;
      latest_value: string;
      latest_at: string;
    }>(
      await database.db.execute(sql`
        select k.current_value, k.last_check_in_at::text, l.value as latest_value, l.at::text as latest_at
        from key_results k cross join lateral (
          select c.value, c.at from check_ins c where c.tenant_id = k.tenant_id and c.key_result_id = k.id
          order by c.at desc, c.id desc limit 1) l
        where k.tenant_id = ${t} and k.id = ${kr.id}`),
    );
    // The key result holds the check-in applied last, which is the latest one.
    expect(Number(state!.current_value)).toBe(Number(state!.latest_value));
    expect(state!.last_check_in_at).toBe(state!.latest_at);
    // In the order applied, each check-in is later than the one before.
    const ats = rowsOf<{ at: string }>(
      await database.db.execute(sql`
        select at::text from check_ins where tenant_id = ${t} and key_result_id = ${kr.id} order by id`),
    ).map((r) => new Date(r.at).getTime());
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    const audited = rowsOf<{ check_in_id: number; comment: string }>(
      await database.db.execute(sql`
        select (after->>'checkInId')::bigint as check_in_id, after->>'comment' as comment from audit_events
        where tenant_id = ${t} and action = 'key_result.checked_in' and entity_id = ${kr.id}
          and after->>'comment' like 'c%'`),
    );
    const ids = responses.map((r) => Number(json<{ id: string }>(r).id));
    expect(audited.map((a) => Number(a.check_in_id)).sort((a, b) => a - b)).toEqual(
      ids.sort((a, b) => a - b),
    );
  });

  it('answers a repeated Idempotency-Key with the first result and refuses it for another body', async () => {
    const kr = goal.keyResults[0]!;
    const key = `idem-${tenant.slug}`;
    const first = await checkIn(app, owner, kr.id, { value: 14 }, { 'idempotency-key': key });
    const again = await checkIn(app, owner, kr.id, { value: 14 }, { 'idempotency-key': key });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(json<CheckInJson>(again).id).toBe(json<CheckInJson>(first).id);
    const different = await checkIn(app, owner, kr.id, { value: 15 }, { 'idempotency-key': key });
    expect(json(different)).toMatchObject({ status: 409, code: 'idempotency.conflict' });
    const racing = await Promise.all(
      [1, 2, 3].map(() => checkIn(app, owner, kr.id, { value: 16 }, { 'idempotency-key': `${key}-race` })),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(racing.map((r) => json<CheckInJson>(r).id)).size).toBe(1);
  });

  it('lets an integration check in with an API token, by external key', async () => {
    const token = json<{ token: string }>(
      await app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: { cookie: hr },
        payload: { name: 'CRM', scopes: ['goals:write', 'goals:read'] },
      }),
    ).token;
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/key-results/by-external-key/crm:${tenant.slug}:kr1/check-ins`,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'crm-sync-1' },
      payload: { value: 18, confidence: 8, comment: 'CRM 同步' },
    });
    expect(r.statusCode).toBe(201);
    expect(json<CheckInJson>(r)).toMatchObject({ value: 18, authorName: 'CRM' });
    expect(json<CheckInJson>(r).progress).toBeCloseTo(0.9, 12);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/key-results/by-external-key/crm:nope/check-ins',
      headers: { authorization: `Bearer ${token}` },
      payload: { value: 1, confidence: 8 },
    });
    expect(unknown.statusCode).toBe(404);
    const readOnly = json<{ token: string }>(
      await app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: { cookie: hr },
        payload: { name: 'BI', scopes: ['goals:read'] },
      }),
    ).token;
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/key-results/${goal.keyResults[0]!.id}/check-ins`,
      headers: { authorization: `Bearer ${readOnly}` },
      payload: { value: 1, confidence: 8 },
    });
    expect(json(refused)).toMatchObject({ status: 403, code: 'token.scope_missing' });
  });

  it('validates check-ins and who may make them', async () => {
    const kr = goal.keyResults[0]!;
    const noValue = await checkIn(app, owner, kr.id, { comment: '没填数' });
    expect(json(noValue).errors).toEqual([expect.objectContaining({ path: 'body.value', code: 'required' })]);
    const badConfidence = await checkIn(app, owner, kr.id, { value: 1, confidence: 11 });
    expect(json(badConfidence).errors).toEqual([
      expect.objectContaining({ path: 'body.confidence', code: 'invalid_confidence' }),
    ]);
    // Values are bounded (core Measure) so progress stays finite.
    const huge = await checkIn(app, owner, kr.id, { value: 1e308 });
    expect(json(huge).errors).toEqual([
      expect.objectContaining({ path: 'body.value', code: 'number_out_of_range' }),
    ]);
    const peer = await signIn(app, team.peer.login);
    expect((await checkIn(app, peer, kr.id, { value: 1 })).statusCode).toBe(404);
    // Reading it is refused alike, and a key result that does not exist is not found.
    for (const url of [`/api/v1/key-results/${kr.id}`, `/api/v1/key-results/${kr.id}/check-ins`])
      expect((await app.inject({ url, headers: { cookie: peer } })).statusCode, url).toBe(404);
    for (const url of [
      `/api/v1/key-results/${randomUUID()}`,
      `/api/v1/key-results/${randomUUID()}/check-ins`,
    ])
      expect((await app.inject({ url, headers: { cookie: owner } })).statusCode, url).toBe(404);
    expect(
      (await app.inject({ url: `/api/v1/key-results/${kr.id}`, headers: { cookie: peer } })).json(),
    ).toMatchObject({
      code: 'not_found',
    });
    const hrbp = await signIn(app, team.hrbp.login);
    expect((await checkIn(app, hrbp, kr.id, { value: 19 })).statusCode).toBe(201);
    const draft = json<GoalJson>(
      await app.inject({
        method: 'POST',
        url: '/api/v1/goals',
        headers: { cookie: peer },
        payload: seedGoalBody(cycleId),
      }),
    );
    expect(json(await checkIn(app, peer, draft.keyResults[0]!.id, { value: 1 }))).toMatchObject({
      code: 'goal.not_approved',
    });
  });
  it('lets those above the owner check in, and refuses (403) people who only see the goal', async () => {
    const other = await buildTenant(database);
    const people = await buildSalesTeam(other);
    const cid = (await buildCycle(other)).id;
    const ownerOf = await signIn(app, people.zhangsan.login);
    const managerOf = await signIn(app, people.manager.login);
    const peerOf = await signIn(app, people.peer.login);
    const hrOf = await signIn(app, other.admin.login);
    const approved = await buildApprovedGoal(app, ownerOf, managerOf, seedGoalBody(cid));
    const kr = approved.keyResults[0]!;
    // The manager is no owner of the goal or the KR: allowed through the reporting line.
    expect((await checkIn(app, managerOf, kr.id, { value: 3 })).statusCode).toBe(201);
    expect((await checkIn(app, peerOf, kr.id, { value: 4 })).statusCode).toBe(404);
    const read = await app.inject({ url: '/api/v1/settings', headers: { cookie: hrOf } });
    const open = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie: hrOf, 'if-match': read.headers.etag as string },
      payload: { goalsVisibleToAll: true },
    });
    expect(open.statusCode).toBe(200);
    // With OKR transparency the peer sees the goal on the next request, and still may not check in.
    const refused = await checkIn(app, peerOf, kr.id, { value: 4 });
    expect(json(refused)).toMatchObject({ status: 403 });
    const history = json<{ items: CheckInJson[] }>(
      await app.inject({ url: `/api/v1/key-results/${kr.id}/check-ins`, headers: { cookie: ownerOf } }),
    );
    expect(history.items.map((c) => c.value)).toEqual([3]);
    expect(history.items[0]!.authorName).toBe(people.manager.name);
  });
});
