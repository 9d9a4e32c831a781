import {
  CreateKeyEventBodySchema,
  KeyEventSchema,
  ListKeyEventsQuerySchema,
  UpdateKeyEventBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as keyEvents from './key-event.service.ts';

const IdParams = z.object({ id: z.uuid() });
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/**
 * Key events (关键事件): evidence for the end-of-cycle review, recorded as it happens. People
 * only: no token scope is declared, so API tokens are refused.
 */
export function registerKeyEventRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['key-events'];

  r.get(
    '/api/v1/key-events',
    {
      schema: {
        tags,
        summary:
          'Key events about people I may see (myself, my reports, my departments; HR all), newest first; cycleId keeps those that happened within that cycle',
        querystring: ListKeyEventsQuerySchema,
        response: { 200: page(KeyEventSchema) },
      },
    },
    async (request) => keyEvents.listKeyEvents(ctx, actorOf(request), request.query),
  );
  r.post(
    '/api/v1/key-events',
    {
      schema: {
        tags,
        summary:
          'Record a key event about myself or someone I manage (HR: anyone); its cycle is the one containing the date; the person is told when someone else records it',
        body: CreateKeyEventBodySchema,
        response: { 201: KeyEventSchema },
      },
    },
    async (request, reply) => {
      const created = await keyEvents.createKeyEvent(ctx, actorOf(request), request.body, request.id);
      setEtag(reply, created.version);
      return reply.status(201).send(created);
    },
  );
  r.patch(
    '/api/v1/key-events/:id',
    {
      schema: {
        tags,
        summary: 'Change a key event (its author or HR; If-Match; audited)',
        params: IdParams,
        body: UpdateKeyEventBodySchema,
        response: { 200: KeyEventSchema },
      },
    },
    async (request, reply) => {
      const item = await keyEvents.updateKeyEvent(
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
  r.delete(
    '/api/v1/key-events/:id',
    {
      schema: {
        tags,
        summary: 'Delete a key event (its author or HR; audited)',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await keyEvents.deleteKeyEvent(ctx, actorOf(request), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );
}
