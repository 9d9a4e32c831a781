import { dueTenantJobs, readFollowThroughSettings } from '@perfloop/core';
import type { JobEnv } from '../../jobs/job.ts';
import { selectTenantSchedules } from '../../jobs/scheduler.repository.ts';
import { runDailyReminders } from './reminder.service.ts';
import { runWeeklySnapshot } from './snapshot.service.ts';

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
