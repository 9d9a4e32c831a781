import { SetupBodySchema, SetupResultSchema, SetupStatusSchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/context.ts';
import { localeOf } from '../../http/errors.ts';
import { countTenants, createFirstTenant } from './tenant.service.ts';

export function registerSetupRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/setup',
    {
      config: { isPublic: true },
      schema: {
        tags: ['setup'],
        summary: 'Whether this installation still needs its first admin',
        response: { 200: SetupStatusSchema },
      },
    },
    async () => ({ needsSetup: (await countTenants(ctx.database.db)) === 0 }),
  );
  r.post(
    '/api/v1/setup',
    {
      config: { isPublic: true, problems: [409] },
      schema: {
        tags: ['setup'],
        summary: 'Create the company and its first admin (only on an empty installation)',
        body: SetupBodySchema,
        response: { 201: SetupResultSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { tenant } = await createFirstTenant(ctx.database.db, {
        name: b.companyName,
        slug: 'default',
        // The language the installer set up in: that of the default review template.
        locale: localeOf(request),
        admin: {
          employeeNo: b.adminEmployeeNo,
          name: b.adminName,
          email: b.adminEmail,
          password: b.password,
        },
      });
      return reply.status(201).send({ tenantId: tenant.id, login: b.adminEmail });
    },
  );
}
