import { TenantSettingsSchema, UpdateTenantSettingsBodySchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as service from './settings.service.ts';

export function registerSettingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];

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
      const settings = await service.getSettings(ctx.database, actorOf(request));
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
      const version = requireIfMatch(request);
      const settings = await service.updateSettings(
        ctx.database,
        actorOf(request),
        version,
        request.body,
        request.id,
      );
      setEtag(reply, settings.version);
      return settings;
    },
  );
}
