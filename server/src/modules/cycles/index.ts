import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerCycleRoutes } from './cycle.routes.ts';

export function registerCyclesModule(app: FastifyInstance, ctx: AppContext) {
  registerCycleRoutes(app, ctx);
}

export const cyclesModule: ServerModule = {
  name: 'cycles',
  register: registerCyclesModule,
};
