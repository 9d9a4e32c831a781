import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerAlertRoutes } from './alert.routes.ts';
import { runDueTenantJobs } from './early-warning.jobs.ts';
import { registerSnapshotRoutes } from './snapshot.routes.ts';

export function registerEarlyWarningModule(app: FastifyInstance, ctx: AppContext) {
  registerAlertRoutes(app, ctx);
  registerSnapshotRoutes(app, ctx);
}

export const earlyWarningModule: ServerModule = {
  name: 'early-warning',
  register: registerEarlyWarningModule,
  jobs: [
    {
      // Every 5 minutes (and first at start): each tenant's weekly snapshot and daily reminders when due.
      name: 'tenant-jobs',
      cron: '*/5 * * * *',
      startOrder: 1,
      run: runDueTenantJobs,
    },
  ],
};
