import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, json, signIn } from '../../test/helpers.ts';
import type { Database } from '../db/database.ts';
import { seedDemoCompany } from './demo.seed.ts';

let app: FastifyInstance;
let database: Database;
beforeAll(async () => {
  ({ app, database } = await getTestApp());
});

type Alert = { rule: string; ownerName: string; goalTitle: string; openedOn: string; pace: number };

describe('the demo company', () => {
  it('has a Q3 of weekly snapshots that leaves 李四 one open pace alert, seen by her manager 张三', async () => {
    const logins = await seedDemoCompany(database.db, 'http://localhost:3000');
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
});
