import {
  AlignmentTreePageSchema,
  AlignmentTreeQuerySchema,
  ApprovalsSchema,
  ApproveGoalBodySchema,
  BulkAssignBodySchema,
  BulkAssignResultSchema,
  CheckInBodySchema,
  CheckInSchema,
  CreateGoalBodySchema,
  ExternalKeySchema,
  GoalDetailSchema,
  GoalImportSummarySchema,
  GoalProgressAtQuerySchema,
  GoalProgressAtSchema,
  GoalSchema,
  GoalVersionSchema,
  KeyResultSchema,
  ListCheckInsQuerySchema,
  ListGoalsQuerySchema,
  ReturnGoalBodySchema,
  SubmitGoalResultSchema,
  TeamGoalsQuerySchema,
  TeamMemberProgressSchema,
  UpdateGoalBodySchema,
} from '@perfloop/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, localeOf } from '../../http/errors.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import { readUpload } from '../../http/multipart.ts';
import { listRevisions } from '../revisions/revision.service.ts';
import * as checkIns from './check-in.service.ts';
import * as service from './goal.service.ts';
import { buildGoalTemplate, importGoals } from './goal-import.service.ts';
import * as tree from './goal-tree.service.ts';
import * as workflow from './goal-workflow.service.ts';
import * as team from './team-goals.service.ts';

const IdParams = z.object({ id: z.uuid() });

function idempotencyKeyOf(request: FastifyRequest): string | null {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.trim() === '') return null;
  if (key.length > 200)
    throw new AppError('validation.failed', undefined, [
      { path: 'headers.idempotency-key', code: 'too_long', message: 'at most 200 characters' },
    ]);
  return key.trim();
}

