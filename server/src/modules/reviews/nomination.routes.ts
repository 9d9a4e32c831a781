import {
  ListNominationsQuerySchema,
  NominationBodySchema,
  NominationCandidateSchema,
  NominationCandidatesQuerySchema,
  NominationSchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as nominations from './nomination.service.ts';

const tags = ['reviews'];
const PersonParams = z.object({ id: z.uuid(), employeeId: z.uuid() });

export function registerNominationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/nominations',
    {
      schema: {
        tags,
        summary: 'Nominations of peers and collaborators: mine to make, or my team’s to approve',
        querystring: ListNominationsQuerySchema,
        response: { 200: z.object({ items: z.array(NominationSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => nominations.listNominations(ctx, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/review-cycles/:id/nominations/:employeeId',
    {
      schema: {
        tags,
        summary: 'One person’s nomination (the person sees their proposal, never who was finally asked)',
        params: PersonParams,
        response: { 200: NominationSchema },
      },
    },
    async (request, reply) => {
      const n = await nominations.getNomination(
        ctx,
        actorOf(request),
        request.params.id,
        request.params.employeeId,
      );
      setEtag(reply, n.version);
      return n;
    },
  );
  r.get(
    '/api/v1/review-cycles/:id/nominations/:employeeId/candidates',
    {
      schema: {
        tags,
        summary: 'Colleagues who may be nominated (by name or number; not the ratee or their manager)',
        params: PersonParams,
        querystring: NominationCandidatesQuerySchema,
        response: { 200: z.object({ items: z.array(NominationCandidateSchema) }) },
      },
    },
    async (request) => ({
      items: await nominations.searchCandidates(
        ctx,
        actorOf(request),
        request.params.id,
        request.params.employeeId,
        request.query,
      ),
    }),
  );
  r.put(
    '/api/v1/review-cycles/:id/nominations/:employeeId',
    {
      schema: {
        tags,
        summary: 'Propose my peers and cross-department collaborators (If-Match)',
        params: PersonParams,
        body: NominationBodySchema,
        response: { 200: NominationSchema },
      },
    },
    async (request, reply) => {
      const n = await nominations.proposeNomination(
        ctx,
        actorOf(request),
        request.params.id,
        request.params.employeeId,
        requireIfMatch(request),
        request.body,
        request.id,
      );
      setEtag(reply, n.version);
      return n;
    },
  );
  r.post(
    '/api/v1/review-cycles/:id/nominations/:employeeId/approve',
    {
      schema: {
        tags,
        summary: 'Approve (or change and approve) a report’s nominations: their reviewers are asked',
        params: PersonParams,
        body: NominationBodySchema,
        response: { 200: NominationSchema },
      },
    },
    async (request, reply) => {
      const n = await nominations.approveNomination(
        ctx,
        actorOf(request),
        request.params.id,
        request.params.employeeId,
        request.body,
        request.id,
      );
      setEtag(reply, n.version);
      return n;
    },
  );
}
