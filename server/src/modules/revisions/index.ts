import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerRevisionRoutes } from './revision.routes.ts';

export function registerRevisionsModule(app: FastifyInstance, ctx: AppContext) {
  registerRevisionRoutes(app, ctx);
}

export const revisionsModule: ServerModule = {
  name: 'revisions',
  register: registerRevisionsModule,
};
