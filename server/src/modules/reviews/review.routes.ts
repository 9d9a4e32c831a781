import {
  ListMyReviewsQuerySchema,
  MyReviewSchema,
  PlanToFollowUpBodySchema,
  ReopenReviewBodySchema,
  ReviewEvidenceSchema,
  ReviewSchema,
  SaveReviewBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { localeOf } from '../../http/errors.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as reviews from './review.service.ts';

const tags = ['reviews'];
const IdParams = z.object({ id: z.uuid() });

export function registerReviewRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/reviews',
    {
      schema: {
        tags,
        summary: 'The reviews I must write',
        querystring: ListMyReviewsQuerySchema,
        response: { 200: z.object({ items: z.array(MyReviewSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => reviews.listMyReviews(ctx, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/reviews/:id',
    {
      schema: {
        tags,
        summary: 'A review form: the template version, the ratee’s goals (mid-cycle) and my answers',
        params: IdParams,
        response: { 200: ReviewSchema },
      },
    },
    async (request, reply) => {
      const review = await reviews.getReview(ctx, actorOf(request), request.params.id, localeOf(request));
      setEtag(reply, review.version);
      return review;
    },
  );
  r.put(
    '/api/v1/reviews/:id',
    {
      schema: {
        tags,
        summary: 'Save a draft (If-Match): drafts save themselves as the reviewer writes',
        params: IdParams,
        body: SaveReviewBodySchema,
        response: { 200: ReviewSchema },
      },
    },
    async (request, reply) => {
      const review = await reviews.saveReview(
        ctx,
        actorOf(request),
        request.params.id,
        requireIfMatch(request),
        request.body.answers,
        localeOf(request),
      );
      setEtag(reply, review.version);
      return review;
    },
  );
  r.post(
    '/api/v1/reviews/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit a review (If-Match): final, the ratee’s score is recomputed',
        params: IdParams,
        body: SaveReviewBodySchema,
        response: { 200: ReviewSchema },
      },
    },
    async (request, reply) => {
      const review = await reviews.submitReview(
        ctx,
        actorOf(request),
        request.params.id,
        requireIfMatch(request),
        request.body.answers,
        localeOf(request),
        request.id,
      );
      setEtag(reply, review.version);
      return review;
    },
  );
  r.post(
    '/api/v1/reviews/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a submitted review (HR): audited, the reviewer notified',
        params: IdParams,
        body: ReopenReviewBodySchema,
        response: { 200: ReviewSchema },
      },
    },
    async (request, reply) => {
      const review = await reviews.reopenReview(
        ctx,
        actorOf(request),
        request.params.id,
        request.body.reason,
        localeOf(request),
        request.id,
      );
      setEtag(reply, review.version);
      return review;
    },
  );
  r.get(
    '/api/v1/reviews/:id/evidence',
    {
      schema: {
        tags,
        summary:
          'The evidence beside the form: goals, check-ins, alerts, follow-ups, key events, retrospectives, feedback',
        params: IdParams,
        response: { 200: ReviewEvidenceSchema },
      },
    },
    async (request) => reviews.getEvidence(ctx, actorOf(request), request.params.id),
  );
  r.post(
    '/api/v1/reviews/:id/follow-ups',
    {
      schema: {
        tags,
        summary: 'Make a plan item of a mid-cycle retrospective a follow-up record',
        params: IdParams,
        body: PlanToFollowUpBodySchema,
        response: { 200: ReviewSchema },
      },
    },
    async (request, reply) => {
      const review = await reviews.planItemToFollowUp(
        ctx,
        actorOf(request),
        request.params.id,
        request.body.planIndex,
        localeOf(request),
        request.id,
      );
      setEtag(reply, review.version);
      return review;
    },
  );
}
