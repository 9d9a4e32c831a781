import { CreateFeedbackBodySchema, FeedbackSchema, ListFeedbackQuerySchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import * as feedback from './feedback.service.ts';

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export function registerFeedbackRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Continuous feedback
  r.get(
    '/api/v1/feedback',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Feedback I received, sent, or shared with me as the recipient’s manager',
        querystring: ListFeedbackQuerySchema,
        response: { 200: page(FeedbackSchema) },
      },
    },
    async (request) => feedback.listFeedback(ctx, actorOf(request), request.query),
  );
  r.post(
    '/api/v1/feedback',
    {
      schema: {
        tags: ['feedback'],
        summary:
          'Praise or a suggestion to anyone, for the recipient only or the recipient and their manager',
        body: CreateFeedbackBodySchema,
        response: { 201: FeedbackSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await feedback.giveFeedback(ctx, actorOf(request), request.body)),
  );
}
