import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerFeedbackRoutes } from './feedback.routes.ts';

export function registerFeedbackModule(app: FastifyInstance, ctx: AppContext) {
  registerFeedbackRoutes(app, ctx);
}

export const feedbackModule: ServerModule = {
  name: 'feedback',
  register: registerFeedbackModule,
};
