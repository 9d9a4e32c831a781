import { GapActionToFollowUpBodySchema, GapAnalysisSchema, SaveGapAnalysisBodySchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as gaps from './gap-analysis.service.ts';

const IdParams = z.object({ id: z.uuid() });

export function registerGapAnalysisRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Gap analyses (绩效改进分析表)
  const tg = ['gap analyses'];
  r.get(
    '/api/v1/gap-analyses',
    {
      schema: {
        tags: tg,
        summary: 'Gap analyses of people I may see',
        querystring: z.object({ employeeId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(GapAnalysisSchema) }) },
      },
    },
    async (request) => ({
      items: await gaps.listGapAnalyses(ctx, actorOf(request), request.query.employeeId),
    }),
  );
  r.post(
    '/api/v1/gap-analyses',
    {
      schema: {
        tags: tg,
        summary:
          'Write a gap analysis: dimensions with target and actual (the gap is computed), causes and actions',
        body: SaveGapAnalysisBodySchema,
        response: { 201: GapAnalysisSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await gaps.createGapAnalysis(ctx, actorOf(request), request.body, request.id)),
  );
  r.get(
    '/api/v1/gap-analyses/:id',
    {
      schema: {
        tags: tg,
        summary: 'One gap analysis',
        params: IdParams,
        response: { 200: GapAnalysisSchema },
      },
    },
    async (request, reply) => {
      const item = await gaps.getGapAnalysis(ctx, actorOf(request), request.params.id);
      setEtag(reply, item.version);
      return item;
    },
  );
  r.put(
    '/api/v1/gap-analyses/:id',
    {
      schema: {
        tags: tg,
        summary: 'Replace a gap analysis (If-Match; audited)',
        params: IdParams,
        body: SaveGapAnalysisBodySchema,
        response: { 200: GapAnalysisSchema },
      },
    },
    async (request, reply) => {
      const item = await gaps.updateGapAnalysis(
        ctx,
        actorOf(request),
        request.params.id,
        requireIfMatch(request),
        request.body,
        request.id,
      );
      setEtag(reply, item.version);
      return item;
    },
  );
  r.post(
    '/api/v1/gap-analyses/:id/follow-ups',
    {
      schema: {
        tags: tg,
        summary: 'Turn one improvement action into a follow-up record (once)',
        params: IdParams,
        body: GapActionToFollowUpBodySchema,
        response: { 200: GapAnalysisSchema },
      },
    },
    async (request) =>
      gaps.actionToFollowUp(ctx, actorOf(request), request.params.id, request.body, request.id),
  );
}