export function registerGoalRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['goals'];
  const read = { scope: 'goals:read' as const };
  const write = { scope: 'goals:write' as const };

  r.get(
    '/api/v1/goals',
    {
      config: read,
      schema: {
        tags,
        summary: 'Goals the caller may see, with key results and progress (cursor pagination)',
        querystring: ListGoalsQuerySchema,
        response: { 200: z.object({ items: z.array(GoalSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => service.listGoals(ctx, actorOf(request), request.query),
  );

  r.post(
    '/api/v1/goals',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a draft goal (OKR or KPI); key-result weights must sum to exactly 100%',
        body: CreateGoalBodySchema,
        response: { 201: GoalSchema },
      },
    },
    async (request, reply) => {
      const goal = await workflow.createGoal(ctx, actorOf(request), request.body, request.id);
      setEtag(reply, goal.version);
      return reply.status(201).send(goal);
    },
  );

  r.get(
    '/api/v1/goals/tree',
    {
      config: read,
      schema: {
        tags,
        summary:
          'One level of the alignment tree, paged: the roots, or the goals aligned to parentId; each node with its progress, KRs and number of aligned goals',
        querystring: AlignmentTreeQuerySchema,
        response: { 200: AlignmentTreePageSchema },
      },
    },
    async (request) => tree.alignmentTree(ctx, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/goals/team',
    {
      config: read,
      schema: {
        tags,
        operationId: 'listTeamGoals',
        summary: 'A manager’s reports with attainment, expected progress and pace for a cycle',
        querystring: TeamGoalsQuerySchema,
        response: { 200: z.object({ items: z.array(TeamMemberProgressSchema) }) },
      },
    },
    async (request) => ({ items: await team.teamProgress(ctx, actorOf(request), request.query) }),
  );

  r.post(
    '/api/v1/goals/bulk-assign',
    {
      config: write,
      schema: {
        tags,
        summary: 'Give each person of a team, department, job title or list their own draft copy of a goal',
        body: BulkAssignBodySchema,
        response: { 201: BulkAssignResultSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await workflow.bulkAssign(ctx, actorOf(request), request.body, request.id)),
  );

  r.get(
    '/api/v1/goals/import-template',
    {
      config: read,
      schema: {
        tags,
        summary: 'Download the .xlsx goal import template (the seed example, one row per key result)',
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        querystring: z.object({ locale: z.enum(['zh-CN', 'en-US']).optional() }),
      },
    },
    async (request, reply) => {
      actorOf(request);
      const locale = request.query.locale ?? localeOf(request);
      const name = locale === 'zh-CN' ? '目标导入模板.xlsx' : 'goal-import-template.xlsx';
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="goal-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .send(await buildGoalTemplate(locale));
    },
  );

  r.post(
    '/api/v1/goals/import',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Import draft goals from .xlsx or .csv, all or nothing (422 import.invalid with rowErrors). ' +
          '?dryRun=true only validates. Accepts Idempotency-Key.',
        consumes: ['multipart/form-data'],
        querystring: z.object({ cycleId: z.uuid(), dryRun: z.enum(['true', 'false']).default('false') }),
        response: { 200: GoalImportSummarySchema, 201: GoalImportSummarySchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const upload = await readUpload(request);
      const summary = await importGoals(
        ctx,
        actor,
        {
          cycleId: request.query.cycleId,
          fileName: upload.fileName,
          bytes: upload.bytes,
          dryRun: request.query.dryRun === 'true',
          idempotencyKey: idempotencyKeyOf(request),
        },
        request.id,
      );
      return reply.status(summary.dryRun ? 200 : 201).send(summary);
    },
  );

  r.get(
    '/api/v1/approvals',
    {
      schema: {
        tags: ['approvals'],
        summary: 'The caller’s approvals inbox: submitted goals and revision requests waiting on them',
        response: { 200: ApprovalsSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const [goals, revisions] = [
        await service.goalsAwaitingApproval(ctx, actor),
        await listRevisions(ctx, actor, { awaitingMe: true, limit: 500 }),
      ];
      return { goals, revisions: revisions.items };
    },
  );

  r.get(
    '/api/v1/goals/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One goal with its key results, what the caller may do, and its SMART warnings',
        params: IdParams,
        response: { 200: GoalDetailSchema },
      },
    },
    async (request, reply) => {
      const { goal, permissions, warnings } = await service.getGoalDetail(
        ctx,
        actorOf(request),
        request.params.id,
        localeOf(request),
      );
      setEtag(reply, goal.version);
      return { ...goal, permissions, warnings };
    },
  );

  r.patch(
    '/api/v1/goals/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a draft or returned goal (requires If-Match); approved goals change through revisions',
        params: IdParams,
        body: UpdateGoalBodySchema,
        response: { 200: GoalSchema },
      },
    },
    async (request, reply) => {
      const goal = await workflow.updateGoal(
        ctx,
        actorOf(request),
        request.params.id,
        requireIfMatch(request),
        request.body,
        request.id,
      );
      setEtag(reply, goal.version);
      return goal;
    },
  );

  r.delete(
    '/api/v1/goals/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a draft or returned goal',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await workflow.deleteGoal(ctx, actorOf(request), request.params.id, request.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/goals/:id/submit',
    {
      config: write,
      schema: {
        tags,
        summary: 'Submit for approval: the owner’s goal weights must sum to 100%; SMART warnings come back',
        params: IdParams,
        response: { 200: SubmitGoalResultSchema },
      },
    },
    async (request, reply) => {
      const result = await workflow.submitGoal(
        ctx,
        actorOf(request),
        request.params.id,
        localeOf(request),
        request.id,
      );
      setEtag(reply, result.goal.version);
      return result;
    },
  );

  r.post(
    '/api/v1/goals/:id/approve',
    {
      config: write,
      schema: {
        tags,
        summary: 'Approve a submitted goal',
        params: IdParams,
        body: ApproveGoalBodySchema.nullish(),
        response: { 200: GoalSchema },
      },
    },
    async (request) =>
      workflow.decideGoal(
        ctx,
        actorOf(request),
        request.params.id,
        { approve: true, comment: request.body?.comment },
        request.id,
      ),
  );

  r.post(
    '/api/v1/goals/:id/return',
    {
      config: write,
      schema: {
        tags,
        summary: 'Return a submitted goal with a comment',
        params: IdParams,
        body: ReturnGoalBodySchema,
        response: { 200: GoalSchema },
      },
    },
    async (request) =>
      workflow.decideGoal(
        ctx,
        actorOf(request),
        request.params.id,
        { approve: false, comment: request.body.comment },
        request.id,
      ),
  );

  r.get(
    '/api/v1/goals/:id/versions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Every approved version of the goal with the approvals behind it (备案)',
        params: IdParams,
        response: { 200: z.object({ items: z.array(GoalVersionSchema) }) },
      },
    },
    async (request) => ({ items: await service.listGoalVersions(ctx, actorOf(request), request.params.id) }),
  );

  r.get(
    '/api/v1/goals/:id/progress',
    {
      config: read,
      schema: {
        tags,
        summary: 'The goal’s progress as it stood at the end of a date, replayed from check-ins',
        params: IdParams,
        querystring: GoalProgressAtQuerySchema,
        response: { 200: GoalProgressAtSchema },
      },
    },
    async (request) => checkIns.goalProgressAt(ctx, actorOf(request), request.params.id, request.query.date),
  );

  r.get(
    '/api/v1/goals/:id/key-results',
    {
      config: read,
      schema: {
        tags,
        summary: 'The key results of a goal',
        params: IdParams,
        response: { 200: z.object({ items: z.array(KeyResultSchema) }) },
      },
    },
    async (request) => ({ items: await service.listKeyResults(ctx, actorOf(request), request.params.id) }),
  );

  r.get(
    '/api/v1/key-results/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One key result with its goal and its ten latest check-ins',
        params: IdParams,
        response: {
          200: z.object({
            keyResult: KeyResultSchema,
            goal: z.object({
              id: z.uuid(),
              title: z.string(),
              status: z.string(),
              ownerName: z.string().nullable(),
              cycleName: z.string(),
            }),
            recentCheckIns: z.array(CheckInSchema),
          }),
        },
      },
    },
    async (request) => checkIns.getKeyResult(ctx, actorOf(request), request.params.id),
  );

  r.get(
    '/api/v1/key-results/:id/check-ins',
    {
      config: read,
      schema: {
        tags,
        summary: 'Check-in history of a key result, newest first',
        params: IdParams,
        querystring: ListCheckInsQuerySchema,
        response: { 200: z.object({ items: z.array(CheckInSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => checkIns.listCheckIns(ctx, actorOf(request), request.params.id, request.query),
  );

  const checkInResponse = { 200: CheckInSchema, 201: CheckInSchema };
  r.post(
    '/api/v1/key-results/:id/check-ins',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Check in: a new current value (or milestone state), confidence 1–10 and a comment. Accepts Idempotency-Key.',
        params: IdParams,
        body: CheckInBodySchema,
        response: checkInResponse,
      },
    },
    async (request, reply) => {
      const { checkIn, replayed } = await checkIns.createCheckIn(
        ctx,
        actorOf(request),
        { id: request.params.id },
        request.body,
        idempotencyKeyOf(request),
        request.id,
      );
      return reply.status(replayed ? 200 : 201).send(checkIn);
    },
  );

  r.post(
    '/api/v1/key-results/by-external-key/:key/check-ins',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Check in on the key result with this external key (for integrations). Accepts Idempotency-Key.',
        params: z.object({ key: ExternalKeySchema }),
        body: CheckInBodySchema,
        response: checkInResponse,
      },
    },
    async (request, reply) => {
      const { checkIn, replayed } = await checkIns.createCheckIn(
        ctx,
        actorOf(request),
        { externalKey: request.params.key },
        request.body,
        idempotencyKeyOf(request),
        request.id,
      );
      return reply.status(replayed ? 200 : 201).send(checkIn);
    },
  );
}
