import { AlertSchema, ListAlertsQuerySchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { listAlerts } from './alert.service.ts';

export function registerAlertRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['early warning'];

  r.get(
    '/api/v1/alerts',
    {
      config: { scope: 'goals:read' },
      schema: {
        tags,
        summary: 'Early-warning alerts (pace, stale) for me, my team, a department, or all I may see',
        querystring: ListAlertsQuerySchema,
        response: { 200: z.object({ items: z.array(AlertSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => listAlerts(ctx, actorOf(request), request.query),
  );
}
