import { TenantSettingsSchema, UpdateTenantSettingsBodySchema } from '@perfloop/core';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { tenants } from '../../db/schema.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { assertCanManageSettings } from './settings.policy.ts';

export function registerSettingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];

  async function readSettings(db: AppContext['database']['db'], tenantId: string) {
    const [row] = await db
      .select({ companyName: tenants.name, timeZone: tenants.timeZone, version: tenants.version })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    if (!row) throw new AppError('not_found');
    return row;
  }

  r.get(
    '/api/v1/settings',
    {
      schema: {
        tags,
        summary: 'The company’s settings (HR admins)',
        response: { 200: TenantSettingsSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      assertCanManageSettings(actor);
      const settings = await readSettings(ctx.database.db, actor.tenant.id);
      setEtag(reply, settings.version);
      return settings;
    },
  );

  r.patch(
    '/api/v1/settings',
    {
      schema: {
        tags,
        summary: 'Change the company name or time zone (requires If-Match; audited)',
        body: UpdateTenantSettingsBodySchema,
        response: { 200: TenantSettingsSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      assertCanManageSettings(actor);
      const expected = requireIfMatch(request);
      const settings = await ctx.database.db.transaction(async (tx) => {
        const before = await readSettings(tx, actor.tenant.id);
        const updated = await tx
          .update(tenants)
          .set({
            ...(request.body.companyName !== undefined && { name: request.body.companyName }),
            ...(request.body.timeZone !== undefined && { timeZone: request.body.timeZone }),
            version: sql`${tenants.version} + 1`,
          })
          .where(sql`${tenants.id} = ${actor.tenant.id} and ${tenants.version} = ${expected}`)
          .returning({ id: tenants.id });
        if (updated.length === 0) throw new AppError('precondition.failed');
        const after = await readSettings(tx, actor.tenant.id);
        await recordAudit(
          new TenantScope(tx, actor.tenant.id),
          actor,
          { action: 'settings.updated', entityType: 'tenant', entityId: actor.tenant.id, before, after },
          request.id,
        );
        return after;
      });
      setEtag(reply, settings.version);
      return settings;
    },
  );
}
