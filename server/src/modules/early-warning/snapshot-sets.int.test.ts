import {
  expectedProgress,
  type KrDirection,
  type KrMeasure,
  keyResultMeasureAt,
  keyResultProgress,
  weightedProgress,
} from '@perfloop/core';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildApprovedGoal,
  buildCycle,
  buildSalesTeam,
  checkIn,
  createGoal,
  runSnapshot,
  seedGoalBody,
} from '../../../test/goals.ts';
import { buildTenant, getTestApp, json, setTestClock, signIn } from '../../../test/helpers.ts';
import { rowsOf } from '../../db/database.ts';

const { app, database } = await getTestApp();
afterEach(() => setTestClock(null));

type SnapshotPoint = {
  date: string;
  progress: number;
  expected: number;
  keyResults: { id: string; progress: number; expected: number }[];
};

/** The same number, −0 and +0 apart (what === and toBeCloseTo would both let through). */
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe('progress computed in the database (migration 0011) is core’s, case for case', () => {
  it('perfloop_kr_progress equals keyResultProgress for every kind, direction and edge', async () => {
    const values = [0, 0.1, 0.2, 0.3, 4.8, 5, 12, -3, 1e6, 1 / 3, 85, 70.5];
    const directions: KrDirection[] = ['increase', 'decrease', 'at_least', 'at_most'];
    type Case = {
      kind: 'metric' | 'milestone';
      direction: KrDirection;
      s: number;
      t: number | null;
      c: number | null;
      done: boolean | null;
      manual: number | null;
    };
    const cases: Case[] = [];
    for (const direction of directions)
      for (const s of values)
        for (const t of [...values, null])
          for (const c of [...values, null])
            cases.push({ kind: 'metric', direction, s, t, c, done: null, manual: null });
    for (const done of [true, false, null])
      for (const manual of [null, 0, 33.3, 50, 100, 150, -10, 1 / 3])
        cases.push({ kind: 'milestone', direction: 'increase', s: 0, t: null, c: null, done, manual });

    const result = await database.db.execute(sql`
      select perfloop_kr_progress(x.kind, x.direction, x.s, x.t, x.c, x.done, x.manual) as p
      from jsonb_to_recordset(${JSON.stringify(cases.map((c, n) => ({ ...c, n })))}::jsonb)
        as x(kind text, direction text, s float8, t float8, c float8, done boolean, manual float8, n int)
      order by x.n`);
    const fromSql = rowsOf<{ p: number }>(result).map((r) => Number(r.p));
    expect(fromSql).toHaveLength(cases.length);
    const differ = cases.filter((x, i) => {
      const measure: KrMeasure =
        x.kind === 'metric'
          ? {
              kind: 'metric',
              direction: x.direction,
              startValue: x.s,
              targetValue: x.t ?? x.s,
              currentValue: x.c ?? x.s,
            }
          : { kind: 'milestone', done: x.done ?? false, manualPercent: x.manual };
      return !same(keyResultProgress(measure), fromSql[i]!);
    });
    expect(differ).toEqual([]);
    // The cases cover what matters: decreasing targets, binary KRs met and missed, over-achievement.
    expect(
      new Set(fromSql.map((p) => (p === 0 ? 'zero' : p === 1 ? 'one' : p > 1 ? 'over' : 'part'))),
    ).toEqual(new Set(['zero', 'one', 'over', 'part']));
  });

  it('perfloop_expected equals expectedProgress before, inside and after the span, and for an empty span', async () => {
    const days = [
      '2026-06-15',
      '2026-07-01',
      '2026-07-02',
      '2026-08-15',
      '2026-09-29',
      '2026-09-30',
      '2026-10-09',
    ];
    const cases = days.flatMap((day) => days.flatMap((start) => days.map((due) => ({ day, start, due }))));
    const result = await database.db.execute(sql`
      select perfloop_expected(x.day, x.start, x.due) as e
      from jsonb_to_recordset(${JSON.stringify(cases.map((c, n) => ({ ...c, n })))}::jsonb)
        as x(day date, start date, due date, n int)
      order by x.n`);
    const fromSql = rowsOf<{ e: number }>(result).map((r) => Number(r.e));
    expect(fromSql).toHaveLength(cases.length);
    const differ = cases.filter((x, i) => !same(expectedProgress(x.day, x.start, x.due), fromSql[i]!));
    expect(differ).toEqual([]);
  });
});

async function company() {
  const tenant = await buildTenant(database);
  const team = await buildSalesTeam(tenant);
  const cycle = await buildCycle(tenant);
  return {
    tenant,
    team,
    cycle,
    hr: await signIn(app, tenant.admin.login),
    owner: await signIn(app, team.zhangsan.login),
    manager: await signIn(app, team.manager.login),
    head: await signIn(app, team.head.login),
  };
}

const snapshot = (hr: string, date: string) => runSnapshot(app, hr, date);

