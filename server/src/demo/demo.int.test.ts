import {
  type AttainmentGoal,
  attainmentBucket,
  countsTowardAttainment,
  ownerAttainment,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, json, signIn } from '../../test/helpers.ts';
import type { Database } from '../db/database.ts';
import { seedDemoCompany } from './demo.seed.ts';

let app: FastifyInstance;
let database: Database;
let logins: Awaited<ReturnType<typeof seedDemoCompany>>;
beforeAll(async () => {
  ({ app, database } = await getTestApp());
  logins = await seedDemoCompany(database.db, 'http://localhost:3000');
});

type Alert = { rule: string; ownerName: string; goalTitle: string; openedOn: string; pace: number };

describe('the demo company', () => {
  it('has a Q3 of weekly snapshots that leaves 李四 one open pace alert, seen by her manager 张三', async () => {
    const manager = logins.find((l) => l.login === 'zhangsan@example.com')!;
    // Other test companies use the same addresses: sign in to the demo company by its slug.
    const cookie = await signIn(app, manager.login, manager.password, 'demo');
    const cycles = json<{ items: { id: string; name: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/v1/cycles', headers: { cookie } }),
    ).items;
    const q3 = cycles.find((c) => c.name === '2026年第三季度')!;
    const team = json<{ members: { name: string; openAlerts: number }[]; openAlerts: Alert[] }>(
      await app.inject({
        method: 'GET',
        url: `/api/v1/dashboards/team?cycleId=${q3.id}`,
        headers: { cookie },
      }),
    );
    expect(team.members.find((m) => m.name === '李四')?.openAlerts).toBe(1);
    expect(team.openAlerts).toHaveLength(1);
    const [alert] = team.openAlerts;
    // From the 8.31 check-in (0.6·4/8 + 0.4·38/60 = 0.553): pace 0.553/(68/91) = 0.74 on 9.7 and
    // 0.67 on 9.14 → opened 9.14; the 9.21 check-in (0.6·5/8 + 0.4·47/60 = 0.688, pace 0.76) does not recover it.
    expect(alert).toMatchObject({
      rule: 'pace',
      ownerName: '李四',
      goalTitle: '拓展华东一组新客户',
      openedOn: '2026-09-14',
    });
    expect(alert!.pace).toBeLessThan(0.8);
    const snapshots = json<{ items: { date: string }[] }>(
      await app.inject({
        method: 'GET',
        url: '/api/v1/snapshots',
        headers: { cookie: await signIn(app, 'hr@example.com', logins[0]!.password, 'demo') },
      }),
    ).items;
    expect(snapshots.map((s) => s.date)).toContain('2026-07-06');
    expect(snapshots).toHaveLength(13);
  });

  it("buckets the department dashboard's people as the goal list's full progress does", async () => {
    const hr = await signIn(app, 'hr@example.com', logins[0]!.password, 'demo');
    const get = async <T>(url: string) =>
      json<T>(await app.inject({ method: 'GET', url, headers: { cookie: hr } }));
    const q3 = (await get<{ items: { id: string; name: string }[] }>('/api/v1/cycles')).items.find(
      (c) => c.name === '2026年第三季度',
    )!;
    const root = (
      await get<{ items: { id: string; parentId: string | null }[] }>('/api/v1/departments')
    ).items.find((d) => d.parentId === null)!;
    const goals = (
      await get<{ items: (AttainmentGoal & { ownerId: string })[] }>(
        `/api/v1/goals?cycleId=${q3.id}&departmentId=${root.id}&level=personal&limit=500`,
      )
    ).items.filter(countsTowardAttainment);
    const byOwner = new Map<string, typeof goals>();
    for (const g of goals) byOwner.set(g.ownerId, [...(byOwner.get(g.ownerId) ?? []), g]);
    const expected = new Map<string, number>();
    for (const own of byOwner.values()) {
      const bucket = attainmentBucket(ownerAttainment(own));
      expected.set(bucket, (expected.get(bucket) ?? 0) + 1);
    }
    const dashboard = await get<{ people: number; distribution: { bucket: string; people: number }[] }>(
      `/api/v1/dashboards/department?cycleId=${q3.id}&departmentId=${root.id}`,
    );
    expect(dashboard.people).toBe(byOwner.size);
    expect(byOwner.size).toBeGreaterThanOrEqual(2);
    // More than one bucket is in use, so a wrong progress would move someone.
    expect(expected.size).toBeGreaterThan(1);
    expect(
      Object.fromEntries(dashboard.distribution.filter((b) => b.people > 0).map((b) => [b.bucket, b.people])),
    ).toEqual(Object.fromEntries(expected));
  });
});
