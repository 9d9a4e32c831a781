import {
  ATTAINMENT_STATUSES,
  countsTowardAttainment,
  GOAL_LEVELS,
  GOAL_STATUSES,
  type GoalLevel,
  type GoalStatus,
  ownerAttainment,
} from '@perfloop/core';
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCycle, buildSalesTeam, checkIn, createGoal } from '../../../test/goals.ts';
import { buildTenant, getTestApp, json, setTestClock, signIn } from '../../../test/helpers.ts';
import { rowsOf } from '../../db/database.ts';
import { goals } from '../../db/schema.ts';
import { countsTowardAttainmentSql } from './goal.repository.ts';

const { app, database } = await getTestApp();
afterEach(() => setTestClock(null));

describe('the goals that count toward attainment, in SQL, are core’s (§2)', () => {
  it('countsTowardAttainmentSql agrees with countsTowardAttainment for every status and level', async () => {
    const cases = GOAL_LEVELS.flatMap((level) => GOAL_STATUSES.map((status) => ({ level, status })));
    const result = await database.db.execute(sql`
      select ${countsTowardAttainmentSql(sql`x`)} as counts
      from jsonb_to_recordset(${JSON.stringify(cases.map((c, n) => ({ ...c, n })))}::jsonb)
        as x(level text, status text, n int)
      order by x.n`);
    const fromSql = rowsOf<{ counts: boolean }>(result).map((r) => r.counts);
    expect(fromSql).toEqual(cases.map((c) => countsTowardAttainment(c)));
    // Not vacuous: some count, some do not.
    expect(fromSql.filter(Boolean)).toHaveLength(ATTAINMENT_STATUSES.length);
  });

  it('…and on stored goals, whose status and level are the database’s enum types', async () => {
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant);
    const rows: { id: string; level: GoalLevel; status: GoalStatus }[] = [];
    for (const level of GOAL_LEVELS)
      for (const status of GOAL_STATUSES) {
        const [row] = await tenant.scope.db
          .insert(goals)
          .values(
            tenant.scope.values({
              cycleId: cycle.id,
              level,
              kind: 'okr' as const,
              title: `${level} ${status}`,
              ownerId: level === 'personal' ? team.zhangsan.id : null,
              departmentId: level === 'department' ? team.sales.id : null,
              weightBp: 1000,
              status,
            }),
          )
          .returning({ id: goals.id });
        rows.push({ id: row!.id, level, status });
      }
    const result = await database.db.execute(sql`
      select g.id from goals g
      where g.tenant_id = ${tenant.scope.tenantId} and g.cycle_id = ${cycle.id} and ${countsTowardAttainmentSql(sql`g`)}`);
    expect(new Set(rowsOf<{ id: string }>(result).map((r) => r.id))).toEqual(
      new Set(rows.filter(countsTowardAttainment).map((r) => r.id)),
    );
  });
});

const metricKr = (title: string, targetValue: number, weightBp = 10000) => ({
  title,
  startValue: 0,
  targetValue,
  weightBp,
});
/** A "不低于" KR whose target equals its start: met from the start (p = 1), no check-in needed. */
const metKr = (title: string, weightBp = 10000) => ({
  title,
  direction: 'at_least',
  startValue: 5,
  targetValue: 5,
  weightBp,
});

type Member = {
  employeeId: string;
  attainment: number;
  expected: number;
  pace: number | null;
  behind: boolean;
  goalCount: number;
  approvedCount: number;
  pendingApproval: number;
};

