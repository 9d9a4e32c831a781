import { dueTenantJobs, readFollowThroughSettings } from '@perfloop/core';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { runDailyReminders } from '../modules/early-warning/reminder.service.ts';
import { runWeeklySnapshot } from '../modules/early-warning/snapshot.service.ts';
import { fillAllGoalProgress } from '../modules/goals/progress-fill.service.ts';
import { processDueDeliveries } from '../modules/notifications/notification.service.ts';
import { runMaintenance } from './maintenance.ts';
import { selectTenantSchedules } from './scheduler.repository.ts';

const TICK = 'tenant-jobs';
const DELIVER = 'deliveries';
const PROGRESS = 'goal-progress';
const MAINTAIN = 'maintenance';

export type JobEnv = { database: Database; config: Config; clock: () => Date; log: FastifyBaseLogger };

/**
 * One pass over the tenants: runs each one's weekly snapshot and daily reminders when due in
 * its time zone. Safe to call from every process at once: each run is claimed in the database.
 */
export async function runDueTenantJobs(env: JobEnv) {
  const now = env.clock();
  const jobEnv = { db: env.database.db, now, publicUrl: env.config.publicUrl };
  for (const tenant of await selectTenantSchedules(env.database.db)) {
    const due = dueTenantJobs(now, tenant.time_zone, readFollowThroughSettings(tenant.settings));
    if (due.snapshotDate) {
      const run = await runWeeklySnapshot(jobEnv, tenant.id, due.snapshotDate, 'schedule');
      env.log.info(
        { job: 'weekly_snapshot', tenantId: tenant.id, date: run.date, alreadyRun: run.alreadyRun },
        run.alreadyRun ? 'weekly snapshot already done' : 'weekly snapshot done',
      );
    }
    if (due.remindersDate) {
      const result = await runDailyReminders(jobEnv, tenant.id, due.remindersDate);
      if (!result.alreadyRun)
        env.log.info({ job: 'daily_reminders', tenantId: tenant.id, sent: result.sent }, 'reminders sent');
    }
  }
}

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
 * Starts the background jobs on pg-boss: a tenant-jobs tick every 5 minutes (and once at start,
 * to catch up after downtime), a delivery round every minute, and every minute (and at start) a
 * fill of the goals' stored progress that key result writes forgot. On the embedded database,
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
  await withStartupLock(env, async () => {
    await boss.start();
    await boss.createQueue(TICK);
    await boss.createQueue(DELIVER);
    await boss.createQueue(PROGRESS);
    await boss.schedule(TICK, '*/5 * * * *');
    await boss.schedule(DELIVER, '* * * * *');
    await boss.schedule(PROGRESS, '* * * * *');
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
  const tick = guarded(TICK, () => runDueTenantJobs(env));
  const deliver = guarded(DELIVER, () => processDueDeliveries(env.database.db, env.clock()));
  await boss.work(TICK, { pollingIntervalSeconds: 10 }, tick);
  const fill = guarded(PROGRESS, async () => {
    const filled = await fillAllGoalProgress(env.database.db);
    if (filled > 0) env.log.info({ job: PROGRESS, filled }, 'goal progress stored');
  });
  await boss.work(DELIVER, { pollingIntervalSeconds: 10 }, deliver);
  await boss.work(PROGRESS, { pollingIntervalSeconds: 10 }, fill);
  const maintain = guarded(MAINTAIN, () => runMaintenance(env.database, env.log));
  if (env.database.pglite) await boss.work(MAINTAIN, { pollingIntervalSeconds: 10 }, maintain);
  const startup = tick()
    .catch(() => {})
    .then(() => fill().catch(() => {}))
    .then(() => (env.database.pglite ? maintain().catch(() => {}) : undefined));
  return {
    async stop() {
      await startup;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
