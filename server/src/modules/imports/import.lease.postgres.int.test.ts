import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { upload, waitForImport } from '../../../test/files.ts';
import { buildTenant, json, signIn, type TestTenant, testConfig } from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';
import { bootstrap } from '../../bootstrap.ts';
import type { Config } from '../../config.ts';
import { type Database, openDatabase, rowsOf } from '../../db/database.ts';

/**
 * Two server processes over one PostgreSQL, as behind a load balancer: each is an app over a
 * connection pool of its own. "Process 2 starts" is what main.ts does at start (bootstrap). An
 * import of process 1 is held running by taking its tenant's import lock from the test, so it
 * runs for as long as the test needs. PGlite is one process by design: PostgreSQL only.
 */
describe('import leases across server processes', () => {
  let first: Database;
  let second: Database;
  let locker: pg.Client;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    const url = inject('postgresUrl');
    first = await openDatabase({ engine: 'postgres', url, poolSize: 3 });
    second = await openDatabase({ engine: 'postgres', url, poolSize: 2 });
    locker = new pg.Client({ connectionString: url });
    await locker.connect();
  });
  afterEach(async () => {
    await locker.query('select pg_advisory_unlock_all()');
    for (const app of apps.splice(0)) await app.close();
  });
  afterAll(async () => {
    await locker.end();
    await first.close();
    await second.close();
  });

  async function startFirst(config: Config) {
    const app = await buildApp({ config, database: first, logger: false });
    await app.ready();
    apps.push(app);
    return app;
  }

  /** Uploads a one-person file and starts its import, which waits behind the test's lock. */
  async function startHeldImport(app: FastifyInstance, tenant: TestTenant) {
    await locker.query('select pg_advisory_lock(hashtext($1))', [`import:${tenant.tenantId}`]);
    const cookie = await signIn(app, tenant.admin.login);
    const file = Buffer.from(`工号,姓名,部门\nL${Date.now() % 1_000_000},租约,销售部\n`);
    const started = await upload(app, cookie, 'lease.csv', file, { query: '?commit=true' });
    expect(started.statusCode).toBe(202);
    const job = json<{ id: string; status: string }>(started);
    expect(job.status).toBe('running');
    // The import's transaction is now waiting for the lock.
    for (let i = 0; i < 200 && !(await isImportWaiting(tenant)); i++) await sleep(25);
    expect(await isImportWaiting(tenant)).toBe(true);
    return { id: job.id, cookie };
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** Whether a transaction waits for the import lock of the tenant (hashtext's int4, widened to bigint). */
  const isImportWaiting = async (tenant: TestTenant) =>
    (
      await locker.query(
        `select 1 from pg_locks where locktype = 'advisory' and not granted and objsubid = 1
          and objid::bigint = (hashtext($1)::bigint & 4294967295)`,
        [`import:${tenant.tenantId}`],
      )
    ).rowCount! > 0;

  /** Lets the held import go on, and waits for its transaction to end (it commits or rolls back). */
  async function releaseHeldImport(tenant: TestTenant) {
    await locker.query('select pg_advisory_unlock_all()');
    await locker.query('select pg_advisory_lock(hashtext($1))', [`import:${tenant.tenantId}`]);
    await locker.query('select pg_advisory_unlock_all()');
  }

  const jobOf = async (id: string) =>
    rowsOf<{ status: string; summary: { reason?: string } | null; lease_left: number | null }>(
      await first.db.execute(sql`select status, summary,
        extract(epoch from lease_expires_at - now())::float8 as lease_left from import_jobs where id = ${id}`),
    )[0]!;

  const employeeCount = async (tenant: TestTenant) =>
    rowsOf<{ n: number }>(
      await first.db.execute(
        sql`select count(*)::int as n from employees where tenant_id = ${tenant.tenantId}`,
      ),
    )[0]!.n;

  it('leaves a running import of process 1 running when process 2 starts, and it succeeds', async () => {
    // A short lease, so the wait below outlasts it: only the heartbeat keeps the job claimed.
    const config = testConfig({ jobLeaseSeconds: 2 });
    const app = await startFirst(config);
    const tenant = await buildTenant(first);
    const { id, cookie } = await startHeldImport(app, tenant);
    await sleep(3_000);

    await bootstrap(config, second);

    const during = json<{ status: string }>(
      await app.inject({ url: `/api/v1/imports/${id}`, headers: { cookie } }),
    );
    expect(during.status).toBe('running');
    expect((await jobOf(id)).lease_left).toBeGreaterThan(0);
    await locker.query('select pg_advisory_unlock_all()');
    const done = await waitForImport(app, cookie, id);
    expect(done.status).toBe('succeeded');
  });

  it('fails at start the imports whose lease has run out, and those without a lease', async () => {
    const tenant = await buildTenant(first);
    const app = await startFirst(testConfig());
    const cookie = await signIn(app, tenant.admin.login);
    const ids: string[] = [];
    for (const name of ['expired.csv', 'legacy.csv', 'held.csv']) {
      const r = await upload(app, cookie, name, Buffer.from('工号,姓名,部门\nX1,甲,销售部\n'));
      ids.push(json<{ id: string }>(r).id);
    }
    const [expired, legacy, held] = ids as [string, string, string];
    // As a process that died left them: one whose lease ran out a second ago, one from a version
    // without leases, and one still held by a live process.
    await first.db.execute(sql`update import_jobs set status = 'running', lease_expires_at = case id
        when ${expired}::uuid then now() - interval '1 second'
        when ${held}::uuid then now() + interval '1 minute' end
      where id in (${expired}::uuid, ${legacy}::uuid, ${held}::uuid)`);

    await bootstrap(testConfig(), second);

    expect(await jobOf(expired)).toMatchObject({ status: 'failed', summary: { reason: 'interrupted' } });
    expect(await jobOf(legacy)).toMatchObject({ status: 'failed', summary: { reason: 'interrupted' } });
    expect((await jobOf(held)).status).toBe('running');
    const shown = json<{ status: string }>(
      await app.inject({ url: `/api/v1/imports/${expired}`, headers: { cookie } }),
    );
    expect(shown.status).toBe('failed');
    await first.db.execute(sql`update import_jobs set status = 'failed' where id = ${held}::uuid`);
  });

  it('rolls back an import whose process lost its lease, so the failure it shows is true', async () => {
    // A long lease: no heartbeat comes between the test expiring it and process 2 starting.
    const config = testConfig({ jobLeaseSeconds: 600 });
    const app = await startFirst(config);
    const tenant = await buildTenant(first);
    const before = await employeeCount(tenant);
    const { id, cookie } = await startHeldImport(app, tenant);
    // Process 1 stalled past its lease (simulated): process 2 starts and fails the job.
    await first.db.execute(
      sql`update import_jobs set lease_expires_at = now() - interval '1 second' where id = ${id}`,
    );
    await bootstrap(config, second);
    expect((await jobOf(id)).status).toBe('failed');

    // Process 1 wakes up and ends its transaction: it must not overwrite the failure.
    await releaseHeldImport(tenant);
    const after = json<{ status: string; summary: { reason: string } }>(
      await app.inject({ url: `/api/v1/imports/${id}`, headers: { cookie } }),
    );
    expect(after).toMatchObject({ status: 'failed', summary: { reason: 'interrupted' } });
    expect(await employeeCount(tenant)).toBe(before);
  });
});
