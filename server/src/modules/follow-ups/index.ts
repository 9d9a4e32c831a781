import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerFollowUpRoutes } from './follow-up.routes.ts';

export function registerFollowUpsModule(app: FastifyInstance, ctx: AppContext) {
  registerFollowUpRoutes(app, ctx);
}

export const followUpsModule: ServerModule = {
  name: 'follow-ups',
  register: registerFollowUpsModule,
};