async function points(cookie: string, goalId: string) {
  const r = await app.inject({
    method: 'GET',
    url: `/api/v1/goals/${goalId}/snapshots`,
    headers: { cookie },
  });
  expect(r.statusCode, r.body).toBe(200);
  return json<{ items: SnapshotPoint[] }>(r).items;
}

type GoalRead = {
  progress: number;
  expected: number;
  keyResults: { id: string; progress: number; expected: number }[];
};

async function readGoal(cookie: string, goalId: string) {
  const r = await app.inject({ method: 'GET', url: `/api/v1/goals/${goalId}`, headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return json<GoalRead>(r);
}

/** The goal's last check-in as the snapshot recorded it (what the stale rule read). */
async function storedLastCheckIn(tenantId: string, goalId: string) {
  const [row] = rowsOf<{ at: string }>(
    await database.db.execute(sql`
      select last_check_in_at::text as at from goal_snapshots where tenant_id = ${tenantId} and goal_id = ${goalId}`),
  );
  return new Date(row!.at).toISOString();
}

describe('the weekly snapshot stores each open KR with its goal', () => {
  it('on the day: every KR’s p and e in position order, the same numbers the goal page shows', async () => {
    const q = await company();
    setTestClock('2026-06-30');
    const goal = await buildApprovedGoal(
      app,
      q.owner,
      q.manager,
      seedGoalBody(q.cycle.id, {
        keyResults: [
          // Over-achieved (capped at 1 in the goal), decreasing, and a milestone half done, due early.
          { title: '签约额 20 万', startValue: 0, targetValue: 20, weightBp: 4000 },
          {
            title: '投诉率从 12% 降到 5%',
            direction: 'decrease',
            startValue: 12,
            targetValue: 5,
            weightBp: 3000,
          },
          { title: '上线新系统', kind: 'milestone', weightBp: 3000, dueDate: '2026-08-31' },
        ],
      }),
    );
    const [k1, k2, k3] = goal.keyResults;
    setTestClock('2026-08-10');
    expect((await checkIn(app, q.owner, k1!.id, { value: 26 })).statusCode).toBe(201);
    expect((await checkIn(app, q.owner, k2!.id, { value: 9.2 })).statusCode).toBe(201);
    expect((await checkIn(app, q.owner, k3!.id, { percent: 50 })).statusCode).toBe(201);
    expect(await snapshot(q.hr, '2026-08-10')).toMatchObject({ goals: 1, keyResults: 3 });

    const [point] = await points(q.owner, goal.id);
    const page = await readGoal(q.owner, goal.id);
    expect(point!.keyResults.map((k) => k.id)).toEqual([k1!.id, k2!.id, k3!.id]);
    expect(point!.keyResults.map((k) => k.progress)).toEqual([1.3, (9.2 - 12) / (5 - 12), 0.5]);
    expect(point!.keyResults.map((k) => k.progress)).toEqual(page.keyResults.map((k) => k.progress));
    expect(point!.keyResults.map((k) => k.expected)).toEqual(page.keyResults.map((k) => k.expected));
    expect(point!.keyResults[2]!.expected).toBe(expectedProgress('2026-08-10', '2026-07-01', '2026-08-31'));
    // The goal: the cap keeps KR1 at 1; e is weighted like p.
    expect(point!.progress).toBeCloseTo(0.4 * 1 + 0.3 * (2.8 / 7) + 0.3 * 0.5, 12);
    expect(point!.progress).toBeCloseTo(page.progress, 12);
    expect(point!.expected).toBeCloseTo(page.expected, 12);

    expect(await storedLastCheckIn(q.tenant.scope.tenantId, goal.id)).toBe(
      new Date('2026-08-10T12:00:00+08:00').toISOString(),
    );
  });

  it('for a past day: each KR replayed from its last check-in before that day ended', async () => {
    const q = await company();
    setTestClock('2026-06-30');
    const goal = await buildApprovedGoal(
      app,
      q.owner,
      q.manager,
      seedGoalBody(q.cycle.id, {
        keyResults: [
          { title: '签约额 20 万', startValue: 0, targetValue: 20, weightBp: 5000 },
          { title: '上线新系统', kind: 'milestone', weightBp: 5000 },
        ],
      }),
    );
    const [k1, k2] = goal.keyResults;
    const at = async (date: string, kr: string, payload: Record<string, unknown>) => {
      setTestClock(date);
      expect((await checkIn(app, q.owner, kr, payload)).statusCode).toBe(201);
    };
    await at('2026-07-15', k1!.id, { value: 4 });
    await at('2026-07-20T23:30:00+08:00', k1!.id, { value: 6 }); // the day's last half hour counts
    await at('2026-07-21T00:10:00+08:00', k1!.id, { value: 9 }); // the next day does not
    await at('2026-07-22', k2!.id, { done: true }); // after the day: the milestone was not done then
    setTestClock('2026-08-01');
    expect(await snapshot(q.hr, '2026-07-20')).toMatchObject({ goals: 1, keyResults: 2 });
    const [point] = await points(q.hr, goal.id);
    const e = expectedProgress('2026-07-20', '2026-07-01', '2026-09-30');
    expect(point!.keyResults).toEqual([
      { id: k1!.id, progress: 6 / 20, expected: e },
      { id: k2!.id, progress: 0, expected: e },
    ]);
    // What core's replay gives for the same check-ins.
    const replayed = keyResultMeasureAt(
      { kind: 'metric', direction: 'increase', startValue: 0, targetValue: 20, currentValue: 9 },
      [
        { at: '2026-07-15T04:00:00Z', value: 4, done: null, percent: null },
        { at: '2026-07-20T15:30:00Z', value: 6, done: null, percent: null },
        { at: '2026-07-20T16:10:00Z', value: 9, done: null, percent: null },
      ],
      new Date('2026-07-20T16:00:00Z'),
    );
    expect(keyResultProgress(replayed)).toBe(point!.keyResults[0]!.progress);
    expect(point!.progress).toBeCloseTo(
      weightedProgress([
        { weightBp: 5000, progress: 0.3 },
        { weightBp: 5000, progress: 0 },
      ]),
      12,
    );
    expect(await storedLastCheckIn(q.tenant.scope.tenantId, goal.id)).toBe('2026-07-20T15:30:00.000Z');
  });

  it('computes a goal with a roll-up KR in core, from the goals aligned to it', async () => {
    const q = await company();
    setTestClock('2026-06-30');
    const top = await buildApprovedGoal(app, q.hr, q.hr, {
      ...seedGoalBody(q.cycle.id, { level: 'company', title: '公司：华东区份额第一' }),
      keyResults: [
        { title: '华东区收入增长30%', targetValue: 30, weightBp: 5000, rollUp: true },
        { title: '客户满意度≥4.8', direction: 'at_least', startValue: 4.8, targetValue: 4.8, weightBp: 5000 },
      ],
    });
    const dept = await buildApprovedGoal(app, q.head, q.hr, {
      ...seedGoalBody(q.cycle.id, {
        level: 'department',
        departmentId: q.team.sales.id,
        title: '销售部：华东区签约',
      }),
      parentKeyResultId: top.keyResults[0]!.id,
    });
    setTestClock('2026-08-10');
    expect((await checkIn(app, q.head, dept.keyResults[0]!.id, { value: 10 })).statusCode).toBe(201);
    expect(await snapshot(q.hr, '2026-08-10')).toMatchObject({ goals: 2, keyResults: 5 });
    const page = await readGoal(q.hr, top.id);
    const [point] = await points(q.hr, top.id);
    // KR1 follows the department goal (0.5), KR2 is met: 0.75, as the goal page says.
    expect(point!.keyResults.map((k) => k.progress)).toEqual([0.5, 1]);
    expect(point!.progress).toBeCloseTo(0.75, 12);
    expect(point!.progress).toBeCloseTo(page.progress, 12);
    expect(point!.keyResults.map((k) => k.expected)).toEqual(page.keyResults.map((k) => k.expected));
    expect((await points(q.hr, dept.id))[0]!.progress).toBeCloseTo(0.5, 12);
  });

  it('goes with its goal when the goal is deleted, and its alerts too', async () => {
    const q = await company();
    // Only drafts can be deleted, and drafts are never snapshotted nor alerted: rows written by
    // hand stand in for those of an approved goal, to show the triggers that replaced the foreign
    // keys (migrations 0011 and 0012). The other draft's rows stay.
    const draft = await createGoal(app, q.owner, seedGoalBody(q.cycle.id));
    const other = await createGoal(app, q.owner, seedGoalBody(q.cycle.id));
    const t = q.tenant.scope.tenantId;
    for (const goal of [draft, other])
      await database.db.execute(sql`
        with s as (
          insert into goal_snapshots (tenant_id, goal_id, snapshot_date, cycle_id, progress, expected)
          values (${t}, ${goal.id}, '2026-07-13', ${q.cycle.id}, 0, 0.13))
        insert into alerts (tenant_id, goal_id, cycle_id, rule, status, opened_on)
        values (${t}, ${goal.id}, ${q.cycle.id}, 'stale', 'open', '2026-07-13')`);
    const count = async (goalId: string) =>
      rowsOf<{ n: number }>(
        await database.db.execute(
          sql`select (select count(*) from goal_snapshots where tenant_id = ${t} and goal_id = ${goalId})::int
            + (select count(*) from alerts where tenant_id = ${t} and goal_id = ${goalId})::int as n`,
        ),
      )[0]!.n;
    expect([await count(draft.id), await count(other.id)]).toEqual([2, 2]);
    const r = await app.inject({
      method: 'DELETE',
      url: `/api/v1/goals/${draft.id}`,
      headers: { cookie: q.owner },
    });
    expect(r.statusCode, r.body).toBe(204);
    expect([await count(draft.id), await count(other.id)]).toEqual([0, 2]);
  });
});
