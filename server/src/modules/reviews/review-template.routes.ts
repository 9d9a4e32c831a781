import {
  ListReviewTemplatesQuerySchema,
  ReviewTemplateBodySchema,
  ReviewTemplateSchema,
  UpdateReviewTemplateBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { localeOf } from '../../http/errors.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as service from './review-template.service.ts';

const IdParams = z.object({ id: z.uuid() });

export function registerReviewTemplateRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reviews'];

  r.get(
    '/api/v1/review-templates',
    {
      schema: {
        tags,
        summary: 'Review templates with their current definition, in creation order (HR)',
        querystring: ListReviewTemplatesQuerySchema,
        response: {
          200: z.object({ items: z.array(ReviewTemplateSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (request) => service.listReviewTemplates(ctx.database, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/review-templates/default',
    {
      schema: {
        tags,
        summary:
          'The built-in default template in the caller’s language (Accept-Language): the start of a new one',
        response: { 200: ReviewTemplateBodySchema },
      },
    },
    async (request) => service.getDefaultReviewTemplate(actorOf(request), localeOf(request)),
  );

  r.get(
    '/api/v1/review-templates/:id',
    {
      schema: {
        tags,
        summary: 'One review template with its current version',
        params: IdParams,
        response: { 200: ReviewTemplateSchema },
      },
    },
    async (request, reply) => {
      const template = await service.getReviewTemplate(ctx.database, actorOf(request), request.params.id);
      setEtag(reply, template.version);
      return template;
    },
  );

  r.post(
    '/api/v1/review-templates',
    {
      schema: {
        tags,
        summary:
          'Create a review template (its version 1); weights in basis points must sum to exactly 10000',
        body: ReviewTemplateBodySchema,
        response: { 201: ReviewTemplateSchema },
      },
    },
    async (request, reply) => {
      const template = await service.createReviewTemplate(
        ctx.database,
        actorOf(request),
        request.body,
        request.id,
      );
      setEtag(reply, template.version);
      return reply.status(201).send(template);
    },
  );

  r.put(
    '/api/v1/review-templates/:id',
    {
      schema: {
        tags,
        summary:
          'Replace a review template (requires If-Match); a changed definition becomes a new template version, rounds already launched keep theirs',
        params: IdParams,
        body: UpdateReviewTemplateBodySchema,
        response: { 200: ReviewTemplateSchema },
      },
    },
    async (request, reply) => {
      const template = await service.updateReviewTemplate(
        ctx.database,
        actorOf(request),
        request.params.id,
        requireIfMatch(request),
        request.body,
        request.id,
      );
      setEtag(reply, template.version);
      return template;
    },
  );
}
