import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { localTime } from '@perfloop/core';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildApprovedGoal, buildCycle, buildSalesTeam, seedGoalBody } from '../../test/goals.ts';
import { buildTenant, setTestClock, signIn, testConfig } from '../../test/helpers.ts';
import { buildApp } from '../app.ts';
import { REPO_ROOT } from '../config.ts';
import { openDatabase, rowsOf } from '../db/database.ts';

/**
 * Two real server processes over one PostgreSQL start at the same time; both run the tenant
 * tick at start (as after a deploy or an outage), so both try the weekly snapshot of the same
 * tenant and date. It must run exactly once. PGlite is one process by design, so this file runs
 * in the PostgreSQL project only (vitest.config.ts).
 */
describe('the weekly job across processes', () => {
  const children: ChildProcess[] = [];
  let dbName = '';
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    if (dbName) {
      const admin = new pg.Client({ connectionString: inject('postgresUrl') });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  });

  it('runs once per tenant and date with two server processes', { timeout: 120_000 }, async () => {
    // A database of its own, so no other test's tenant is in the way.
    dbName = `perfloop_jobs_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: inject('postgresUrl') });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(inject('postgresUrl'));
    url.pathname = `/${dbName}`;
    const database = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 2 });
    await database.migrate();
    const app = await buildApp({ config: testConfig(), database, logger: false });
    await app.ready();

    // A tenant whose snapshot is due now: today's weekday in its zone, from hour 0.
    const tenant = await buildTenant(database);
    const today = localTime(new Date(), 'Asia/Shanghai');
    await database.db.execute(
      sql`update tenants set settings = settings || ${JSON.stringify({ snapshotWeekday: today.weekday, snapshotHour: 0 })}::jsonb
        where id = ${tenant.tenantId}`,
    );
    const team = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant, { startDate: '2026-01-01', endDate: '2026-12-31' });
    const owner = await signIn(app, team.zhangsan.login);
    const manager = await signIn(app, team.manager.login);
    setTestClock(null);
    const goal = await buildApprovedGoal(
      app,
      owner,
      manager,
      seedGoalBody(cycle.id, { dueDate: '2026-12-31' }),
    );
    await app.close();

    const logs: string[][] = [[], []];
    const serverMain = path.join(REPO_ROOT, 'server', 'src', 'main.ts');
    for (const i of [0, 1]) {
      // node itself (not the tsx wrapper, whose child would outlive a kill) so the cleanup stops the server.
      const child = spawn(process.execPath, ['--import', 'tsx', serverMain], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          DATABASE_URL: url.toString(),
          PORT: '0',
          HOST: '127.0.0.1',
          PERFLOOP_DEMO: '0',
          LOG_LEVEL: 'info',
          NODE_ENV: 'test',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      child.stdout!.on('data', (chunk: Buffer) => logs[i]!.push(...chunk.toString('utf8').split('\n')));
      child.stderr!.on('data', (chunk: Buffer) => logs[i]!.push(...chunk.toString('utf8').split('\n')));
    }
    const snapshotLine = (lines: string[]) =>
      lines.find((l) => l.includes('"job":"weekly_snapshot"') && l.includes(tenant.tenantId));
    const deadline = Date.now() + 100_000;
    while (!(snapshotLine(logs[0]!) && snapshotLine(logs[1]!)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250));
    const lines = logs.map((l) => snapshotLine(l));
    expect(lines.every(Boolean), logs.map((l) => l.slice(-20).join('\n')).join('\n----\n')).toBe(true);
    const ran = lines.map((l) => JSON.parse(l!) as { alreadyRun: boolean; date: string });
    // Exactly one of the two did the work; both speak of the same date.
    expect(ran.filter((r) => !r.alreadyRun)).toHaveLength(1);
    expect(ran[0]!.date).toBe(today.date);
    expect(ran[1]!.date).toBe(today.date);
    const runs = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from job_runs where tenant_id = ${tenant.tenantId} and job = 'weekly_snapshot'`,
      ),
    );
    expect(runs[0]!.n).toBe(1);
    const snapshots = rowsOf<{ goal_id: string; snapshot_date: string }>(
      await database.db.execute(
        sql`select goal_id, snapshot_date::text from goal_snapshots where tenant_id = ${tenant.tenantId}`,
      ),
    );
    expect(snapshots).toEqual([{ goal_id: goal.id, snapshot_date: today.date }]);
    await database.close();
  });
});
