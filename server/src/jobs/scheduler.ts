import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import { MODULES } from '../modules/modules.ts';
import type { JobEnv, ModuleJob } from './job.ts';
import { runMaintenance } from './maintenance.ts';

export { runDueTenantJobs } from '../modules/early-warning/early-warning.jobs.ts';
export type { JobEnv } from './job.ts';

const MAINTAIN = 'maintenance';

/** Every feature module's jobs (module.ts), in module order. */
const moduleJobs = (): ModuleJob[] => MODULES.flatMap((module) => module.jobs ?? []);

const STARTUP_LOCK_KEY = 7_242_027;

async function withStartupLock(env: JobEnv, fn: () => Promise<void>) {
  if (env.database.pglite || !env.config.databaseUrl) return fn();
  const client = new pg.Client({ connectionString: env.config.databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    await fn();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/** pg-boss on PGlite: statements without parameters go through exec(), which allows several statements. */
function pgliteAdapter(database: Database) {
  const pglite = database.pglite!;
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (!values || values.length === 0) {
        const results = await pglite.exec(text);
        return results.at(-1) ?? { rows: [] };
      }
      return pglite.query(text, values);
    },
  };
}

/**
 * Starts the background jobs on pg-boss: each feature module's jobs (its index.ts), today a
 * tenant-jobs tick every 5 minutes (early warning; and once at start, to catch up after downtime),
 * a delivery round every minute (notifications), and every minute (and at start, after the tick)
 * a fill of the goals' stored progress that key result writes forgot (goals). On the embedded database,
 * also every minute (and at start) the work autovacuum does on PostgreSQL (maintenance.ts).
 * pg-boss's cron runs each tick once across all server processes; the database claims make every
 * run once-only anyway.
 */
export async function startJobs(env: JobEnv): Promise<{ stop(): Promise<void> }> {
  const common = { schema: 'pgboss' };
  const boss = env.database.pglite
    ? new PgBoss({ ...common, db: pgliteAdapter(env.database) })
    : new PgBoss({ ...common, connectionString: env.config.databaseUrl!, max: 3 });
  boss.on('error', (error) => env.log.error({ err: error }, 'job queue error'));
  // pg-boss creating its schema and queues from two processes at once can deadlock: one at a time.
  const jobs = moduleJobs();
  await withStartupLock(env, async () => {
    await boss.start();
    for (const job of jobs) await boss.createQueue(job.name);
    for (const job of jobs) await boss.schedule(job.name, job.cron);
    if (env.database.pglite) {
      await boss.createQueue(MAINTAIN);
      await boss.schedule(MAINTAIN, '* * * * *');
    }
  });
  const guarded = (name: string, fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
    } catch (error) {
      env.log.error({ err: error, job: name }, 'job failed');
      throw error;
    }
  };
  const runs = new Map(jobs.map((job) => [job, guarded(job.name, () => job.run(env))]));
  for (const [job, run] of runs) await boss.work(job.name, { pollingIntervalSeconds: 10 }, run);
  const maintain = guarded(MAINTAIN, () => runMaintenance(env.database, env.log));
  if (env.database.pglite) await boss.work(MAINTAIN, { pollingIntervalSeconds: 10 }, maintain);
  const atStart = jobs
    .filter((job) => job.startOrder !== undefined)
    .sort((a, b) => (a.startOrder ?? 0) - (b.startOrder ?? 0));
  let startup: Promise<unknown> = Promise.resolve();
  for (const job of atStart)
    startup = startup.then(() =>
      runs
        .get(job)?.()
        .catch(() => {}),
    );
  startup = startup.then(() => (env.database.pglite ? maintain().catch(() => {}) : undefined));
  return {
    async stop() {
      await startup;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
