import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildApprovedGoal,
  buildCycle,
  buildSalesTeam,
  checkIn,
  runSnapshot,
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

// A 13-week quarter: Q3 2026 runs 2026-07-01 … 2026-09-30, 91 days; snapshots on Mondays.
const SPAN = 91;
const e = (date: string) =>
  (Date.parse(`${date}T00:00:00Z`) - Date.parse('2026-07-01T00:00:00Z')) / 86_400_000 / SPAN;

type AlertJson = {
  id: string;
  rule: string;
  status: string;
  openedOn: string;
  resolvedOn: string | null;
  pace: number | null;
};

let app: FastifyInstance;
beforeAll(async () => {
  ({ app } = await getTestApp());
});
afterEach(() => setTestClock(null));

async function quarter() {
  const tenant: TestTenant = await buildTenant((await getTestApp()).database);
  const team = await buildSalesTeam(tenant);
  const cycle = await buildCycle(tenant);
  const hr = await signIn(app, tenant.admin.login);
  const owner = await signIn(app, team.zhangsan.login);
  const manager = await signIn(app, team.manager.login);
  setTestClock('2026-06-30');
  const goal = await buildApprovedGoal(
    app,
    owner,
    manager,
    seedGoalBody(cycle.id, {
      title: '提升华东区市场份额',
      keyResults: [
        { title: '新签合同额 100 万元', startValue: 0, targetValue: 100, unit: '万元', weightBp: 10000 },
      ],
    }),
  );
  const krId = goal.keyResults[0]!.id;
  return {
    tenant,
    team,
    cycle,
    hr,
    owner,
    manager,
    goal,
    /** Checks in a value at noon of the date (Shanghai). */
    async progress(date: string, value: number) {
      setTestClock(date);
      const r = await checkIn(app, owner, krId, { value });
      expect(r.statusCode, r.body).toBe(201);
    },
    /** Runs the weekly snapshot for the date, as HR, at noon of that date. */
    async snapshot(date: string) {
      setTestClock(date);
      return runSnapshot(app, hr, date);
    },
    async alerts(rule = 'pace') {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/alerts?view=all&status=any&rule=${rule}`,
        headers: { cookie: hr },
      });
      expect(r.statusCode, r.body).toBe(200);
      return json<{ items: AlertJson[] }>(r).items;
    },
  };
}

// Progress (of 100) checked in before each Monday's snapshot. Pace = p / e:
// 7.13 .12/.132 = .91 · 7.20 .10/.209 = .48 behind · 7.27 .27/.286 = .95 · 8.3 .20/.363 = .55 behind
// 8.10 .30/.440 = .68 behind · 8.17 .35/.516 = .68 behind · 8.24 .50/.593 = .84 · 8.31 .60/.670 = .90
const WEEKS: [string, number][] = [
  ['2026-07-13', 12],
  ['2026-07-20', 10],
  ['2026-07-27', 27],
  ['2026-08-03', 20],
  ['2026-08-10', 30],
  ['2026-08-17', 35],
  ['2026-08-24', 50],
  ['2026-08-31', 60],
];

describe('weekly snapshots and the pace rule (domain.md §3)', () => {
  it('stores p and e exactly, opens one alert after two weeks behind, and resolves it on recovery', async () => {
    const q = await quarter();
    const opened: Record<string, number> = {};
    const resolved: Record<string, number> = {};
    for (const [date, value] of WEEKS) {
      await q.progress(date, value);
      const run = await q.snapshot(date);
      expect(run.goals).toBe(1);
      opened[date] = run.alertsOpened;
      resolved[date] = run.alertsResolved;
    }
    // One week behind (7.20) opens nothing; two in a row (8.3, 8.10) open exactly one alert.
    expect(opened).toEqual({
      '2026-07-13': 0,
      '2026-07-20': 0,
      '2026-07-27': 0,
      '2026-08-03': 0,
      '2026-08-10': 1,
      '2026-08-17': 0,
      '2026-08-24': 0,
      '2026-08-31': 0,
    });
    // Pace .84 ≥ .8 on 8.24 resolves it.
    expect(resolved['2026-08-24']).toBe(1);
    const [alert, ...others] = await q.alerts();
    expect(others).toHaveLength(0);
    expect(alert).toMatchObject({ status: 'resolved', openedOn: '2026-08-10', resolvedOn: '2026-08-24' });
    expect(alert!.pace).toBeCloseTo(0.3 / e('2026-08-10'), 10);

    const history = await app.inject({
      method: 'GET',
      url: `/api/v1/goals/${q.goal.id}/snapshots`,
      headers: { cookie: q.owner },
    });
    const points = json<{ items: { date: string; progress: number; expected: number }[] }>(history).items;
    expect(points.map((p) => p.date)).toEqual(WEEKS.map(([d]) => d));
    for (const [i, [date, value]] of WEEKS.entries()) {
      expect(points[i]!.progress).toBeCloseTo(value / 100, 12);
      expect(points[i]!.expected).toBeCloseTo(e(date), 12);
    }
  });

  it('runs once per tenant and date: a second run reports the first and changes nothing', async () => {
    const q = await quarter();
    await q.progress('2026-08-03', 10);
    await q.snapshot('2026-08-03');
    await q.progress('2026-08-10', 12);
    const first = await q.snapshot('2026-08-10');
    expect(first).toMatchObject({ alertsOpened: 1, alreadyRun: false });
    const again = await q.snapshot('2026-08-10');
    expect(again).toMatchObject({ alertsOpened: 1, alreadyRun: true });
    expect(await q.alerts()).toHaveLength(1);
  });

  it('notifies the owner and the manager in the app when an alert opens', async () => {
    const q = await quarter();
    await q.progress('2026-08-03', 10);
    await q.snapshot('2026-08-03');
    await q.progress('2026-08-10', 12);
    await q.snapshot('2026-08-10');
    for (const cookie of [q.owner, q.manager]) {
      const inbox = json<{ items: { event: string; title: string; link: string }[]; unreadCount: number }>(
        await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { cookie } }),
      );
      expect(inbox.unreadCount).toBe(1);
      expect(inbox.items[0]).toMatchObject({ event: 'alert.pace', link: `/goals/${q.goal.id}` });
      expect(inbox.items[0]!.title).toContain('提升华东区市场份额');
    }
    const peer = await signIn(app, q.team.peer.login);
    const none = json<{ unreadCount: number }>(
      await app.inject({
        method: 'GET',
        url: '/api/v1/notifications/unread-count',
        headers: { cookie: peer },
      }),
    );
    expect(none.unreadCount).toBe(0);
  });

  it('sends the manager one digest when two of their people fall behind in the same week', async () => {
    const q = await quarter();
    const peer = await signIn(app, q.team.peer.login);
    setTestClock('2026-06-30');
    const other = await buildApprovedGoal(
      app,
      peer,
      q.manager,
      seedGoalBody(q.cycle.id, {
        title: '老客户复购',
        keyResults: [{ title: '复购 100 单', startValue: 0, targetValue: 100, weightBp: 10000 }],
      }),
    );
    for (const date of ['2026-08-03', '2026-08-10']) {
      // Both behind both weeks: .20 / .363 = .55 and .25 / .363 = .69 on 8.3; .45 and .57 on 8.10.
      await q.progress(date, 20);
      setTestClock(date);
      expect((await checkIn(app, peer, other.keyResults[0]!.id, { value: 25 })).statusCode).toBe(201);
      await q.snapshot(date);
    }
    const inbox = async (cookie: string) =>
      json<{ items: { event: string; title: string; link: string }[]; unreadCount: number }>(
        await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { cookie } }),
      );
    // The manager: one notice for both goals, naming the furthest behind, linking to the list.
    const manager = await inbox(q.manager);
    expect(manager.unreadCount).toBe(1);
    expect(manager.items[0]).toMatchObject({ event: 'alert.pace', link: '/alerts' });
    expect(manager.items[0]!.title).toBe('预警：「提升华东区市场份额」等 2 个目标进度落后');
    // Each owner: their own goal, as before.
    for (const [cookie, goalId] of [
      [q.owner, q.goal.id],
      [peer, other.id],
    ] as const) {
      const mine = await inbox(cookie);
      expect(mine.unreadCount).toBe(1);
      expect(mine.items[0]).toMatchObject({ event: 'alert.pace', link: `/goals/${goalId}` });
    }
    expect((await q.alerts()).filter((a) => a.status === 'open')).toHaveLength(2);
  });

  it('follows thresholds changed to 0.7 and 3 snapshots for a cycle', async () => {
    const q = await quarter();
    const cycle = await app.inject({
      method: 'GET',
      url: `/api/v1/cycles/${q.cycle.id}`,
      headers: { cookie: q.hr },
    });
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/cycles/${q.cycle.id}`,
      headers: { cookie: q.hr, 'if-match': cycle.headers.etag as string },
      payload: { warningSettings: { paceThreshold: 0.7, consecutiveSnapshots: 3 } },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const opened: Record<string, number> = {};
    for (const [date, value] of WEEKS) {
      await q.progress(date, value);
      opened[date] = (await q.snapshot(date)).alertsOpened;
    }
    // Under 0.7: 7.20 (.48) alone, then 8.3 (.55), 8.10 (.68), 8.17 (.68) — the third in a row opens it.
    expect(Object.entries(opened).filter(([, n]) => n > 0)).toEqual([['2026-08-17', 1]]);
    const [alert] = await q.alerts();
    // 8.24 is .84 ≥ .7: resolved.
    expect(alert).toMatchObject({ openedOn: '2026-08-17', resolvedOn: '2026-08-24' });
  });

  it('follows the company thresholds too, and rejects impossible ones', async () => {
    const q = await quarter();
    const settings = await app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie: q.hr } });
    const bad = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie: q.hr, 'if-match': settings.headers.etag as string },
      payload: { paceThreshold: 1.5, consecutiveSnapshots: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      json<{ errors: { path: string }[] }>(bad)
        .errors.map((x) => x.path)
        .sort(),
    ).toEqual(['body.consecutiveSnapshots', 'body.paceThreshold']);
    const ok = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie: q.hr, 'if-match': settings.headers.etag as string },
      payload: { paceThreshold: 0.5, consecutiveSnapshots: 1 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    // 7.20 at .48 < .5 opens on its own; 7.27 at .95 resolves.
    await q.progress('2026-07-13', 12);
    expect((await q.snapshot('2026-07-13')).alertsOpened).toBe(0);
    await q.progress('2026-07-20', 10);
    expect((await q.snapshot('2026-07-20')).alertsOpened).toBe(1);
    await q.progress('2026-07-27', 27);
    expect((await q.snapshot('2026-07-27')).alertsResolved).toBe(1);
  });

  it('never counts a KR as behind before it starts (e = 0)', async () => {
    const q = await quarter();
    setTestClock('2026-06-30');
    // The manager's goal, whose only KR starts on 8.1: nothing is expected of it in July.
    const goal = await buildApprovedGoal(
      app,
      q.manager,
      await signIn(app, q.team.head.login),
      seedGoalBody(q.cycle.id, {
        title: '八月起的目标',
        keyResults: [
          { title: '签约 10 家', startValue: 0, targetValue: 10, weightBp: 10000, startDate: '2026-08-01' },
        ],
      }),
    );
    for (const date of ['2026-07-13', '2026-07-20', '2026-07-27']) {
      await q.progress(date, 50);
      await q.snapshot(date);
    }
    const points = json<{ items: { expected: number; progress: number }[] }>(
      await app.inject({
        method: 'GET',
        url: `/api/v1/goals/${goal.id}/snapshots`,
        headers: { cookie: q.hr },
      }),
    ).items;
    expect(points.map((p) => p.expected)).toEqual([0, 0, 0]);
    expect((await q.alerts()).filter((a) => a.status === 'open')).toHaveLength(0);
  });
});

