import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerTokenRoutes } from './token.routes.ts';

export function registerTokensModule(app: FastifyInstance, ctx: AppContext) {
  registerTokenRoutes(app, ctx);
}

export const tokensModule: ServerModule = {
  name: 'tokens',
  register: registerTokensModule,
};
