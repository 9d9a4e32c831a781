import { ApiTokenSchema, CreatedApiTokenSchema, CreateTokenBodySchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import * as service from './token.service.ts';

const IdParams = z.object({ id: z.uuid() });

export function registerTokenRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['api-tokens'];

  r.get(
    '/api/v1/api-tokens',
    {
      schema: {
        tags,
        summary: 'List service API tokens (never their secrets)',
        response: { 200: z.object({ items: z.array(ApiTokenSchema), nextCursor: z.null() }) },
      },
    },
    async (request) => ({
      items: await service.listTokens(ctx.database, actorOf(request)),
      nextCursor: null,
    }),
  );

  r.post(
    '/api/v1/api-tokens',
    {
      schema: {
        tags,
        summary: 'Create a service API token; the secret is shown once',
        body: CreateTokenBodySchema,
        response: { 201: CreatedApiTokenSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.createToken(ctx.database, actorOf(request), request.body, request.id)),
  );

  r.delete(
    '/api/v1/api-tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a token (it stops working at once)',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await service.revokeToken(ctx.database, actorOf(request), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );
}
