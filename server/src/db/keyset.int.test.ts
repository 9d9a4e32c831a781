import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCycle } from '../../test/goals.ts';
import { buildTenant, getTestApp, json, signIn, type TestTenant } from '../../test/helpers.ts';

const { app, database } = await getTestApp();

const forge = (values: unknown) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

describe('keyset pagination', () => {
  let tenant: TestTenant;
  let hr: string;

  beforeAll(async () => {
    tenant = await buildTenant(database);
    hr = await signIn(app, tenant.admin.login);
  });

  it('answers a bad cursor the same way on every list: 400 invalid_cursor on querystring.cursor', async () => {
    const id = crypto.randomUUID();
    // Each list's sort key is different; a cursor of another list, or a value the database could
    // not cast (which was a 500, or was ignored and answered the first page), is the same 400.
    const lists = [
      '/api/v1/goals',
      '/api/v1/cycles',
      '/api/v1/employees',
      '/api/v1/notifications',
      '/api/v1/audit-events',
    ];
    const cursors = ['not-a-cursor', forge([id]), forge([1, id]), forge(['2026-07-01', 'x'])];
    // An instant the database cannot cast ('1' is a fine employee number, so not that list).
    for (const list of lists)
      for (const cursor of list === '/api/v1/employees' ? cursors : [...cursors, forge(['1', id])]) {
        const r = await app.inject({ url: `${list}?cursor=${cursor}`, headers: { cookie: hr } });
        expect(r.statusCode, `${list} ${cursor} ${r.body.slice(0, 200)}`).toBe(400);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(json(r)).toMatchObject({
          code: 'validation.failed',
          errors: [{ path: 'querystring.cursor', code: 'invalid_cursor' }],
        });
      }
  });

  it('walks every row once across pages when many rows tie on the sort key', async () => {
    // Seven cycles starting the same day: only the id tells them apart (start date desc, id desc).
    const made = new Set<string>();
    for (let i = 0; i < 7; i += 1)
      made.add(
        (await buildCycle(tenant, { name: `同日周期${i}`, startDate: '2027-01-01', endDate: '2027-03-31' }))
          .id,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: LightMyRequestResponse = await app.inject({
        url: `/api/v1/cycles?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: { cookie: hr },
      });
      expect(r.statusCode, r.body).toBe(200);
      const page: { items: { id: string; startDate: string }[]; nextCursor: string | null } = json(r);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => made.has(id))).toHaveLength(7);
    const all = json<{ items: { id: string }[] }>(
      await app.inject({ url: '/api/v1/cycles?limit=100', headers: { cookie: hr } }),
    );
    expect(seen).toEqual(all.items.map((c) => c.id));
  });
});
