import { AuditEventSchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TenantScope } from '../../db/tenant-scope.ts';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { assertCanReadAudit } from './audit.policy.ts';
import { listAuditEvents } from './audit.repository.ts';

export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/audit-events',
    {
      config: { scope: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Browse the append-only audit log, newest first (HR admins)',
        querystring: z.object({
          entityType: z.string().max(64).optional(),
          entityId: z.string().max(64).optional(),
          actorId: z.uuid().optional(),
          action: z.string().max(64).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().max(200).optional(),
        }),
        response: { 200: z.object({ items: z.array(AuditEventSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      assertCanReadAudit(actor);
      const page = await listAuditEvents(new TenantScope(ctx.database.db, actor.tenant.id), {
        ...request.query,
        readerId: actor.employeeId,
      });
      return {
        items: page.items.map((row) => ({ ...row, at: new Date(row.at).toISOString() })),
        nextCursor: page.nextCursor,
      };
    },
  );
}
