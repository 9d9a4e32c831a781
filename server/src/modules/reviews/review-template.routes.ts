import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';

export function registerReviewTemplateRoutes(_app: FastifyInstance, _ctx: AppContext) {}
