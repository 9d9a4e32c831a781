import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerGapAnalysisRoutes } from './gap-analysis.routes.ts';

export function registerGapAnalysesModule(app: FastifyInstance, ctx: AppContext) {
  registerGapAnalysisRoutes(app, ctx);
}

export const gapAnalysesModule: ServerModule = {
  name: 'gap-analyses',
  register: registerGapAnalysesModule,
};
