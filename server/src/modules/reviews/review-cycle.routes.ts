import {
  CreateReviewCycleBodySchema,
  LaunchResultSchema,
  ListParticipantsQuerySchema,
  ListReviewCyclesQuerySchema,
  ListTrackedReviewsQuerySchema,
  ParticipantResultSchema,
  ParticipantSchema,
  RemindBodySchema,
  RemindResultSchema,
  ReviewCycleSchema,
  ReviewProgressSchema,
  ScoreRunSchema,
  TrackedReviewSchema,
  UpdateReviewCycleBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { localeOf } from '../../http/errors.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as reviews from './review.service.ts';
import * as rounds from './review-cycle.service.ts';
import { exportTrackedReviews } from './review-export.ts';

const tags = ['reviews'];
const IdParams = z.object({ id: z.uuid() });
const PersonParams = z.object({ id: z.uuid(), employeeId: z.uuid() });
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const TrackingQuery = ListTrackedReviewsQuerySchema.omit({ cursor: true, limit: true });

export function registerReviewCycleRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/review-cycles',
    {
      schema: {
        tags,
        summary: 'Review rounds (mid-cycle or final) of a performance cycle',
        querystring: ListReviewCyclesQuerySchema,
        response: { 200: page(ReviewCycleSchema) },
      },
    },
    async (request) => rounds.listRounds(ctx, actorOf(request), request.query),
  );
  r.post(
    '/api/v1/review-cycles',
    {
      schema: {
        tags,
        summary: 'Create a review round as a draft: its populations and their templates',
        body: CreateReviewCycleBodySchema,
        response: { 201: ReviewCycleSchema },
      },
    },
    async (request, reply) => {
      const round = await rounds.createRound(ctx, actorOf(request), request.body, request.id);
      setEtag(reply, round.version);
      return reply.status(201).send(round);
    },
  );
  r.get(
    '/api/v1/review-cycles/:id',
    {
      schema: {
        tags,
        summary: 'A review round with its deadlines from the cycle’s phases',
        params: IdParams,
        response: { 200: ReviewCycleSchema },
      },
    },
    async (request, reply) => {
      const round = await rounds.getRound(ctx, actorOf(request), request.params.id);
      setEtag(reply, round.version);
      return round;
    },
  );
  r.patch(
    '/api/v1/review-cycles/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft round (If-Match)',
        params: IdParams,
        body: UpdateReviewCycleBodySchema,
        response: { 200: ReviewCycleSchema },
      },
    },
    async (request, reply) => {
      const round = await rounds.updateRound(
        ctx,
        actorOf(request),
        request.params.id,
        requireIfMatch(request),
        request.body,
        request.id,
      );
      setEtag(reply, round.version);
      return round;
    },
  );
  r.delete(
    '/api/v1/review-cycles/:id',
    { schema: { tags, summary: 'Delete a draft round', params: IdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await rounds.deleteRound(ctx, actorOf(request), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/v1/review-cycles/:id/launch',
    {
      schema: {
        tags,
        summary: 'Launch: create the participants and their self, manager and upward reviews, and notify',
        params: IdParams,
        response: { 200: LaunchResultSchema },
      },
    },
    async (request) => rounds.launchRound(ctx, actorOf(request), request.params.id, request.id),
  );
  r.post(
    '/api/v1/review-cycles/:id/close',
    {
      schema: {
        tags,
        summary: 'Close the review phase and compute every final score',
        params: IdParams,
        response: { 200: ReviewCycleSchema },
      },
    },
    async (request) => rounds.closeRound(ctx, actorOf(request), request.params.id, request.id),
  );
  r.post(
    '/api/v1/review-cycles/:id/scores',
    {
      schema: {
        tags,
        summary: 'Recompute every final score of the round (a batch over arrays)',
        params: IdParams,
        response: { 200: ScoreRunSchema },
      },
    },
    async (request) => rounds.rescoreRound(ctx, actorOf(request), request.params.id),
  );
  r.get(
    '/api/v1/review-cycles/:id/progress',
    {
      schema: {
        tags,
        summary: 'Completion of the reviews in reach: overall, by rater type, department and manager',
        params: IdParams,
        querystring: TrackingQuery,
        response: { 200: ReviewProgressSchema },
      },
    },
    async (request) => rounds.getProgress(ctx, actorOf(request), request.params.id, request.query),
  );
  r.get(
    '/api/v1/review-cycles/:id/reviews',
    {
      schema: {
        tags,
        summary: 'The reviews in reach: who writes about whom, whether it is in, who is late',
        params: IdParams,
        querystring: ListTrackedReviewsQuerySchema,
        response: { 200: page(TrackedReviewSchema) },
      },
    },
    async (request) => rounds.listTrackedReviews(ctx, actorOf(request), request.params.id, request.query),
  );
  r.get(
    '/api/v1/review-cycles/:id/participants',
    {
      schema: {
        tags,
        summary: 'The people reviewed in the round, in reach, with completion and final score',
        params: IdParams,
        querystring: ListParticipantsQuerySchema,
        response: { 200: page(ParticipantSchema) },
      },
    },
    async (request) => rounds.listParticipants(ctx, actorOf(request), request.params.id, request.query),
  );
  r.get(
    '/api/v1/review-cycles/:id/participants/:employeeId',
    {
      schema: {
        tags,
        summary: 'One person’s score, breakdown and answers, anonymity applied (never the person themself)',
        params: PersonParams,
        response: { 200: ParticipantResultSchema },
      },
    },
    async (request) =>
      reviews.getParticipantResult(ctx, actorOf(request), request.params.id, request.params.employeeId),
  );
  r.post(
    '/api/v1/review-cycles/:id/reminders',
    {
      schema: {
        tags,
        summary: 'Remind the reviewers of unsubmitted reviews in reach (all, or those named)',
        params: IdParams,
        body: RemindBodySchema,
        response: { 200: RemindResultSchema },
      },
    },
    async (request) => rounds.remind(ctx, actorOf(request), request.params.id, request.body.reviewIds),
  );
  r.get(
    '/api/v1/review-cycles/:id/export',
    {
      schema: {
        tags,
        summary: 'The tracked reviews as .xlsx: reviewer, ratee, type, status, deadline, late',
        operationId: 'exportReviewCycle',
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        params: IdParams,
        querystring: z.object({ locale: z.enum(['zh-CN', 'en-US']).optional() }),
      },
    },
    async (request, reply) => {
      const locale = request.query.locale ?? localeOf(request);
      const actor = actorOf(request);
      const { round, items } = await rounds.allTrackedReviews(ctx, actor, request.params.id);
      const file = await exportTrackedReviews(items, locale, actor.tenant.timeZone);
      const name = `${round.name}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(file);
    },
  );
}
