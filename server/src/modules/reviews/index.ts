import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerNominationRoutes } from './nomination.routes.ts';
import { registerReviewRoutes } from './review.routes.ts';
import { registerReviewCycleRoutes } from './review-cycle.routes.ts';
import { registerReviewTemplateRoutes } from './review-template.routes.ts';

export function registerReviewsModule(app: FastifyInstance, ctx: AppContext) {
  registerReviewTemplateRoutes(app, ctx);
  registerReviewCycleRoutes(app, ctx);
  registerNominationRoutes(app, ctx);
  registerReviewRoutes(app, ctx);
}

/** Evaluation (§6): review templates, review rounds, nominations, reviews and their scores. */
export const reviewsModule: ServerModule = {
  name: 'reviews',
  register: registerReviewsModule,
};
