import {
  CreateFollowUpBodySchema,
  FollowUpSchema,
  ListFollowUpsQuerySchema,
  UpdateFollowUpBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { localeOf } from '../../http/errors.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
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
}
