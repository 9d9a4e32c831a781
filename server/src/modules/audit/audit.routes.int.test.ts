import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildEmployee, buildTenant, getTestApp, json, signIn } from '../../../test/helpers.ts';

const { app, database } = await getTestApp();

type Page = {
  items: { id: number; action: string; entityType: string; actorName: string | null }[];
  nextCursor: string | null;
};

describe('audit log', () => {
  it('lets HR admins browse and filter it, newest first, page by page', async () => {
    const tenant = await buildTenant(database);
    const cookie = await signIn(app, tenant.admin.login);
    for (let i = 0; i < 3; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/v1/departments',
        headers: { cookie },
        payload: { name: `部门${i}`, parentId: tenant.rootId },
      });
    }
    const all = json<Page>(
      await app.inject({ url: '/api/v1/audit-events?entityType=department&limit=2', headers: { cookie } }),
    );
    expect(all.items.map((e) => e.action)).toEqual(['department.created', 'department.created']);
    expect(all.items[0]!.id).toBeGreaterThan(all.items[1]!.id);
    expect(all.items[0]?.actorName).toBe('管理员');
    const next = json<Page>(
      await app.inject({
        url: `/api/v1/audit-events?entityType=department&limit=2&cursor=${all.nextCursor}`,
        headers: { cookie },
      }),
    );
    expect(next.items).toHaveLength(1);
    expect(next.nextCursor).toBeNull();
  });

  it('shows the times it recorded as ISO 8601, such as the expiry of a new API token', async () => {
    const tenant = await buildTenant(database);
    const cookie = await signIn(app, tenant.admin.login);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie },
      payload: { name: '集成', scopes: ['org:read'] },
    });
    expect(created.statusCode).toBe(201);
    const r = await app.inject({
      url: '/api/v1/audit-events?action=api_token.created',
      headers: { cookie },
    });
    expect(r.statusCode, r.body).toBe(200);
    const [event] = json<{ items: { after: { expiresAt: string } }[] }>(r).items;
    expect(event?.after.expiresAt).toBe(json<{ expiresAt: string }>(created).expiresAt);
  });

  it('is closed to employees', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const r = await app.inject({
      url: '/api/v1/audit-events',
      headers: { cookie: await signIn(app, person.login) },
    });
    expect(r.statusCode).toBe(403);
  });

  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    const tenant = await buildTenant(database);
    await expect(
      database.db.execute(sql`update audit_events set action = 'x' where tenant_id = ${tenant.tenantId}`),
    ).rejects.toThrow();
    await expect(
      database.db.execute(sql`delete from audit_events where tenant_id = ${tenant.tenantId}`),
    ).rejects.toThrow();
  });
});
