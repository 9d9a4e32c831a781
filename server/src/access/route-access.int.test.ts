import { type Capability, TOKEN_SCOPES } from '@perfloop/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEmployee, buildTenant, getTestApp, json, signIn, type TestTenant } from '../../test/helpers.ts';
import { departments } from '../db/schema.ts';
import { ROUTE_ACCESS, type RouteAccess } from './route-access.ts';

const { app, database } = await getTestApp();

/** What each kind of caller may do, written out here rather than read from capabilities.ts. */
const ADMIN: readonly Capability[] = [
  'org.view',
  'org.manage',
  'imports.run',
  'team.view',
  'dashboards.department.view',
  'dashboards.company.view',
  'goals.others.set',
  'goals.department.set',
  'goals.company.set',
  'cycles.manage',
  'snapshots.manage',
  'notifications.channels.manage',
  'audit.read',
  'reviews.manage',
  'reviews.track',
];
const SIGNED_IN_ADMIN: readonly Capability[] = [
  ...ADMIN,
  'passwords.reset',
  'tokens.manage',
  'settings.manage',
];
const SEES_OTHERS: readonly Capability[] = ['org.view', 'team.view', 'goals.others.set', 'reviews.track'];
const DEPARTMENT_SCOPED: readonly Capability[] = [
  ...SEES_OTHERS,
  'dashboards.department.view',
  'goals.department.set',
];

type Caller = {
  role: string;
  headers: Record<string, string>;
  capabilities: readonly Capability[] | null;
  isToken: boolean;
};

const apiRoutes = () =>
  app.perfloopRoutes
    .filter((r) => r.url.startsWith('/api/v1/'))
    .map((r) => ({ ...r, key: `${r.method} ${r.url}` }));

describe('the route-access table', () => {
  it('names every registered route, and only those', () => {
    const registered = new Set(apiRoutes().map((r) => r.key));
    const declared = new Set(Object.keys(ROUTE_ACCESS));
    expect(
      [...registered].filter((k) => !declared.has(k)),
      'routes missing from ROUTE_ACCESS',
    ).toEqual([]);
    expect(
      [...declared].filter((k) => !registered.has(k)),
      'entries for routes that do not exist',
    ).toEqual([]);
  });

  it('agrees with the OpenAPI document and with the routes that are public', async () => {
    const doc = json<{ paths: Record<string, Record<string, unknown>> }>(
      await app.inject({ url: '/api/v1/openapi.json' }),
    );
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const declared = Object.keys(ROUTE_ACCESS);
    expect(
      documented.filter((k) => !declared.includes(k)),
      'documented but not declared',
    ).toEqual([]);
    for (const route of apiRoutes()) {
      const access: RouteAccess | undefined = (ROUTE_ACCESS as Record<string, RouteAccess>)[route.key];
      expect(route.isPublic, route.key).toBe(access === 'public');
    }
  });
});

describe('every route, called by every role', () => {
  let tenant: TestTenant;
  const callers: Caller[] = [];

  beforeAll(async () => {
    tenant = await buildTenant(database, '权限公司');
    const person = async (overrides: Parameters<typeof buildEmployee>[1] = {}) => {
      const e = await buildEmployee(tenant, overrides);
      return { id: e.id, cookie: await signIn(app, e.login) };
    };
    const manager = await person();
    await buildEmployee(tenant, { managerId: manager.id });
    const head = await person();
    const [department] = await tenant.scope.db
      .insert(departments)
      .values(tenant.scope.values({ name: '销售部', parentId: tenant.rootId, headId: head.id }))
      .returning();
    const hrbp = await person({ roles: ['hrbp'], hrbpDepartmentIds: [department!.id] });
    const adminCookie = await signIn(app, tenant.admin.login);
    const { token } = json<{ token: string }>(
      await app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: { cookie: adminCookie },
        payload: { name: '全部权限', scopes: [...TOKEN_SCOPES] },
      }),
    );
    const cookie = (c: string) => ({ cookie: c });
    callers.push(
      { role: 'anonymous', headers: {}, capabilities: null, isToken: false },
      { role: 'employee', headers: cookie((await person()).cookie), capabilities: [], isToken: false },
      { role: 'manager', headers: cookie(manager.cookie), capabilities: SEES_OTHERS, isToken: false },
      {
        role: 'department_head',
        headers: cookie(head.cookie),
        capabilities: DEPARTMENT_SCOPED,
        isToken: false,
      },
      { role: 'hrbp', headers: cookie(hrbp.cookie), capabilities: DEPARTMENT_SCOPED, isToken: false },
      {
        role: 'hr_admin',
        headers: cookie((await person({ roles: ['hr_admin'] })).cookie),
        capabilities: SIGNED_IN_ADMIN,
        isToken: false,
      },
      {
        role: 'system_admin',
        headers: cookie((await person({ roles: ['system_admin'] })).cookie),
        capabilities: [...SIGNED_IN_ADMIN, 'roles.system_admin.grant'],
        isToken: false,
      },
      {
        role: 'api_token',
        headers: { authorization: `Bearer ${token}` },
        capabilities: ADMIN,
        isToken: true,
      },
    );
  });

  it('GET /me returns the capabilities of each role', async () => {
    for (const caller of callers) {
      if (!caller.capabilities || caller.isToken) continue;
      const me = json<{ roles: string[]; capabilities: string[] }>(
        await app.inject({ url: '/api/v1/me', headers: caller.headers }),
      );
      expect(me.roles, caller.role).toContain(caller.role);
      expect([...me.capabilities].sort(), caller.role).toEqual([...caller.capabilities].sort());
    }
  });

  it('refuses what the table does not allow a role with problem+json, and never refuses what it allows', async () => {
    const access = ROUTE_ACCESS as Record<string, RouteAccess>;
    // Signing out ends the caller's session: last.
    const routes = apiRoutes().sort(
      (a, b) => Number(a.url === '/api/v1/auth/logout') - Number(b.url === '/api/v1/auth/logout'),
    );
    let requests = 0;
    const wrong: string[] = [];
    for (const caller of callers) {
      for (const route of routes) {
        const rule = access[route.key]!;
        const byTable =
          rule === 'public' ||
          (caller.capabilities !== null && (rule === 'signed-in' || caller.capabilities.includes(rule)));
        // A token reaches only routes that declare a token scope (the others are for people).
        const allowed = byTable && (!caller.isToken || rule === 'public' || route.scope !== null);
        const r = await app.inject({
          method: route.method as 'GET',
          url: route.url.replace(':id', crypto.randomUUID()).replace(':key', 'no-such-key'),
          headers: caller.headers,
          ...(route.method !== 'GET' && route.method !== 'DELETE' && { payload: {} }),
        });
        requests += 1;
        const label = `${caller.role} ${route.key} → ${r.statusCode} ${r.body.slice(0, 120)}`;
        if (!allowed) {
          const refused =
            (r.statusCode === 401 || r.statusCode === 403) &&
            String(r.headers['content-type']).startsWith('application/problem+json');
          if (!refused) wrong.push(`not refused: ${label}`);
        } else if (r.statusCode === 401 || r.statusCode === 403 || r.statusCode >= 500) {
          wrong.push(`refused or failed: ${label}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(requests).toBe(callers.length * routes.length);
    console.info(`route access: ${routes.length} routes × ${callers.length} roles = ${requests} requests`);
  });
});
