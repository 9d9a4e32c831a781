import {
  AddActionItemsBodySchema,
  CreateFeedbackBodySchema,
  CreateFollowUpBodySchema,
  CreateOneOnOneBodySchema,
  FeedbackSchema,
  FollowUpSchema,
  GapActionToFollowUpBodySchema,
  GapAnalysisSchema,
  ListFeedbackQuerySchema,
  ListFollowUpsQuerySchema,
  ListOneOnOnesQuerySchema,
  OneOnOneSchema,
  SaveGapAnalysisBodySchema,
  UpdateFollowUpBodySchema,
  UpdateOneOnOneBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { localeOf } from '../../http/errors.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as feedback from '../feedback/feedback.service.ts';
import * as gaps from '../gap-analyses/gap-analysis.service.ts';
import * as meetings from '../one-on-ones/one-on-one.service.ts';
import * as followUps from './follow-up.service.ts';

const IdParams = z.object({ id: z.uuid() });
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export function registerFollowUpRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Follow-up records (绩效跟进记录表)
  const tags = ['follow-ups'];
  r.get(
    '/api/v1/follow-ups',
    {
      config: { scope: 'goals:read' },
      schema: {
        tags,
        summary:
          'Follow-up records I may see, newest first, with filters (overdue is derived from the due date)',
        querystring: ListFollowUpsQuerySchema,
        response: { 200: page(FollowUpSchema) },
      },
    },
    async (request) => followUps.listFollowUps(ctx, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/follow-ups/export',
    {
      config: { scope: 'goals:read' },
      schema: {
        tags,
        summary:
          'The same list as .xlsx, in the seed layout: 日期, 员工姓名, 跟进事项, 摘要, 改进措施, 责任人, 完成时限',
        operationId: 'exportFollowUps',
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        querystring: ListFollowUpsQuerySchema.omit({ cursor: true, limit: true }).extend({
          locale: z.enum(['zh-CN', 'en-US']).optional(),
        }),
      },
    },
    async (request, reply) => {
      const locale = request.query.locale ?? localeOf(request);
      const file = await followUps.exportFollowUps(
        ctx,
        actorOf(request),
        { ...request.query, limit: 50_000 },
        locale,
      );
      const name = locale === 'zh-CN' ? '绩效跟进记录表.xlsx' : 'follow-up-records.xlsx';
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(file);
    },
  );
  r.post(
    '/api/v1/follow-ups',
    {
      config: { scope: 'goals:write' },
      schema: {
        tags,
        summary: 'Record a follow-up about someone I may see (or myself); the responsible person is told',
        body: CreateFollowUpBodySchema,
        response: { 201: FollowUpSchema },
      },
    },
    async (request, reply) => {
      const created = await followUps.createFollowUp(ctx, actorOf(request), request.body, request.id);
      setEtag(reply, created.version);
      return reply.status(201).send(created);
    },
  );
  r.get(
    '/api/v1/follow-ups/:id',
    {
      config: { scope: 'goals:read' },
      schema: { tags, summary: 'One follow-up record', params: IdParams, response: { 200: FollowUpSchema } },
    },
    async (request, reply) => {
      const item = await followUps.getFollowUp(ctx, actorOf(request), request.params.id);
      setEtag(reply, item.version);
      return item;
    },
  );
  r.patch(
    '/api/v1/follow-ups/:id',
    {
      config: { scope: 'goals:write' },
      schema: {
        tags,
        summary: 'Change a follow-up or mark it done (If-Match; audited)',
        params: IdParams,
        body: UpdateFollowUpBodySchema,
        response: { 200: FollowUpSchema },
      },
    },
    async (request, reply) => {
      const item = await followUps.updateFollowUp(
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
    '/api/v1/follow-ups/:id',
    {
      config: { scope: 'goals:write' },
      schema: {
        tags,
        summary: 'Delete a follow-up (its writer or HR; audited)',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await followUps.deleteFollowUp(ctx, actorOf(request), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );

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

  // Gap analyses (绩效改进分析表)
  const tg = ['gap analyses'];
  r.get(
    '/api/v1/gap-analyses',
    {
      schema: {
        tags: tg,
        summary: 'Gap analyses of people I may see',
        querystring: z.object({ employeeId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(GapAnalysisSchema) }) },
      },
    },
    async (request) => ({
      items: await gaps.listGapAnalyses(ctx, actorOf(request), request.query.employeeId),
    }),
  );
  r.post(
    '/api/v1/gap-analyses',
    {
      schema: {
        tags: tg,
        summary:
          'Write a gap analysis: dimensions with target and actual (the gap is computed), causes and actions',
        body: SaveGapAnalysisBodySchema,
        response: { 201: GapAnalysisSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await gaps.createGapAnalysis(ctx, actorOf(request), request.body, request.id)),
  );
  r.get(
    '/api/v1/gap-analyses/:id',
    {
      schema: {
        tags: tg,
        summary: 'One gap analysis',
        params: IdParams,
        response: { 200: GapAnalysisSchema },
      },
    },
    async (request, reply) => {
      const item = await gaps.getGapAnalysis(ctx, actorOf(request), request.params.id);
      setEtag(reply, item.version);
      return item;
    },
  );
  r.put(
    '/api/v1/gap-analyses/:id',
    {
      schema: {
        tags: tg,
        summary: 'Replace a gap analysis (If-Match; audited)',
        params: IdParams,
        body: SaveGapAnalysisBodySchema,
        response: { 200: GapAnalysisSchema },
      },
    },
    async (request, reply) => {
      const item = await gaps.updateGapAnalysis(
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
    '/api/v1/gap-analyses/:id/follow-ups',
    {
      schema: {
        tags: tg,
        summary: 'Turn one improvement action into a follow-up record (once)',
        params: IdParams,
        body: GapActionToFollowUpBodySchema,
        response: { 200: GapAnalysisSchema },
      },
    },
    async (request) =>
      gaps.actionToFollowUp(ctx, actorOf(request), request.params.id, request.body, request.id),
  );
}