describe('the stale rule (domain.md §3)', () => {
  it('opens a stale alert after 14 days without a check-in, and a check-in resolves it', async () => {
    const q = await quarter();
    await q.progress('2026-07-06', 6);
    await q.snapshot('2026-07-13'); // 7 days: nothing
    expect(await q.alerts('stale')).toHaveLength(0);
    const run = await q.snapshot('2026-07-20'); // 14 days: stale
    expect(run.alertsOpened).toBeGreaterThanOrEqual(1);
    const [stale] = await q.alerts('stale');
    expect(stale).toMatchObject({ status: 'open', openedOn: '2026-07-20' });
    await q.progress('2026-07-21', 20);
    const [after] = await q.alerts('stale');
    expect(after).toMatchObject({ status: 'resolved', resolvedOn: '2026-07-21' });
  });

  it('counts from the cycle start when a goal never had a check-in', async () => {
    const q = await quarter();
    await q.snapshot('2026-07-13'); // 12 days after 7.1
    expect(await q.alerts('stale')).toHaveLength(0);
    await q.snapshot('2026-07-15'); // 14 days
    expect(await q.alerts('stale')).toHaveLength(1);
  });
});

describe('back-filling a past week', () => {
  it('replays the check-ins made up to the end of that day', async () => {
    const q = await quarter();
    await q.progress('2026-07-18', 15);
    await q.progress('2026-08-05', 40);
    setTestClock('2026-09-01');
    await runSnapshot(app, q.hr, '2026-07-20');
    const points = json<{ items: { date: string; progress: number; expected: number }[] }>(
      await app.inject({
        method: 'GET',
        url: `/api/v1/goals/${q.goal.id}/snapshots`,
        headers: { cookie: q.hr },
      }),
    ).items;
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ date: '2026-07-20', progress: 0.15 });
    expect(points[0]!.expected).toBeCloseTo(e('2026-07-20'), 12);
  });

  it('stores a week back-filled after a later one, and leaves the alerts as the later one left them', async () => {
    const q = await quarter();
    await q.progress('2026-07-25', 27); // on track on 7.27 (.27 / .286 = .95)
    await q.progress('2026-08-01', 20); // .55 on 8.3
    await q.snapshot('2026-08-03');
    await q.progress('2026-08-09', 25); // .57 on 8.10: the second week behind opens the alert
    expect((await q.snapshot('2026-08-10')).alertsOpened).toBe(1);
    // On 8.11 HR back-fills 7.27, which was on track: its numbers are stored, the open alert stays.
    setTestClock('2026-08-11');
    expect(await runSnapshot(app, q.hr, '2026-07-27')).toMatchObject({
      goals: 1,
      alertsOpened: 0,
      alertsResolved: 0,
    });
    expect((await q.alerts()).map((a) => a.status)).toEqual(['open']);
    const points = json<{ items: { date: string; progress: number }[] }>(
      await app.inject({
        method: 'GET',
        url: `/api/v1/goals/${q.goal.id}/snapshots`,
        headers: { cookie: q.hr },
      }),
    ).items;
    expect(points.map((p) => [p.date, p.progress])).toEqual([
      ['2026-07-27', 0.27],
      ['2026-08-03', 0.2],
      ['2026-08-10', 0.25],
    ]);
  });

  it('refuses a future date, and anyone but HR', async () => {
    const q = await quarter();
    setTestClock('2026-08-01');
    const future = await app.inject({
      method: 'POST',
      url: '/api/v1/snapshots',
      headers: { cookie: q.hr },
      payload: { date: '2026-08-03' },
    });
    expect(future.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(future).errors[0]!.path).toBe('body.date');
    const yearZero = await app.inject({
      method: 'POST',
      url: '/api/v1/snapshots',
      headers: { cookie: q.hr },
      payload: { date: '0000-01-01' },
    });
    expect(yearZero.statusCode, yearZero.body).toBe(400);
    expect(json<{ errors: unknown[] }>(yearZero).errors).toEqual([
      { path: 'body.date', code: 'date_out_of_range', message: expect.any(String) },
    ]);
    const manager = await app.inject({
      method: 'POST',
      url: '/api/v1/snapshots',
      headers: { cookie: q.manager },
      payload: { date: '2026-07-27' },
    });
    expect(manager.statusCode).toBe(403);
  });
});

