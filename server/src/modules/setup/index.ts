import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerSetupRoutes } from './setup.routes.ts';

export function registerSetupModule(app: FastifyInstance, ctx: AppContext) {
  registerSetupRoutes(app, ctx);
}

export const setupModule: ServerModule = {
  name: 'setup',
  register: registerSetupModule,
};
