import {
  CreateRevisionBodySchema,
  ListRevisionsQuerySchema,
  RevisionDecisionBodySchema,
  RevisionItemSchema,
  RevisionRejectBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import * as service from './revision.service.ts';

const IdParams = z.object({ id: z.uuid() });

export function registerRevisionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['goal revisions'];

  r.get(
    '/api/v1/goal-revisions',
    {
      config: { scope: 'goals:read' },
      schema: {
        tags,
        summary: 'Revision requests of goals the caller may see; ?awaitingMe=true for their inbox',
        querystring: ListRevisionsQuerySchema,
        response: {
          200: z.object({ items: z.array(RevisionItemSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (request) => service.listRevisions(ctx, actorOf(request), request.query),
  );

  r.post(
    '/api/v1/goal-revisions',
    {
      config: { scope: 'goals:write' },
      schema: {
        tags,
        summary:
          'Ask to change an approved goal (target, weight, due date, text or cancel) with a reason and basis',
        body: CreateRevisionBodySchema,
        response: { 201: RevisionItemSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createRevision(ctx, actorOf(request), request.body, request.id)),
  );

  r.get(
    '/api/v1/goal-revisions/:id',
    {
      config: { scope: 'goals:read' },
      schema: {
        tags,
        summary: 'One revision request with its approvals',
        params: IdParams,
        response: { 200: RevisionItemSchema },
      },
    },
    async (request) => service.getRevision(ctx, actorOf(request), request.params.id),
  );

  r.post(
    '/api/v1/goal-revisions/:id/approve',
    {
      config: { scope: 'goals:write' },
      schema: {
        tags,
        summary: 'Approve the step the request waits on (department head, then HR, which applies it)',
        params: IdParams,
        body: RevisionDecisionBodySchema.nullish(),
        response: { 200: RevisionItemSchema },
      },
    },
    async (request) =>
      service.decide(
        ctx,
        actorOf(request),
        request.params.id,
        'approve',
        request.body?.comment ?? null,
        request.id,
      ),
  );

  r.post(
    '/api/v1/goal-revisions/:id/reject',
    {
      config: { scope: 'goals:write' },
      schema: {
        tags,
        summary: 'Reject the request with a comment',
        params: IdParams,
        body: RevisionRejectBodySchema,
        response: { 200: RevisionItemSchema },
      },
    },
    async (request) =>
      service.decide(ctx, actorOf(request), request.params.id, 'reject', request.body.comment, request.id),
  );

  r.post(
    '/api/v1/goal-revisions/:id/withdraw',
    {
      config: { scope: 'goals:write' },
      schema: {
        tags,
        summary: 'The requester withdraws an open request',
        params: IdParams,
        response: { 200: RevisionItemSchema },
      },
    },
    async (request) => service.withdraw(ctx, actorOf(request), request.params.id, request.id),
  );
}
