import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerHealthRoutes } from './health.routes.ts';

export function registerHealthModule(app: FastifyInstance, ctx: AppContext) {
  registerHealthRoutes(app, ctx);
}

export const healthModule: ServerModule = {
  name: 'health',
  register: registerHealthModule,
};
