import { expectedProgress, keyResultSpan } from '@perfloop/core';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCycle, buildSalesTeam, createGoal, runSnapshot } from '../../../test/goals.ts';
import { buildTenant, getTestApp, json, setTestClock, signIn } from '../../../test/helpers.ts';

const { app, database } = await getTestApp();
afterEach(() => setTestClock(null));

type Kr = { id: string; title: string; startDate: string; expected: number };

describe('a key result’s span (§3) is core’s on the goal page and in the weekly snapshot’s SQL', () => {
  it('defaults the start to the cycle start and the due date to the goal’s, then the cycle end', async () => {
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant); // 2026-07-01 – 2026-09-30
    setTestClock('2026-08-10');
    const [hr, owner, manager] = [
      await signIn(app, tenant.admin.login),
      await signIn(app, team.zhangsan.login),
      await signIn(app, team.manager.login),
    ];
    const kr = (title: string, dates: { startDate?: string; dueDate?: string }) => ({
      title,
      startValue: 0,
      targetValue: 10,
      weightBp: 2500,
      ...dates,
    });
    // By hand: each KR's span as §3 says, and e on 8.10.
    const spans: Record<string, [string, string]> = {
      无日期: ['2026-07-01', '2026-09-30'],
      有开始: ['2026-07-15', '2026-09-30'],
      有截止: ['2026-07-01', '2026-08-31'],
      都有: ['2026-08-01', '2026-08-20'],
      随目标: ['2026-07-01', '2026-09-15'],
    };
    const first = await createGoal(app, owner, {
      cycleId: cycle.id,
      kind: 'okr',
      title: '没有截止日期的目标',
      weightBp: 5000,
      dueDate: null,
      keyResults: [
        kr('无日期', {}),
        kr('有开始', { startDate: '2026-07-15' }),
        kr('有截止', { dueDate: '2026-08-31' }),
        kr('都有', { startDate: '2026-08-01', dueDate: '2026-08-20' }),
      ],
    });
    const second = await createGoal(app, owner, {
      cycleId: cycle.id,
      kind: 'okr',
      title: '九月中截止的目标',
      weightBp: 5000,
      dueDate: '2026-09-15',
      keyResults: [{ ...kr('随目标', {}), weightBp: 10000 }],
    });
    const ids = [first.id, second.id];
    for (const id of ids) {
      const submit = await app.inject({
        method: 'POST',
        url: `/api/v1/goals/${id}/submit`,
        headers: { cookie: owner },
      });
      expect(submit.statusCode, submit.body).toBe(200);
      const approve = await app.inject({
        method: 'POST',
        url: `/api/v1/goals/${id}/approve`,
        headers: { cookie: manager },
      });
      expect(approve.statusCode, approve.body).toBe(200);
    }
    expect(await runSnapshot(app, hr, '2026-08-10')).toMatchObject({ goals: 2, keyResults: 5 });

    let checked = 0;
    for (const id of ids) {
      const page = json<{ dueDate: string | null; keyResults: Kr[] }>(
        await app.inject({ url: `/api/v1/goals/${id}`, headers: { cookie: owner } }),
      );
      const [point] = json<{ items: { keyResults: { id: string; expected: number }[] }[] }>(
        await app.inject({ url: `/api/v1/goals/${id}/snapshots`, headers: { cookie: owner } }),
      ).items;
      for (const k of page.keyResults) {
        const [start, due] = spans[k.title]!;
        const e = expectedProgress('2026-08-10', start, due);
        expect(k.startDate, k.title).toBe(start);
        expect(k.expected, k.title).toBe(e);
        // The snapshot's SQL (coalesce of the same defaults) gives the same e.
        expect(point!.keyResults.find((p) => p.id === k.id)!.expected, k.title).toBe(e);
        checked += 1;
      }
    }
    expect(checked).toBe(5);
    // The rule itself, for the record.
    expect(
      keyResultSpan({
        startDate: null,
        dueDate: null,
        goalDueDate: null,
        cycleStart: '2026-07-01',
        cycleEnd: '2026-09-30',
      }),
    ).toEqual({ start: '2026-07-01', due: '2026-09-30' });
  });
});
