import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerGoalRoutes } from './goal.routes.ts';
import { fillAllGoalProgress } from './progress-fill.service.ts';

export function registerGoalsModule(app: FastifyInstance, ctx: AppContext) {
  registerGoalRoutes(app, ctx);
}

export const goalsModule: ServerModule = {
  name: 'goals',
  register: registerGoalsModule,
  jobs: [
    {
      // Every minute (and at start): the goals' stored progress that key result writes forgot.
      name: 'goal-progress',
      cron: '* * * * *',
      startOrder: 2,
      async run(env) {
        const filled = await fillAllGoalProgress(env.database.db);
        if (filled > 0) env.log.info({ job: 'goal-progress', filled }, 'goal progress stored');
      },
    },
  ],
};
