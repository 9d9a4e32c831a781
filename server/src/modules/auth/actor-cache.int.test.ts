import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  buildEmployee,
  buildTenant,
  getTestApp,
  json,
  readsSession,
  signIn,
  testConfig,
} from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';

const { app, database } = await getTestApp();
// A second server process over the same database, with its own memory.
const second = await buildApp({ config: testConfig(), database, logger: false });
afterAll(() => second.close());

type Me = { roles: string[]; tenant: { name: string } };

/** GET /me, with whether it read the session from the database. */
async function me(cookie: string, server = app) {
  database.queryCounter.log = [];
  try {
    const response = await server.inject({ url: '/api/v1/me', headers: { cookie } });
    const readSession = database.queryCounter.log.some((q) => readsSession(q.sql));
    return {
      status: response.statusCode,
      body: response.statusCode === 200 ? json<Me>(response) : null,
      readSession,
    };
  } finally {
    delete database.queryCounter.log;
  }
}

/**
 * Waits for what another process changed to show (its notification comes on a connection of its
 * own), far less long than the cache's one-minute limit on an entry: only the notification can
 * make it show in time.
 */
async function eventually(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 5 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A statement from outside this server: psql or another process on PostgreSQL; on the embedded
 * database, which one process owns, straight on its instance, past the server's statement log.
 */
async function elsewhere(text: string, params: unknown[]) {
  if (database.pglite) return void (await database.pglite.query(text, params));
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

describe('signed-in callers kept in memory', () => {
  it('are read from the database once, then served from memory', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const cookie = await signIn(app, person.login);
    expect(await me(cookie)).toMatchObject({ status: 200, readSession: true });
    // Other test workers' writes to the shared database make every process forget its callers:
    // two requests in a row without one in between, soon.
    await eventually(async () => !(await me(cookie)).readSession, 'served from memory');
  });

  it('end at sign-out before the response arrives, and in every other process', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const cookie = await signIn(app, person.login);
    await me(cookie);
    await eventually(async () => !(await me(cookie, second)).readSession, 'served from memory');
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await me(cookie)).status).toBe(401);
    await eventually(
      async () => (await me(cookie, second)).status === 401,
      'signed out in the second process',
    );
  });

  it('take a role change made through this server at once', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const cookie = await signIn(app, person.login);
    expect((await me(cookie)).body?.roles).toEqual(['employee']);
    const admin = await signIn(app, tenant.admin.login);
    const granted = await app.inject({
      method: 'PATCH',
      url: `/api/v1/employees/${person.id}`,
      headers: { cookie: admin, 'if-match': '"1"' },
      payload: { roles: ['hr_admin'] },
    });
    expect(granted.statusCode).toBe(200);
    expect((await me(cookie)).body?.roles).toEqual(['employee', 'hr_admin']);
  });

  it('follow roles, headships, companies and people changed by anything else', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const cookie = await signIn(app, person.login);
    await eventually(async () => !(await me(cookie)).readSession, 'served from memory');
    expect((await me(cookie)).body?.roles).toEqual(['employee']);

    await elsewhere(
      `insert into role_assignments (tenant_id, employee_id, role) values ($1, $2, 'hr_admin')`,
      [tenant.tenantId, person.id],
    );
    await eventually(async () => !!(await me(cookie)).body?.roles.includes('hr_admin'), 'the new role');

    await elsewhere('update departments set head_id = $1 where tenant_id = $2 and id = $3', [
      person.id,
      tenant.tenantId,
      tenant.rootId,
    ]);
    await eventually(
      async () => !!(await me(cookie)).body?.roles.includes('department_head'),
      'the headship',
    );

    await elsewhere('update tenants set name = $1 where id = $2', ['改名公司', tenant.tenantId]);
    await eventually(async () => (await me(cookie)).body?.tenant.name === '改名公司', 'the new company name');

    await elsewhere(`update employees set status = 'left' where tenant_id = $1 and id = $2`, [
      tenant.tenantId,
      person.id,
    ]);
    await eventually(async () => (await me(cookie)).status === 401, 'the person who left is signed out');
  });

  it('are read on every request when the cache is turned off (PERFLOOP_SESSION_CACHE=0)', async () => {
    const uncached = await buildApp({ config: testConfig({ sessionCache: false }), database, logger: false });
    try {
      const tenant = await buildTenant(database);
      const person = await buildEmployee(tenant);
      const cookie = await signIn(uncached, person.login);
      for (let i = 0; i < 3; i += 1)
        expect(await me(cookie, uncached)).toMatchObject({ status: 200, readSession: true });
    } finally {
      await uncached.close();
    }
  });

  it.runIf(!database.pglite)('listen again after their connection is lost', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const cookie = await signIn(app, person.login);
    await me(cookie);
    await elsewhere('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
      `perfloop listen ${process.pid}`,
    ]);
    // Kept again once listening again, and changes made afterwards still arrive.
    await eventually(async () => !(await me(cookie)).readSession, 'served from memory again');
    await elsewhere(
      `insert into role_assignments (tenant_id, employee_id, role) values ($1, $2, 'hr_admin')`,
      [tenant.tenantId, person.id],
    );
    await eventually(async () => !!(await me(cookie)).body?.roles.includes('hr_admin'), 'the new role');
  });
});
