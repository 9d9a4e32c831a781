import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/health',
    {
      config: { isPublic: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness, and with ?db=true whether the database answers',
        querystring: z.object({ db: z.enum(['true', 'false']).default('true') }),
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['up', 'skipped']), engine: z.string() }),
          503: z.object({ status: z.literal('degraded'), database: z.literal('down'), engine: z.string() }),
        },
      },
    },
    async (request, reply) => {
      const engine = ctx.database.engine;
      // `?db=false` is the benchmark's floor: the same stack without a database round trip.
      if (request.query.db === 'false')
        return { status: 'ok' as const, database: 'skipped' as const, engine };
      if (await ctx.database.ping()) return { status: 'ok' as const, database: 'up' as const, engine };
      return reply.status(503).send({ status: 'degraded', database: 'down', engine });
    },
  );
}
