import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerOneOnOneRoutes } from './one-on-one.routes.ts';

export function registerOneOnOnesModule(app: FastifyInstance, ctx: AppContext) {
  registerOneOnOneRoutes(app, ctx);
}

export const oneOnOnesModule: ServerModule = {
  name: 'one-on-ones',
  register: registerOneOnOnesModule,
};
