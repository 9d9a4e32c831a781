import {
  CreateCycleBodySchema,
  CycleSchema,
  ListCyclesQuerySchema,
  UpdateCycleBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as service from './cycle.service.ts';

const IdParams = z.object({ id: z.uuid() });

export function registerCycleRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cycles'];

  r.get(
    '/api/v1/cycles',
    {
      config: { scope: 'goals:read' },
      schema: {
        tags,
        summary: 'Performance cycles, newest first',
        querystring: ListCyclesQuerySchema,
        response: { 200: z.object({ items: z.array(CycleSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => service.listCycles(ctx.database, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/cycles/:id',
    {
      config: { scope: 'goals:read' },
      schema: { tags, summary: 'One cycle', params: IdParams, response: { 200: CycleSchema } },
    },
    async (request, reply) => {
      const cycle = await service.getCycle(ctx.database, actorOf(request), request.params.id);
      setEtag(reply, cycle.version);
      return cycle;
    },
  );

  r.post(
    '/api/v1/cycles',
    {
      config: { scope: 'goals:write' },
      schema: {
        tags,
        summary: 'Create a cycle (HR admins)',
        body: CreateCycleBodySchema,
        response: { 201: CycleSchema },
      },
    },
    async (request, reply) => {
      const cycle = await service.createCycle(ctx.database, actorOf(request), request.body, request.id);
      setEtag(reply, cycle.version);
      return reply.status(201).send(cycle);
    },
  );

  r.patch(
    '/api/v1/cycles/:id',
    {
      config: { scope: 'goals:write' },
      schema: {
        tags,
        summary: 'Change a cycle’s name, dates or phases (requires If-Match; closed cycles are read-only)',
        params: IdParams,
        body: UpdateCycleBodySchema,
        response: { 200: CycleSchema },
      },
    },
    async (request, reply) => {
      const cycle = await service.updateCycle(
        ctx.database,
        actorOf(request),
        request.params.id,
        requireIfMatch(request),
        request.body,
        request.id,
      );
      setEtag(reply, cycle.version);
      return cycle;
    },
  );

  for (const action of ['open', 'close', 'reopen'] as const) {
    r.post(
      `/api/v1/cycles/:id/${action}`,
      {
        config: { scope: 'goals:write' },
        schema: {
          tags,
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} a cycle`,
          params: IdParams,
          response: { 200: CycleSchema },
        },
      },
      async (request, reply) => {
        const cycle = await service.transitionCycle(
          ctx.database,
          actorOf(request),
          request.params.id,
          action,
          request.id,
        );
        setEtag(reply, cycle.version);
        return cycle;
      },
    );
  }

  r.delete(
    '/api/v1/cycles/:id',
    {
      config: { scope: 'goals:write' },
      schema: { tags, summary: 'Delete an empty draft cycle', params: IdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await service.deleteCycle(ctx.database, actorOf(request), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );
}
