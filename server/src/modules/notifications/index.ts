import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerNotificationRoutes } from './notification.routes.ts';
import { processDueDeliveries } from './notification.service.ts';

export function registerNotificationsModule(app: FastifyInstance, ctx: AppContext) {
  registerNotificationRoutes(app, ctx);
}

export const notificationsModule: ServerModule = {
  name: 'notifications',
  register: registerNotificationsModule,
  jobs: [
    {
      // Every minute: the deliveries due (e-mail, robots, webhooks).
      name: 'deliveries',
      cron: '* * * * *',
      run: (env) =>
        processDueDeliveries(env.database.db, env.clock(), {
          allowPrivateWebhooks: env.config.allowPrivateWebhooks,
        }),
    },
  ],
};
