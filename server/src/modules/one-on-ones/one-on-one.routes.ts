import {
  AddActionItemsBodySchema,
  CreateOneOnOneBodySchema,
  ListOneOnOnesQuerySchema,
  OneOnOneSchema,
  UpdateOneOnOneBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as meetings from './one-on-one.service.ts';

const IdParams = z.object({ id: z.uuid() });
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export function registerOneOnOneRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // 1:1 meetings
  const t11 = ['one-on-ones'];
  r.get(
    '/api/v1/one-on-ones',
    {
      schema: {
        tags: t11,
        summary: 'My 1:1s and those of my reporting line: upcoming (soonest first) or past',
        querystring: ListOneOnOnesQuerySchema,
        response: { 200: page(OneOnOneSchema) },
      },
    },
    async (request) => meetings.listOneOnOnes(ctx, actorOf(request), request.query),
  );
  r.post(
    '/api/v1/one-on-ones',
    {
      schema: {
        tags: t11,
        summary: 'Schedule a 1:1, or a recurring series (weekly, biweekly, monthly)',
        body: CreateOneOnOneBodySchema,
        response: { 201: OneOnOneSchema.extend({ occurrences: z.number().int() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await meetings.createOneOnOne(ctx, actorOf(request), request.body, request.id)),
  );
  r.get(
    '/api/v1/one-on-ones/:id',
    {
      schema: {
        tags: t11,
        summary: 'One 1:1 with its action items and my private note',
        params: IdParams,
        response: { 200: OneOnOneSchema },
      },
    },
    async (request, reply) => {
      const item = await meetings.getOneOnOne(ctx, actorOf(request), request.params.id);
      setEtag(reply, item.version);
      return item;
    },
  );
  r.get(
    '/api/v1/one-on-ones/:id/calendar.ics',
    {
      schema: {
        tags: t11,
        summary: 'The 1:1 (or with ?series=true its series) as an iCalendar file',
        produces: ['text/calendar'],
        params: IdParams,
        querystring: z.object({ series: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request, reply) => {
      const ics = await meetings.oneOnOneIcs(
        ctx,
        actorOf(request),
        request.params.id,
        request.query.series === 'true',
      );
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="one-on-one.ics"')
        .send(ics);
    },
  );
  r.patch(
    '/api/v1/one-on-ones/:id',
    {
      schema: {
        tags: t11,
        summary:
          'Participants change time, agenda, shared notes or GROW (If-Match), or their own private note',
        params: IdParams,
        body: UpdateOneOnOneBodySchema,
        response: { 200: OneOnOneSchema },
      },
    },
    async (request, reply) => {
      const item = await meetings.updateOneOnOne(
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
    '/api/v1/one-on-ones/:id/action-items',
    {
      schema: {
        tags: t11,
        summary: 'Add action items: each becomes a follow-up record about the employee',
        params: IdParams,
        body: AddActionItemsBodySchema,
        response: { 200: OneOnOneSchema },
      },
    },
    async (request) =>
      meetings.addActionItems(ctx, actorOf(request), request.params.id, request.body, request.id),
  );
}
