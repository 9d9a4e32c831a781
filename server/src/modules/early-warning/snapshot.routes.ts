import { RunSnapshotBodySchema, SnapshotRunSchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { goalSnapshots, listSnapshotRuns, runSnapshotNow } from './snapshot.admin.ts';

export function registerSnapshotRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['early warning'];

  r.get(
    '/api/v1/snapshots',
    {
      schema: {
        tags,
        summary: 'The weekly snapshot runs, newest first (HR admins)',
        response: { 200: z.object({ items: z.array(SnapshotRunSchema) }) },
      },
    },
    async (request) => ({ items: await listSnapshotRuns(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/snapshots',
    {
      schema: {
        tags,
        summary:
          'Run the weekly snapshot and alert rules for a date (HR admins); a date already run reports that run',
        body: RunSnapshotBodySchema,
        response: { 200: SnapshotRunSchema },
      },
    },
    async (request) => runSnapshotNow(ctx, actorOf(request), request.body.date),
  );

  r.get(
    '/api/v1/goals/:id/snapshots',
    {
      config: { scope: 'goals:read' },
      schema: {
        tags,
        summary: 'Weekly progress and expected progress of a goal and of each of its key results',
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                date: z.string(),
                progress: z.number(),
                expected: z.number(),
                keyResults: z.array(z.object({ id: z.uuid(), progress: z.number(), expected: z.number() })),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await goalSnapshots(ctx, actorOf(request), request.params.id) }),
  );
}
