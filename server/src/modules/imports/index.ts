import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { failExpiredImportJobs } from './import.repository.ts';
import { registerImportRoutes } from './import.routes.ts';

export function registerImportsModule(app: FastifyInstance, ctx: AppContext) {
  registerImportRoutes(app, ctx);
}

export const importsModule: ServerModule = {
  name: 'imports',
  register: registerImportsModule,
  jobs: [
    {
      // Every minute: an import whose process died while others keep running is failed once its
      // lease has run out (jobs/lease.ts), not only when some process starts (bootstrap.ts).
      name: 'expired-import-leases',
      cron: '* * * * *',
      async run(env) {
        const failed = await failExpiredImportJobs(env.database.db);
        if (failed > 0)
          env.log.warn({ job: 'expired-import-leases', failed }, 'imports whose process is gone failed');
      },
    },
  ],
};
