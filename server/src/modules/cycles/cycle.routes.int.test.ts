import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildEmployee,
  buildTenant,
  getTestApp,
  json,
  signIn,
  type TestTenant,
} from '../../../test/helpers.ts';

const { app, database } = await getTestApp();

type CycleJson = { id: string; status: string; version: number; timeZone: string; name: string };

describe('cycles', () => {
  let tenant: TestTenant;
  let hr: string;
  let employee: string;

  beforeAll(async () => {
    tenant = await buildTenant(database);
    hr = await signIn(app, tenant.admin.login);
    employee = await signIn(app, (await buildEmployee(tenant)).login);
  });

  const body = {
    name: '2026年第四季度',
    kind: 'quarter',
    startDate: '2026-10-01',
    endDate: '2026-12-31',
    phases: {
      goalSetting: { start: '2026-09-20', end: '2026-10-10' },
      midReview: { start: '2026-11-10', end: '2026-11-20' },
      selfReview: { start: '2026-12-20', end: '2026-12-31' },
    },
  };

  it('lets HR create, edit, open and close a cycle; everyone can read it', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/cycles',
      headers: { cookie: hr },
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const cycle = json<CycleJson>(created);
    expect(cycle).toMatchObject({ status: 'draft', timeZone: 'Asia/Shanghai' });
    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/v1/cycles/${cycle.id}`,
      headers: { cookie: hr, 'if-match': created.headers.etag as string },
      payload: { name: '2026 Q4' },
    });
    expect(json(edited)).toMatchObject({ name: '2026 Q4' });
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/v1/cycles/${cycle.id}`,
      headers: { cookie: hr, 'if-match': created.headers.etag as string },
      payload: { name: 'x' },
    });
    expect(stale.statusCode).toBe(412);
    expect(
      json(
        await app.inject({ method: 'POST', url: `/api/v1/cycles/${cycle.id}/open`, headers: { cookie: hr } }),
      ),
    ).toMatchObject({ status: 'open' });
    expect(
      json(
        await app.inject({ method: 'POST', url: `/api/v1/cycles/${cycle.id}/open`, headers: { cookie: hr } }),
      ),
    ).toMatchObject({
      code: 'cycle.invalid_transition',
    });
    const list = json<{ items: CycleJson[] }>(
      await app.inject({ url: '/api/v1/cycles', headers: { cookie: employee } }),
    );
    expect(list.items.map((c) => c.id)).toContain(cycle.id);
    const closed = json<CycleJson>(
      await app.inject({ method: 'POST', url: `/api/v1/cycles/${cycle.id}/close`, headers: { cookie: hr } }),
    );
    const readOnly = await app.inject({
      method: 'PATCH',
      url: `/api/v1/cycles/${cycle.id}`,
      headers: { cookie: hr, 'if-match': `"${closed.version}"` },
      payload: { name: 'y' },
    });
    expect(json(readOnly)).toMatchObject({ status: 409, code: 'cycle.closed' });
  });

  it('refuses employees and bad dates with field errors', async () => {
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/cycles',
          headers: { cookie: employee },
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/cycles',
      headers: { cookie: hr, 'accept-language': 'en-US' },
      payload: {
        ...body,
        endDate: '2026-09-01',
        phases: { goalSetting: { start: '2026-10-05', end: '2026-10-01' } },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors).toEqual([
      expect.objectContaining({ path: 'body.endDate', code: 'end_before_start' }),
      expect.objectContaining({ path: 'body.phases.goalSetting.end', code: 'end_before_start' }),
    ]);
    const zone = await app.inject({
      method: 'POST',
      url: '/api/v1/cycles',
      headers: { cookie: hr },
      payload: { ...body, timeZone: 'Mars/Base' },
    });
    expect(json(zone).errors).toEqual([
      expect.objectContaining({ path: 'body.timeZone', code: 'invalid_time_zone' }),
    ]);
  });

  it('deletes only an empty draft cycle', async () => {
    const cycle = json<CycleJson>(
      await app.inject({ method: 'POST', url: '/api/v1/cycles', headers: { cookie: hr }, payload: body }),
    );
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/cycles/${cycle.id}`, headers: { cookie: hr } }))
        .statusCode,
    ).toBe(204);
    expect(
      (await app.inject({ url: `/api/v1/cycles/${cycle.id}`, headers: { cookie: hr } })).statusCode,
    ).toBe(404);
  });
});
