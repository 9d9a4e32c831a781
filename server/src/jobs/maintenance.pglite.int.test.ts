import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { testConfig } from '../../test/helpers.ts';
import { type Database, openDatabase, rowsOf } from '../db/database.ts';
import { runMaintenance } from './maintenance.ts';
import { startJobs } from './scheduler.ts';

/**
 * The embedded database has no autovacuum; the maintenance job does its work. Each test opens a
 * migrated PGlite of its own (the suite's dump), so no other test's tables are in the way. PGlite
 * only: PostgreSQL runs autovacuum and the job is not scheduled there.
 */
describe('maintenance of the embedded database', () => {
  let database: Database | null = null;
  afterEach(async () => {
    await database?.close();
    database = null;
  });

  const open = async () => {
    const dump = readFileSync(inject('pgliteDumpPath'));
    database = await openDatabase({ engine: 'pglite', dataDir: null, loadDataDir: new Blob([dump]) });
    return database;
  };
  const planStats = async (db: Database) =>
    rowsOf<{ tuples: number; dead: number }>(
      await db.db.execute(sql`
        select c.reltuples::int as tuples, coalesce(s.n_dead_tup, 0)::int as dead
        from pg_class c left join pg_stat_user_tables s on s.relid = c.oid
        where c.relname = 'probe'`),
    )[0]!;
  const probeRuns = (runs: Awaited<ReturnType<typeof runMaintenance>>) =>
    runs.filter((run) => run.table === 'probe').map(({ vacuum, analyze }) => ({ vacuum, analyze }));

  it('analyzes a new table once it holds rows, vacuums it once a fifth is dead, and leaves it alone after', async () => {
    const db = await open();
    await db.db.execute(sql`create table probe (id int primary key, note text)`);
    await db.db.execute(sql`insert into probe select g, 'n' || g from generate_series(1, 5000) g`);
    expect((await planStats(db)).tuples).toBe(-1);

    // Never analyzed and 5,000 inserts: both (the inserts pass 1,000 + a fifth of an empty table).
    expect(probeRuns(await runMaintenance(db))).toEqual([{ vacuum: true, analyze: true }]);
    expect(await planStats(db)).toEqual({ tuples: 5000, dead: 0 });
    expect(probeRuns(await runMaintenance(db))).toEqual([]);

    // 40 changed rows of 5,000: under both thresholds.
    await db.db.execute(sql`update probe set note = note || '+' where id <= 40`);
    expect(probeRuns(await runMaintenance(db))).toEqual([]);

    // 1,500 more dead rows (1,540 in all, over 50 + a fifth of 5,000) and changed rows (over 50 + a tenth).
    await db.db.execute(sql`delete from probe where id > 3500`);
    expect(probeRuns(await runMaintenance(db))).toEqual([{ vacuum: true, analyze: true }]);
    expect(await planStats(db)).toEqual({ tuples: 3500, dead: 0 });
  });

  it('runs over every table of the real schema', async () => {
    const db = await open();
    const runs = await runMaintenance(db);
    // The migrations' own bookkeeping table holds rows and was never analyzed.
    expect(runs.map((run) => `${run.schema}.${run.table}`)).toContain('drizzle.__drizzle_migrations');
    expect(await runMaintenance(db)).toEqual([]);
  });

  it('is run by the background jobs as they start on the embedded database', {
    timeout: 60_000,
  }, async () => {
    const db = await open();
    await db.db.execute(sql`create table probe (id int primary key, note text)`);
    await db.db.execute(sql`insert into probe select g, 'n' || g from generate_series(1, 2000) g`);
    const jobs = await startJobs({
      database: db,
      config: testConfig(),
      clock: () => new Date(),
      log: Fastify({ logger: false }).log,
    });
    // stop() waits for the start-up round (tenant jobs, progress fill, maintenance) to finish.
    await jobs.stop();
    expect((await planStats(db)).tuples).toBe(2000);
  });
});