describe('dashboards', () => {
  it('show the alert to the owner, the manager’s team and the department head, with their numbers', async () => {
    const q = await quarter();
    await q.progress('2026-08-03', 10);
    await q.snapshot('2026-08-03');
    await q.progress('2026-08-10', 12);
    await q.snapshot('2026-08-10');

    const mine = await app.inject({
      method: 'GET',
      url: `/api/v1/dashboards/me?cycleId=${q.cycle.id}`,
      headers: { cookie: q.owner },
    });
    expect(mine.statusCode, mine.body).toBe(200);
    const me = json<{ attainment: number; expected: number; openAlerts: { rule: string }[] }>(mine);
    expect(me.attainment).toBeCloseTo(0.12, 12);
    expect(me.expected).toBeCloseTo(e('2026-08-10'), 12);
    expect(me.openAlerts.map((a) => a.rule)).toEqual(['pace']);

    const team = json<{
      members: { name: string; openAlerts: number; attainment: number; lastCheckInAt: string | null }[];
      openAlerts: { ownerName: string }[];
    }>(
      await app.inject({
        method: 'GET',
        url: `/api/v1/dashboards/team?cycleId=${q.cycle.id}`,
        headers: { cookie: q.manager },
      }),
    );
    const zhangsan = team.members.find((m) => m.name === '张三')!;
    expect(zhangsan.openAlerts).toBe(1);
    expect(zhangsan.lastCheckInAt).not.toBeNull();
    expect(team.openAlerts.map((a) => a.ownerName)).toEqual(['张三']);

    const head = await signIn(app, q.team.head.login);
    const department = await app.inject({
      method: 'GET',
      url: `/api/v1/dashboards/department?cycleId=${q.cycle.id}&departmentId=${q.team.sales.id}`,
      headers: { cookie: head },
    });
    expect(department.statusCode, department.body).toBe(200);
    const d = json<{
      people: number;
      distribution: { bucket: string; people: number }[];
      goalsAtRisk: unknown[];
      checkIns: { goals: number; checkedInLast7Days: number; compliance: number };
    }>(department);
    expect(d.people).toBe(1);
    expect(d.distribution.find((b) => b.bucket === '0-20')!.people).toBe(1);
    expect(d.distribution.reduce((s, b) => s + b.people, 0)).toBe(1);
    expect(d.goalsAtRisk).toHaveLength(1);
    expect(d.checkIns).toEqual({ goals: 1, checkedInLast7Days: 1, compliance: 1 });
    // Eight days after the last check-in the goal no longer counts as checked in.
    setTestClock('2026-08-18T12:00:00Z');
    const later = json<{ checkIns: unknown }>(
      await app.inject({
        method: 'GET',
        url: `/api/v1/dashboards/department?cycleId=${q.cycle.id}&departmentId=${q.team.sales.id}`,
        headers: { cookie: head },
      }),
    );
    expect(later.checkIns).toEqual({ goals: 1, checkedInLast7Days: 0, compliance: 0 });

    const peer = await signIn(app, q.team.peer.login);
    const refused = await app.inject({
      method: 'GET',
      url: `/api/v1/dashboards/department?cycleId=${q.cycle.id}&departmentId=${q.team.sales.id}`,
      headers: { cookie: peer },
    });
    expect(refused.statusCode).toBe(403);
  });
});
