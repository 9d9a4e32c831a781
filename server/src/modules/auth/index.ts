import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerAuthRoutes } from './auth.routes.ts';

export function registerAuthModule(app: FastifyInstance, ctx: AppContext) {
  registerAuthRoutes(app, ctx);
}

export const authModule: ServerModule = {
  name: 'auth',
  register: registerAuthModule,
};
