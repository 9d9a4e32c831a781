import { formatPercent, formatWeight } from '@perfloop/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildApprovedGoal,
  buildCycle,
  buildSalesTeam,
  checkIn,
  createGoal,
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

const { app, database } = await getTestApp();

describe('goals: the seed example (张三, 提升华东区市场份额)', () => {
  let tenant: TestTenant;
  let team: Awaited<ReturnType<typeof buildSalesTeam>>;
  let cookies: Record<'hr' | 'head' | 'manager' | 'zhangsan' | 'peer' | 'outsider' | 'hrbp', string>;
  let cycleId: string;

  beforeAll(async () => {
    tenant = await buildTenant(database);
    team = await buildSalesTeam(tenant);
    cycleId = (await buildCycle(tenant)).id;
    cookies = {
      hr: await signIn(app, tenant.admin.login),
      head: await signIn(app, team.head.login),
      manager: await signIn(app, team.manager.login),
      zhangsan: await signIn(app, team.zhangsan.login),
      peer: await signIn(app, team.peer.login),
      outsider: await signIn(app, team.outsider.login),
      hrbp: await signIn(app, team.hrbp.login),
    };
  });
  afterEach(() => setTestClock(null));

  it('runs end to end: draft, submit, approve, check in, and reads as in the seed table', async () => {
    setTestClock('2026-08-15');
    const draft = await createGoal(app, cookies.zhangsan, seedGoalBody(cycleId));
    expect(draft).toMatchObject({ status: 'draft', ownerId: team.zhangsan.id, weightBp: 10000 });
    expect(draft.keyResults.map((kr) => formatWeight(kr.weightBp))).toEqual(['40', '30', '30']);
    expect(draft.keyResults.map((kr) => kr.dueDate)).toEqual(['2026-09-30', '2026-09-30', '2026-09-30']);

    const submit = await app.inject({
      method: 'POST',
      url: `/api/v1/goals/${draft.id}/submit`,
      headers: { cookie: cookies.zhangsan },
    });
    expect(submit.statusCode).toBe(200);
    expect(json<{ warnings: unknown[] }>(submit).warnings).toEqual([]);

    const inbox = json<{ goals: GoalJson[] }>(
      await app.inject({ url: '/api/v1/approvals', headers: { cookie: cookies.manager } }),
    );
    expect(inbox.goals.map((g) => g.id)).toContain(draft.id);

    const approve = await app.inject({
      method: 'POST',
      url: `/api/v1/goals/${draft.id}/approve`,
      headers: { cookie: cookies.manager },
    });
    expect(approve.statusCode).toBe(200);
    const [kr1, kr2, kr3] = json<GoalJson>(approve).keyResults;

    expect(
      (await checkIn(app, cookies.zhangsan, kr1!.id, { value: 10, comment: '签约10家' })).statusCode,
    ).toBe(201);
    expect((await checkIn(app, cookies.zhangsan, kr2!.id, { value: 77.5 })).statusCode).toBe(201);
    const third = await checkIn(app, cookies.zhangsan, kr3!.id, { value: 4.9, confidence: 9 });
    expect(json<{ progress: number }>(third).progress).toBe(1);

    const goal = json<GoalJson>(
      await app.inject({ url: `/api/v1/goals/${draft.id}`, headers: { cookie: cookies.zhangsan } }),
    );
    expect(goal.keyResults.map((kr) => formatPercent(kr.progress))).toEqual(['50.0%', '50.0%', '100.0%']);
    // 0.4·0.5 + 0.3·0.5 + 0.3·1 = 0.65; on 8.15, 45 of 91 days have passed.
    expect(formatPercent(goal.progress)).toBe('65.0%');
    expect(goal.expected).toBeCloseTo(45 / 91, 12);
    expect(goal.pace).toBeCloseTo(0.65 / (45 / 91), 12);

    const teamView = json<{ items: { employeeId: string; attainment: number; pace: number | null }[] }>(
      await app.inject({
        url: `/api/v1/goals/team?cycleId=${cycleId}&sort=-attainment`,
        headers: { cookie: cookies.manager },
      }),
    );
    const row = teamView.items.find((i) => i.employeeId === team.zhangsan.id)!;
    expect(row.attainment).toBeCloseTo(0.65, 12);
    expect(teamView.items[0]!.employeeId).toBe(team.zhangsan.id);
  });

  it('rejects key-result weights that do not sum to 100 (30 + 69.99), naming the field', async () => {
    const body = seedGoalBody(cycleId, {
      keyResults: [
        { title: '增长20%', targetValue: 20, weightBp: 3000 },
        { title: '增长30%', targetValue: 30, weightBp: 6999 },
      ],
    });
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      headers: { cookie: cookies.peer, 'accept-language': 'en-US' },
      payload: body,
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(json(r).errors).toEqual([
      {
        path: 'body.keyResults',
        code: 'weights_not_100',
        message: 'the weights must sum to exactly 100%',
      },
    ]);
  });

  it('refuses to submit until the owner’s goal weights in the cycle sum to exactly 100', async () => {
    const a = await createGoal(app, cookies.peer, seedGoalBody(cycleId, { title: '目标A', weightBp: 6000 }));
    await createGoal(app, cookies.peer, seedGoalBody(cycleId, { title: '目标B', weightBp: 3999 }));
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/goals/${a.id}/submit`,
      headers: { cookie: cookies.peer },
    });
    expect(r.statusCode).toBe(422);
    expect(json(r)).toMatchObject({
      code: 'goal.weights_not_100',
      detail: '当前目标权重合计为 99.99%',
      weightTotalBp: 9999,
    });
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/goals/${a.id}`,
      headers: { cookie: cookies.peer, 'if-match': `"${a.version}"` },
      payload: { weightBp: 6001 },
    });
    expect(patched.statusCode).toBe(200);
    const ok = await app.inject({
      method: 'POST',
      url: `/api/v1/goals/${a.id}/submit`,
      headers: { cookie: cookies.peer },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('returns SMART warnings per key result on submit, in Chinese and English', async () => {
    const other = await buildSalesTeam(tenant);
    const cookie = await signIn(app, other.zhangsan.login);
    const goal = await createGoal(
      app,
      cookie,
      seedGoalBody(cycleId, {
        keyResults: [
          { title: '提升销售额', targetValue: 100, weightBp: 5000, dueDate: '2026-09-30' },
          { title: '新客户签约量较上季度增长20%', targetValue: 20, weightBp: 5000, dueDate: '2026-10-15' },
        ],
      }),
    );
    const detail = json<{ warnings: { code: string; index: number; message: string }[] }>(
      await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie, 'accept-language': 'en-US' } }),
    );
    expect(detail.warnings.map((w) => [w.index, w.code])).toEqual([
      [0, 'no_measurable_target'],
      [1, 'due_outside_cycle'],
    ]);
    expect(detail.warnings[0]!.message).toContain('no measurable target');
    const submit = json<{ warnings: { message: string }[] }>(
      await app.inject({ method: 'POST', url: `/api/v1/goals/${goal.id}/submit`, headers: { cookie } }),
    );
    expect(submit.warnings[0]!.message).toContain('没有可衡量的目标');
  });

  it('lets the manager return a goal with a comment; the owner fixes and resubmits it', async () => {
    const other = await buildSalesTeam(tenant);
    const [owner, manager] = [
      await signIn(app, other.zhangsan.login),
      await signIn(app, other.manager.login),
    ];
    const goal = await createGoal(app, owner, seedGoalBody(cycleId));
    await app.inject({ method: 'POST', url: `/api/v1/goals/${goal.id}/submit`, headers: { cookie: owner } });
    const noComment = await app.inject({
      method: 'POST',
      url: `/api/v1/goals/${goal.id}/return`,
      headers: { cookie: manager },
      payload: {},
    });
    expect(noComment.statusCode).toBe(400);
    const returned = await app.inject({
      method: 'POST',
      url: `/api/v1/goals/${goal.id}/return`,
      headers: { cookie: manager },
      payload: { comment: 'KR1 请写明基数' },
    });
    expect(json(returned)).toMatchObject({ status: 'returned', returnComment: 'KR1 请写明基数' });
    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/v1/goals/${goal.id}`,
      headers: { cookie: owner, 'if-match': `"${json<GoalJson>(returned).version}"` },
      payload: { title: '提升华东区市场份额（修订）' },
    });
    expect(edited.statusCode).toBe(200);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/goals/${goal.id}/submit`,
      headers: { cookie: owner },
    });
    expect(json<{ goal: GoalJson & { returnComment: string | null } }>(again).goal).toMatchObject({
      status: 'submitted',
      returnComment: null,
    });
  });

  it('keeps approved goals out of direct edits and stale edits out of drafts', async () => {
    const other = await buildSalesTeam(tenant);
    const [owner, manager] = [
      await signIn(app, other.zhangsan.login),
      await signIn(app, other.manager.login),
    ];
    const approved = await buildApprovedGoal(app, owner, manager, seedGoalBody(cycleId));
    const r = await app.inject({
      method: 'PATCH',
      url: `/api/v1/goals/${approved.id}`,
      headers: { cookie: owner, 'if-match': `"${approved.version}"` },
      payload: { title: 'x' },
    });
    expect(json(r)).toMatchObject({ status: 409, code: 'goal.not_editable' });

    const draft = await createGoal(app, manager, seedGoalBody(cycleId, { ownerId: other.peer.id }));
    const first = await app.inject({
      method: 'PATCH',
      url: `/api/v1/goals/${draft.id}`,
      headers: { cookie: manager, 'if-match': `"${draft.version}"` },
      payload: { title: '第一次修改' },
    });
    expect(first.statusCode).toBe(200);
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/v1/goals/${draft.id}`,
      headers: { cookie: manager, 'if-match': `"${draft.version}"` },
      payload: { title: '基于旧版本的修改' },
    });
    expect(stale.statusCode).toBe(412);
    const missing = await app.inject({
      method: 'PATCH',
      url: `/api/v1/goals/${draft.id}`,
      headers: { cookie: manager },
      payload: { title: 'y' },
    });
    expect(missing.statusCode).toBe(428);
  });

  it('checks roles: who may see, create, approve', async () => {
    const cycle = await buildCycle(tenant, { name: '角色测试' });
    const goal = await createGoal(
      app,
      cookies.manager,
      seedGoalBody(cycle.id, { ownerId: team.peer.id, title: '经理为下属设定' }),
    );
    expect(goal.ownerId).toBe(team.peer.id);
    // An employee sets goals only for themself.
    const forColleague = await app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      headers: { cookie: cookies.zhangsan },
      payload: seedGoalBody(cycle.id, { ownerId: team.peer.id }),
    });
    expect(forColleague.statusCode).toBe(400);
    expect(json(forColleague).errors).toEqual([
      expect.objectContaining({ path: 'body.ownerId', code: 'not_found' }),
    ]);
    // Colleagues and outsiders don't see it (404, not 403); the HRBP, head, manager and HR do.
    for (const who of ['zhangsan', 'outsider'] as const)
      expect(
        (await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: cookies[who] } })).statusCode,
        who,
      ).toBe(404);
    for (const who of ['peer', 'manager', 'head', 'hrbp', 'hr'] as const)
      expect(
        (await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: cookies[who] } })).statusCode,
        who,
      ).toBe(200);
    // Company goals are HR's.
    const company = await app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      headers: { cookie: cookies.head },
      payload: seedGoalBody(cycle.id, { level: 'company' }),
    });
    expect(company.statusCode).toBe(403);
    // Nobody approves their own goal, and the HRBP is not an approver.
    await app.inject({
      method: 'POST',
      url: `/api/v1/goals/${goal.id}/submit`,
      headers: { cookie: cookies.peer },
    });
    for (const who of ['peer', 'hrbp'] as const)
      expect(
        (
          await app.inject({
            method: 'POST',
            url: `/api/v1/goals/${goal.id}/approve`,
            headers: { cookie: cookies[who] },
          })
        ).statusCode,
        who,
      ).toBe(403);
    // The head, above the manager on the reporting line, may.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/goals/${goal.id}/approve`,
          headers: { cookie: cookies.head },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('shows every goal company-wide when OKR transparency is on', async () => {
    const other = await buildTenant(database);
    const t = await buildSalesTeam(other);
    const cid = (await buildCycle(other)).id;
    const owner = await signIn(app, t.zhangsan.login);
    const goal = await createGoal(app, owner, seedGoalBody(cid));
    const outsider = await signIn(app, t.outsider.login);
    expect(
      (await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: outsider } })).statusCode,
    ).toBe(404);
    const hr = await signIn(app, other.admin.login);
    const settings = await app.inject({ url: '/api/v1/settings', headers: { cookie: hr } });
    const set = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie: hr, 'if-match': settings.headers.etag as string },
      payload: { goalsVisibleToAll: true },
    });
    expect(json(set)).toMatchObject({ goalsVisibleToAll: true, progressCap: 1 });
    expect(
      (await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: outsider } })).statusCode,
    ).toBe(200);
  });

  it('deletes drafts only, and lists a goal’s key results', async () => {
    const other = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant, { name: '删除测试' });
    const [owner, manager] = [
      await signIn(app, other.zhangsan.login),
      await signIn(app, other.manager.login),
    ];
    const draft = await createGoal(app, owner, seedGoalBody(cycle.id, { weightBp: 5000 }));
    const krs = json<{ items: { id: string }[] }>(
      await app.inject({ url: `/api/v1/goals/${draft.id}/key-results`, headers: { cookie: owner } }),
    );
    expect(krs.items.map((kr) => kr.id)).toEqual(draft.keyResults.map((kr) => kr.id));
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/goals/${draft.id}`, headers: { cookie: owner } }))
        .statusCode,
    ).toBe(204);
    expect(
      (await app.inject({ url: `/api/v1/goals/${draft.id}`, headers: { cookie: owner } })).statusCode,
    ).toBe(404);
    const approved = await buildApprovedGoal(
      app,
      owner,
      manager,
      seedGoalBody(cycle.id, { title: '已通过' }),
    );
    const refused = await app.inject({
      method: 'DELETE',
      url: `/api/v1/goals/${approved.id}`,
      headers: { cookie: owner },
    });
    expect(json(refused)).toMatchObject({ status: 409, code: 'goal.not_editable' });
  });

  it('makes a closed cycle read-only', async () => {
    const other = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant, { name: '关闭测试' });
    const [owner, manager] = [
      await signIn(app, other.zhangsan.login),
      await signIn(app, other.manager.login),
    ];
    const goal = await buildApprovedGoal(app, owner, manager, seedGoalBody(cycle.id));
    const close = await app.inject({
      method: 'POST',
      url: `/api/v1/cycles/${cycle.id}/close`,
      headers: { cookie: cookies.hr },
    });
    expect(json(close)).toMatchObject({ status: 'closed', goalCount: 1 });
    const closedGoal = json<GoalJson>(
      await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: owner } }),
    );
    expect(closedGoal.status).toBe('closed');
    expect(json(await checkIn(app, owner, goal.keyResults[0]!.id, { value: 5 }))).toMatchObject({
      code: 'cycle.closed',
    });
    expect(
      json(
        await app.inject({
          method: 'POST',
          url: '/api/v1/goals',
          headers: { cookie: owner },
          payload: seedGoalBody(cycle.id),
        }),
      ),
    ).toMatchObject({ status: 409, code: 'cycle.closed' });
    const reopen = await app.inject({
      method: 'POST',
      url: `/api/v1/cycles/${cycle.id}/reopen`,
      headers: { cookie: cookies.hr },
    });
    expect(json(reopen)).toMatchObject({ status: 'open' });
    expect((await checkIn(app, owner, goal.keyResults[0]!.id, { value: 5 })).statusCode).toBe(201);
  });
});
