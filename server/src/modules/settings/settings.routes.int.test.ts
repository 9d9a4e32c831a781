import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildEmployee, buildTenant, getTestApp, json, signIn } from '../../../test/helpers.ts';
import { rowsOf } from '../../db/database.ts';

const { app, database } = await getTestApp();

describe('company settings', () => {
  it('HR admins change the name and time zone with If-Match, audited with before and after', async () => {
    const tenant = await buildTenant(database);
    const cookie = await signIn(app, tenant.admin.login);
    const read = await app.inject({ url: '/api/v1/settings', headers: { cookie } });
    expect(json(read)).toMatchObject({ timeZone: 'Asia/Shanghai', version: 1 });
    const updated = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie, 'if-match': read.headers.etag as string },
      payload: { companyName: '新名字公司', timeZone: 'Asia/Hong_Kong' },
    });
    expect(json(updated)).toEqual({
      companyName: '新名字公司',
      timeZone: 'Asia/Hong_Kong',
      goalsVisibleToAll: false,
      progressCap: 1,
      // Early warning and schedule defaults (domain.md §3): 0.8 pace, 2 snapshots, 14 days; Monday 09:00.
      paceThreshold: 0.8,
      consecutiveSnapshots: 2,
      staleDays: 14,
      snapshotWeekday: 1,
      snapshotHour: 9,
      reminderHour: 9,
      version: 2,
    });
    const stale = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie, 'if-match': read.headers.etag as string },
      payload: { companyName: '又一个' },
    });
    expect(stale.statusCode).toBe(412);
    const audit = rowsOf<{ before: { timeZone: string }; after: { timeZone: string } }>(
      await database.db.execute(
        sql`select before, after from audit_events where tenant_id = ${tenant.tenantId} and action = 'settings.updated'`,
      ),
    );
    expect(audit).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ timeZone: 'Asia/Shanghai' }),
        after: expect.objectContaining({ timeZone: 'Asia/Hong_Kong' }),
      }),
    ]);
  });

  it('keeps the goal settings (OKR transparency, progress cap) and refuses a cap outside 100–300%', async () => {
    const tenant = await buildTenant(database);
    const cookie = await signIn(app, tenant.admin.login);
    const read = await app.inject({ url: '/api/v1/settings', headers: { cookie } });
    const bad = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie, 'if-match': read.headers.etag as string },
      payload: { progressCap: 5 },
    });
    expect(json(bad).errors).toEqual([
      expect.objectContaining({ path: 'body.progressCap', code: 'invalid_value' }),
    ]);
    const good = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie, 'if-match': read.headers.etag as string },
      payload: { progressCap: 1.2, goalsVisibleToAll: true },
    });
    expect(json(good)).toMatchObject({
      progressCap: 1.2,
      goalsVisibleToAll: true,
      timeZone: 'Asia/Shanghai',
    });
  });

  it('rejects an unknown time zone, naming the field', async () => {
    const tenant = await buildTenant(database);
    const cookie = await signIn(app, tenant.admin.login);
    const r = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie, 'if-match': '"1"' },
      payload: { timeZone: 'Mars/Olympus' },
    });
    expect(r.statusCode).toBe(400);
    expect(json<{ errors: { path: string; code: string }[] }>(r).errors[0]).toMatchObject({
      path: 'body.timeZone',
      code: 'invalid_time_zone',
    });
  });

  it('answers 412 to an If-Match version no row can have, and changes nothing', async () => {
    const tenant = await buildTenant(database);
    const cookie = await signIn(app, tenant.admin.login);
    const r = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie, 'if-match': 'W/"99999999999999999999"' },
      payload: { companyName: '不该保存' },
    });
    expect(r.statusCode, r.body).toBe(412);
    expect(json(r)).toMatchObject({ code: 'precondition.failed' });
    const read = await app.inject({ url: '/api/v1/settings', headers: { cookie } });
    expect(json(read)).toMatchObject({ version: 1 });
  });

  it('is closed to employees', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const r = await app.inject({
      url: '/api/v1/settings',
      headers: { cookie: await signIn(app, person.login) },
    });
    expect(r.statusCode).toBe(403);
  });
});
