import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerDashboardRoutes } from './dashboard.routes.ts';

export function registerDashboardsModule(app: FastifyInstance, ctx: AppContext) {
  registerDashboardRoutes(app, ctx);
}

export const dashboardsModule: ServerModule = {
  name: 'dashboards',
  register: registerDashboardsModule,
};