describe('one person has one attainment on every page (§2)', () => {
  /**
   * 张三 in Q3 (7.1–9.30), on 8.10, with six personal goals whose progress all differ:
   * A approved 30%, checked in at 10 of 100 → 0.1; B closed 20%, 2 of 10 → 0.2;
   * C cancelled 10%, 10 of 10 → 1; D draft 10%, met → 1; E submitted 20%, half met → 0.5;
   * F returned 10%, met → 1.
   */
  async function person() {
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant);
    setTestClock('2026-08-10');
    const hr = await signIn(app, tenant.admin.login);
    const owner = await signIn(app, team.zhangsan.login);
    const manager = await signIn(app, team.manager.login);
    const head = await signIn(app, team.head.login);
    const body = (title: string, weightBp: number, keyResults: Record<string, unknown>[]) => ({
      cycleId: cycle.id,
      kind: 'okr',
      title,
      weightBp,
      dueDate: '2026-09-30',
      keyResults,
    });
    const a = await createGoal(app, owner, body('A 已批准', 3000, [metricKr('A 签约 100 家', 100)]));
    const b = await createGoal(app, owner, body('B 已关闭', 2000, [metricKr('B 上线 10 个', 10)]));
    const c = await createGoal(app, owner, body('C 已取消', 1000, [metricKr('C 培训 10 场', 10)]));
    const d = await createGoal(app, owner, body('D 草稿', 1000, [metKr('D 满意度不低于 5')]));
    const e = await createGoal(
      app,
      owner,
      body('E 已提交', 2000, [metKr('E 满意度不低于 5', 5000), metricKr('E 新增 10 家', 10, 5000)]),
    );
    const f = await createGoal(app, owner, body('F 已退回', 1000, [metKr('F 满意度不低于 5')]));
    const post = async (cookie: string, url: string, payload?: Record<string, unknown>) => {
      const r = await app.inject({ method: 'POST', url, headers: { cookie }, ...(payload && { payload }) });
      expect(r.statusCode, `${url} ${r.body}`).toBe(200);
    };
    for (const goal of [a, b, c, e, f]) await post(owner, `/api/v1/goals/${goal.id}/submit`);
    for (const goal of [a, b, c]) await post(manager, `/api/v1/goals/${goal.id}/approve`);
    await post(manager, `/api/v1/goals/${f.id}/return`, { comment: '请补充衡量标准' });
    for (const [goal, value] of [
      [a, 10],
      [b, 2],
      [c, 10],
    ] as const)
      expect((await checkIn(app, owner, goal.keyResults[0]!.id, { value })).statusCode).toBe(201);
    // Closing (the cycle closes its approved goals) and cancelling (an applied revision) are other
    // issues' flows; the status is what the rule reads, so it is set directly.
    for (const [goal, status] of [
      [b, 'closed'],
      [c, 'cancelled'],
    ] as const)
      await tenant.scope.db
        .update(goals)
        .set({ status })
        .where(and(eq(goals.tenantId, tenant.scope.tenantId), eq(goals.id, goal.id)));
    return { tenant, team, cycle, hr, owner, manager, head, ids: { a, b, c, d, e, f } };
  }

  const get = async <T>(cookie: string, url: string): Promise<T> => {
    const r = await app.inject({ method: 'GET', url, headers: { cookie } });
    expect(r.statusCode, `${url} ${r.body}`).toBe(200);
    return json<T>(r);
  };

  // By hand from §2: only A (approved) and B (closed) count. 30% · 0.1 + 20% · 0.2 = 0.07.
  // (Counting every goal not cancelled, as the team view did: + 10% · 1 + 20% · 0.5 + 10% · 1 = 0.37.)
  const ATTAINMENT = 0.3 * 0.1 + 0.2 * 0.2;
  // Every KR runs 7.1–9.30 (91 days); on 8.10, 40 days in: e = 40/91 for A and B alike.
  const EXPECTED = (0.3 + 0.2) * (40 / 91);

  it('shows the same attainment on my dashboard, the team view, the team and department dashboards and my goals', async () => {
    const q = await person();
    const cycleId = q.cycle.id;
    const me = q.team.zhangsan.id;

    const mine = await get<{ attainment: number; expected: number; pace: number | null; behind: boolean }>(
      q.owner,
      `/api/v1/dashboards/me?cycleId=${cycleId}`,
    );
    const teamMembers = (await get<{ items: Member[] }>(q.manager, `/api/v1/goals/team?cycleId=${cycleId}`))
      .items;
    const deepMembers = (
      await get<{ items: Member[] }>(q.head, `/api/v1/goals/team?cycleId=${cycleId}&depth=all`)
    ).items;
    const teamDashboard = await get<{ members: Member[] }>(
      q.manager,
      `/api/v1/dashboards/team?cycleId=${cycleId}`,
    );
    const department = await get<{
      people: number;
      distribution: { bucket: string; people: number }[];
      checkIns: { goals: number; checkedInLast7Days: number; compliance: number | null };
    }>(q.head, `/api/v1/dashboards/department?cycleId=${cycleId}&departmentId=${q.team.sales.id}`);
    const myGoals = await get<{ items: Parameters<typeof ownerAttainment>[0] }>(
      q.owner,
      `/api/v1/goals?cycleId=${cycleId}&scope=mine`,
    );

    const inTeam = teamMembers.find((m) => m.employeeId === me)!;
    const inDeep = deepMembers.find((m) => m.employeeId === me)!;
    const onDashboard = teamDashboard.members.find((m) => m.employeeId === me)!;
    const shown = {
      myDashboard: mine.attainment,
      teamView: inTeam.attainment,
      teamViewAllLevels: inDeep.attainment,
      teamDashboard: onDashboard.attainment,
      // What My goals shows: core's attainment over the goals the list returns.
      myGoals: ownerAttainment(myGoals.items),
    };
    for (const value of Object.values(shown)) expect(value).toBeCloseTo(ATTAINMENT, 12);
    expect(new Set(Object.values(shown)).size).toBe(1);

    // Expected progress and pace are taken over the same goals everywhere.
    for (const m of [inTeam, inDeep, onDashboard, mine]) {
      expect(m.expected).toBeCloseTo(EXPECTED, 12);
      expect(m.pace).toBeCloseTo(ATTAINMENT / EXPECTED, 12);
      expect(m.behind).toBe(true); // 0.32 < 0.8, the default threshold
    }

    // The department dashboard buckets people by the same number: 7% is in 0–20 (37% would be 20–40).
    expect(department.people).toBe(1);
    expect(department.distribution.filter((b) => b.people > 0)).toEqual([{ bucket: '0-20', people: 1 }]);
    // Compliance: of the goals being worked on (A, approved), A was checked in today.
    expect(department.checkIns).toEqual({ goals: 1, checkedInLast7Days: 1, compliance: 1 });

    // The counts beside it still count every goal not cancelled.
    expect(inTeam).toMatchObject({ goalCount: 5, approvedCount: 2, pendingApproval: 1 });
  });

  it('says behind against the company’s pace threshold, and the cycle’s where it sets one (§3)', async () => {
    const q = await person();
    const cycleId = q.cycle.id;
    const me = q.team.zhangsan.id;
    const behindOf = async () => {
      const team = await get<{ items: Member[] }>(q.manager, `/api/v1/goals/team?cycleId=${cycleId}`);
      const member = team.items.find((m) => m.employeeId === me)!;
      const mine = await get<{ behind: boolean; goals: { id: string; behind: boolean }[] }>(
        q.owner,
        `/api/v1/dashboards/me?cycleId=${cycleId}`,
      );
      const goal = await get<{ behind: boolean; keyResults: { behind: boolean }[] }>(
        q.owner,
        `/api/v1/goals/${q.ids.b.id}`,
      );
      expect(mine.behind).toBe(member.behind);
      expect(mine.goals.find((g) => g.id === q.ids.b.id)!.behind).toBe(goal.behind);
      expect(goal.keyResults[0]!.behind).toBe(goal.behind);
      return { person: member.behind, goalB: goal.behind };
    };
    // Paces: the person 0.07 / (0.5 · 40/91) = 0.32; goal B 0.2 / (40/91) = 0.455.
    expect(await behindOf()).toEqual({ person: true, goalB: true });

    const settings = await app.inject({ url: '/api/v1/settings', headers: { cookie: q.hr } });
    const lowered = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie: q.hr, 'if-match': settings.headers.etag as string },
      payload: { paceThreshold: 0.3 },
    });
    expect(lowered.statusCode, lowered.body).toBe(200);
    expect(await behindOf()).toEqual({ person: false, goalB: false });

    const cycle = await app.inject({ url: `/api/v1/cycles/${cycleId}`, headers: { cookie: q.hr } });
    const override = await app.inject({
      method: 'PATCH',
      url: `/api/v1/cycles/${cycleId}`,
      headers: { cookie: q.hr, 'if-match': cycle.headers.etag as string },
      payload: { warningSettings: { paceThreshold: 0.5 } },
    });
    expect(override.statusCode, override.body).toBe(200);
    expect(await behindOf()).toEqual({ person: true, goalB: true });
  });
});
