import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildApprovedGoal,
  buildCycle,
  buildSalesTeam,
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
import { uuidArray } from '../../db/sql-arrays.ts';

const { app, database } = await getTestApp();

type RevisionJson = {
  id: string;
  status: string;
  awaitingStep: string | null;
  canDecide: boolean;
  steps: { step: string; decision: string; actorName: string; comment: string | null }[];
  appliedRevisionNo: number | null;
};

describe('goal revisions (§5)', () => {
  let tenant: TestTenant;
  let team: Awaited<ReturnType<typeof buildSalesTeam>>;
  let c: Record<'hr' | 'head' | 'manager' | 'owner' | 'hrbp' | 'peer', string>;

  beforeAll(async () => {
    tenant = await buildTenant(database);
    team = await buildSalesTeam(tenant);
    c = {
      hr: await signIn(app, tenant.admin.login),
      head: await signIn(app, team.head.login),
      manager: await signIn(app, team.manager.login),
      owner: await signIn(app, team.zhangsan.login),
      hrbp: await signIn(app, team.hrbp.login),
      peer: await signIn(app, team.peer.login),
    };
  });
  afterEach(() => setTestClock(null));

  const approvedGoal = async (title: string) => {
    const cycle = await buildCycle(tenant, { name: title });
    return buildApprovedGoal(app, c.owner, c.manager, seedGoalBody(cycle.id, { title }));
  };
  const request = (cookie: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/goal-revisions', headers: { cookie }, payload });
  const act = (cookie: string, id: string, action: 'approve' | 'reject' | 'withdraw', comment?: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/goal-revisions/${id}/${action}`,
      headers: { cookie },
      ...(comment !== undefined && { payload: { comment } }),
    });

  it('goes through the department head and HR, then applies as a new version; the old one stays readable (备案)', async () => {
    const goal = await approvedGoal('修订主流程');
    const kr1 = goal.keyResults[0]!;
    const created = await request(c.owner, {
      goalId: goal.id,
      change: { kind: 'target', keyResults: [{ id: kr1.id, targetValue: 15 }] },
      reason: '竞争对手降价，市场环境突变',
      basis: '8月经营分析会决议',
    });
    expect(created.statusCode).toBe(201);
    const revision = json<RevisionJson>(created);
    expect(revision).toMatchObject({
      status: 'submitted',
      awaitingStep: 'department_head',
      canDecide: false,
    });

    // Neither the requester, the manager nor HR decides the first step; the head of 销售部 does.
    expect((await act(c.owner, revision.id, 'approve')).statusCode).toBe(403);
    expect((await act(c.manager, revision.id, 'approve')).statusCode).toBe(403);
    expect((await act(c.hr, revision.id, 'approve')).statusCode).toBe(403);
    const headInbox = json<{ revisions: RevisionJson[] }>(
      await app.inject({ url: '/api/v1/approvals', headers: { cookie: c.head } }),
    );
    expect(headInbox.revisions.map((r) => r.id)).toContain(revision.id);
    const headStep = json<RevisionJson>(await act(c.head, revision.id, 'approve', '同意'));
    expect(headStep).toMatchObject({ status: 'head_approved', awaitingStep: 'hr' });
    // A goal with an open request cannot get a second one.
    const second = await request(c.owner, {
      goalId: goal.id,
      change: { kind: 'cancel' },
      reason: 'r',
      basis: 'b',
    });
    expect(json(second)).toMatchObject({ status: 409, code: 'revision.open_exists' });

    expect((await act(c.head, revision.id, 'approve')).statusCode).toBe(403);
    const hrInbox = json<{ revisions: RevisionJson[] }>(
      await app.inject({ url: '/api/v1/approvals', headers: { cookie: c.hrbp } }),
    );
    expect(hrInbox.revisions.map((r) => r.id)).toContain(revision.id);
    const applied = json<RevisionJson>(await act(c.hr, revision.id, 'approve', '已备案'));
    expect(applied).toMatchObject({ status: 'applied', awaitingStep: null, appliedRevisionNo: 2 });
    expect(applied.steps.map((s) => [s.step, s.decision, s.actorName, s.comment])).toEqual([
      ['department_head', 'approved', '王总', '同意'],
      ['hr', 'approved', '管理员', '已备案'],
    ]);

    const after = json<GoalJson>(
      await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: c.owner } }),
    );
    expect(after.revisionNo).toBe(2);
    expect(after.keyResults[0]!.targetValue).toBe(15);
    const versions = json<{
      items: {
        revisionNo: number;
        snapshot: { keyResults: { targetValue: number }[] };
        approvals: unknown[];
      }[];
    }>(await app.inject({ url: `/api/v1/goals/${goal.id}/versions`, headers: { cookie: c.owner } })).items;
    expect(
      versions.map((v) => [v.revisionNo, v.snapshot.keyResults[0]!.targetValue, v.approvals.length]),
    ).toEqual([
      [1, 20, 0],
      [2, 15, 2],
    ]);
  });

  it('lets any step reject with a comment, and the requester withdraw', async () => {
    const goal = await approvedGoal('驳回流程');
    const a = json<RevisionJson>(
      await request(c.manager, {
        goalId: goal.id,
        change: { kind: 'due_date', dueDate: '2026-09-15' },
        reason: '提前',
        basis: '客户要求',
      }),
    );
    expect((await act(c.head, a.id, 'reject')).statusCode).toBe(400);
    const rejected = json<RevisionJson>(await act(c.head, a.id, 'reject', '依据不足'));
    expect(rejected).toMatchObject({
      status: 'rejected',
      steps: [expect.objectContaining({ decision: 'rejected', comment: '依据不足' })],
    });
    expect(json(await act(c.hr, a.id, 'approve'))).toMatchObject({ code: 'revision.not_awaiting' });

    const b = json<RevisionJson>(
      await request(c.owner, {
        goalId: goal.id,
        change: { kind: 'cancel' },
        reason: '岗位调整',
        basis: '调岗通知',
      }),
    );
    expect((await act(c.manager, b.id, 'withdraw')).statusCode).toBe(403);
    expect(json(await act(c.owner, b.id, 'withdraw'))).toMatchObject({ status: 'withdrawn' });
    const unchanged = json<GoalJson>(
      await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: c.owner } }),
    );
    expect(unchanged).toMatchObject({ status: 'approved', revisionNo: 1, dueDate: '2026-09-30' });
  });

  it('refuses changes that do not fit the goal, and goals that are not approved', async () => {
    const goal = await approvedGoal('校验');
    const other = await approvedGoal('另一个目标');
    const foreignKr = await request(c.owner, {
      goalId: goal.id,
      change: { kind: 'target', keyResults: [{ id: other.keyResults[0]!.id, targetValue: 1 }] },
      reason: 'r',
      basis: 'b',
    });
    expect(json(foreignKr)).toMatchObject({ status: 422, code: 'revision.invalid_change' });
    const partialWeights = await request(c.owner, {
      goalId: goal.id,
      change: { kind: 'weight', keyResults: [{ id: goal.keyResults[0]!.id, weightBp: 10000 }] },
      reason: 'r',
      basis: 'b',
    });
    expect(json(partialWeights)).toMatchObject({ code: 'revision.invalid_change' });
    const badSum = await request(c.owner, {
      goalId: goal.id,
      change: { kind: 'weight', keyResults: goal.keyResults.map((kr) => ({ id: kr.id, weightBp: 3000 })) },
      reason: 'r',
      basis: 'b',
    });
    expect(json(badSum).errors).toEqual([
      expect.objectContaining({ path: 'body.change.keyResults', code: 'weights_not_100' }),
    ]);
    const noReason = await request(c.owner, {
      goalId: goal.id,
      change: { kind: 'cancel' },
      reason: ' ',
      basis: 'b',
    });
    expect(json(noReason).errors).toEqual([
      expect.objectContaining({ path: 'body.reason', code: 'required' }),
    ]);
    const peerGoal = await request(c.peer, {
      goalId: goal.id,
      change: { kind: 'cancel' },
      reason: 'r',
      basis: 'b',
    });
    expect(peerGoal.statusCode).toBe(404);
  });

  it('applies exactly once when HR approves twice at the same moment', async () => {
    const goal = await approvedGoal('并发审批');
    const rev = json<RevisionJson>(
      await request(c.owner, {
        goalId: goal.id,
        change: {
          kind: 'weight',
          keyResults: goal.keyResults.map((kr, i) => ({ id: kr.id, weightBp: [5000, 2500, 2500][i] })),
        },
        reason: '重点调整',
        basis: '季度会议',
      }),
    );
    await act(c.head, rev.id, 'approve');
    const hr2 = await signIn(app, tenant.admin.login);
    const results = await Promise.all([act(c.hr, rev.id, 'approve'), act(hr2, rev.id, 'approve')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const after = json<GoalJson>(
      await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: c.owner } }),
    );
    expect(after.revisionNo).toBe(2);
    expect(after.keyResults.map((kr) => kr.weightBp)).toEqual([5000, 2500, 2500]);
    const versions = json<{ items: unknown[] }>(
      await app.inject({ url: `/api/v1/goals/${goal.id}/versions`, headers: { cookie: c.owner } }),
    );
    expect(versions.items).toHaveLength(2);
  });

  it('never leaves a half-applied version when an approval races an edit', async () => {
    const goal = await approvedGoal('审批与编辑竞争');
    const rev = json<RevisionJson>(
      await request(c.owner, {
        goalId: goal.id,
        change: {
          kind: 'text',
          title: '新的目标名称',
          keyResults: [{ id: goal.keyResults[0]!.id, title: 'KR1:新客户签约量增长25%' }],
        },
        reason: '表述调整',
        basis: '部门会议',
      }),
    );
    await act(c.head, rev.id, 'approve');
    const [approval, edit] = await Promise.all([
      act(c.hr, rev.id, 'approve'),
      app.inject({
        method: 'PATCH',
        url: `/api/v1/goals/${goal.id}`,
        headers: { cookie: c.owner, 'if-match': `"${goal.version}"` },
        payload: { title: '绕过审批的修改' },
      }),
    ]);
    expect(approval.statusCode).toBe(200);
    expect([409, 412]).toContain(edit.statusCode);
    const after = json<GoalJson>(
      await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: c.owner } }),
    );
    const versions = json<{
      items: { revisionNo: number; snapshot: { title: string; keyResults: { title: string }[] } }[];
    }>(await app.inject({ url: `/api/v1/goals/${goal.id}/versions`, headers: { cookie: c.owner } })).items;
    const latest = versions.at(-1)!;
    expect(latest.revisionNo).toBe(after.revisionNo);
    expect([after.title, after.keyResults[0]!.title]).toEqual(['新的目标名称', 'KR1:新客户签约量增长25%']);
    expect([latest.snapshot.title, latest.snapshot.keyResults[0]!.title]).toEqual([
      after.title,
      after.keyResults[0]!.title,
    ]);
    expect(versions[0]!.snapshot.title).toBe('审批与编辑竞争');
  });

  it('cancels a goal through a revision; a cancelled goal leaves the owner’s weights', async () => {
    const goal = await approvedGoal('取消目标');
    const rev = json<RevisionJson>(
      await request(c.owner, {
        goalId: goal.id,
        change: { kind: 'cancel' },
        reason: '项目终止',
        basis: '公司通知',
      }),
    );
    await act(c.head, rev.id, 'approve');
    await act(c.hr, rev.id, 'approve');
    const after = json<GoalJson>(
      await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: c.owner } }),
    );
    expect(after.status).toBe('cancelled');
  });

  it('pages through revisions made in the same millisecond without skipping one (the cursor keeps microseconds)', async () => {
    const ids: string[] = [];
    for (const title of ['同毫秒一', '同毫秒二', '同毫秒三']) {
      const goal = await approvedGoal(title);
      const created = await request(c.owner, {
        goalId: goal.id,
        change: { kind: 'cancel' },
        reason: '业务调整',
        basis: '同一毫秒',
      });
      ids.push(json<RevisionJson>(created).id);
    }
    // Three requests in one millisecond, a microsecond apart.
    await database.db.execute(sql`update goal_revisions
      set created_at = '2026-08-03 10:00:00.123'::timestamptz + (array_position(${uuidArray(ids)}, id) * interval '1 microsecond')
      where id = any(${uuidArray(ids)})`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = json<{ items: RevisionJson[]; nextCursor: string | null }>(
        await app.inject({ url: `/api/v1/goal-revisions?${query}`, headers: { cookie: c.hr } }),
      );
      seen.push(...page.items.map((r) => r.id).filter((id) => ids.includes(id)));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });
});
