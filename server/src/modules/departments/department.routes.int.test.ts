import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildEmployee,
  buildTenant,
  getTestApp,
  json,
  signIn,
  type TestTenant,
} from '../../../test/helpers.ts';
import { rowsOf } from '../../db/database.ts';

const { app, database } = await getTestApp();

type Dept = {
  id: string;
  name: string;
  parentId: string | null;
  headId: string | null;
  version: number;
  memberCount: number;
};

describe('departments', () => {
  let tenant: TestTenant;
  let cookie: string;
  beforeAll(async () => {
    tenant = await buildTenant(database);
    cookie = await signIn(app, tenant.admin.login);
  });

  async function create(name: string, parentId: string) {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { cookie },
      payload: { name, parentId },
    });
    expect(r.statusCode).toBe(201);
    return { ...json<Dept>(r), etag: r.headers.etag as string };
  }

  function patch(id: string, payload: object, ifMatch?: string) {
    return app.inject({
      method: 'PATCH',
      url: `/api/v1/departments/${id}`,
      headers: { cookie, ...(ifMatch && { 'if-match': ifMatch }) },
      payload,
    });
  }

  it('builds a tree three levels deep and lists it with member counts', async () => {
    const sales = await create('销售部', tenant.rootId);
    const east = await create('华东区', sales.id);
    const team = await create('华东一组', east.id);
    await buildEmployee(tenant, { departmentId: team.id });
    const list = json<{ items: Dept[] }>(
      await app.inject({ url: '/api/v1/departments', headers: { cookie } }),
    );
    expect(list.items.find((d) => d.id === team.id)).toMatchObject({ parentId: east.id, memberCount: 1 });
  });

  it('renames with If-Match, needs it (428) and refuses a stale one (412)', async () => {
    const d = await create('旧名', tenant.rootId);
    expect((await patch(d.id, { name: '新名' })).statusCode).toBe(428);
    const ok = await patch(d.id, { name: '新名' }, d.etag);
    expect(ok.statusCode).toBe(200);
    expect(json(ok)).toMatchObject({ name: '新名', version: 2 });
    const stale = await patch(d.id, { name: '又一个名' }, d.etag);
    expect(stale.statusCode).toBe(412);
    expect(json(stale).code).toBe('precondition.failed');
  });

  it('never moves a department under itself or its own sub-department', async () => {
    const a = await create('A', tenant.rootId);
    const b = await create('B', a.id);
    const c = await create('C', b.id);
    for (const target of [a.id, c.id]) {
      const r = await patch(a.id, { parentId: target }, a.etag);
      expect(r.statusCode).toBe(409);
      expect(json(r).code).toBe('department.cycle');
    }
    const moved = await patch(c.id, { parentId: a.id }, c.etag);
    expect(json(moved)).toMatchObject({ parentId: a.id });
  });

  it('archives only when no active employees or live sub-departments remain', async () => {
    const d = await create('待归档', tenant.rootId);
    const person = await buildEmployee(tenant, { departmentId: d.id });
    const busy = await patch(d.id, { archived: true }, d.etag);
    expect(json(busy).code).toBe('department.has_active_members');
    await database.db.execute(sql`update employees set status = 'left' where id = ${person.id}`);
    const done = await patch(d.id, { archived: true }, d.etag);
    expect(json(done)).toMatchObject({ archived: true });
    const hidden = json<{ items: Dept[] }>(
      await app.inject({ url: '/api/v1/departments', headers: { cookie } }),
    );
    expect(hidden.items.some((x) => x.id === d.id)).toBe(false);
  });

  it('sets a head, who then holds the department head role', async () => {
    const d = await create('研发部', tenant.rootId);
    const head = await buildEmployee(tenant, { departmentId: d.id });
    await patch(d.id, { headId: head.id }, d.etag);
    const headCookie = await signIn(app, head.login);
    const me = json<{ roles: string[] }>(
      await app.inject({ url: '/api/v1/me', headers: { cookie: headCookie } }),
    );
    expect(me.roles).toContain('department_head');
  });

  it('writes the audit event with before and after in the same transaction', async () => {
    const d = await create('审计部', tenant.rootId);
    await patch(d.id, { name: '审计二部' }, d.etag);
    const rows = rowsOf<{ action: string; before: { name: string } | null; after: { name: string } }>(
      await database.db.execute(
        sql`select action, before, after from audit_events where tenant_id = ${tenant.tenantId} and entity_id = ${d.id} order by id`,
      ),
    );
    expect(rows.map((r) => r.action)).toEqual(['department.created', 'department.updated']);
    expect(rows[1]).toMatchObject({ before: { name: '审计部' }, after: { name: '审计二部' } });
  });

  it('leaves no audit event when the change fails', async () => {
    const a = await create('回滚测试', tenant.rootId);
    const before = await database.db.execute(
      sql`select count(*)::int as n from audit_events where tenant_id = ${tenant.tenantId}`,
    );
    await patch(a.id, { parentId: a.id }, a.etag);
    const after = await database.db.execute(
      sql`select count(*)::int as n from audit_events where tenant_id = ${tenant.tenantId}`,
    );
    expect(rowsOf<{ n: number }>(after)[0]?.n).toBe(rowsOf<{ n: number }>(before)[0]?.n);
  });

  it('allows only one company root', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { cookie },
      payload: { name: '第二个根' },
    });
    expect(json(r).code).toBe('department.root_exists');
  });

  it('lets employees read the tree but not change it', async () => {
    const person = await buildEmployee(tenant);
    const personCookie = await signIn(app, person.login);
    expect(
      (await app.inject({ url: '/api/v1/departments', headers: { cookie: personCookie } })).statusCode,
    ).toBe(200);
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { cookie: personCookie },
      payload: { name: 'x', parentId: tenant.rootId },
    });
    expect(r.statusCode).toBe(403);
  });
});
