import { ApiTokenSchema, CreateTokenBodySchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TenantScope } from '../../db/tenant-scope.ts';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { randomToken, sha256 } from '../../shared/crypto.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { assertCanManageTokens } from './token.policy.ts';
import * as repo from './token.repository.ts';

const IdParams = z.object({ id: z.uuid() });

export function registerTokenRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/api-tokens',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'List service API tokens (never their secrets)',
        response: { 200: z.object({ items: z.array(ApiTokenSchema), nextCursor: z.null() }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      assertCanManageTokens(actor);
      const rows = await repo.listTokens(new TenantScope(ctx.database.db, actor.tenant.id));
      return {
        items: rows.map((t) => ({ ...t, scopes: t.scopes as z.infer<typeof ApiTokenSchema>['scopes'] })),
        nextCursor: null,
      };
    },
  );

  r.post(
    '/api/v1/api-tokens',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Create a service API token; the secret is shown once',
        body: CreateTokenBodySchema,
        response: { 201: ApiTokenSchema.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      assertCanManageTokens(actor);
      const secret = `pf_${randomToken(32)}`;
      const expiresAt = new Date(Date.now() + request.body.expiresInDays * 86_400_000).toISOString();
      const created = await ctx.database.db.transaction(async (tx) => {
        const scope = new TenantScope(tx, actor.tenant.id);
        const row = await repo.insertToken(scope, {
          name: request.body.name,
          prefix: secret.slice(0, 10),
          tokenHash: sha256(secret),
          scopes: request.body.scopes,
          createdBy: actor.employeeId,
          expiresAt,
        });
        await recordAudit(
          scope,
          actor,
          {
            action: 'api_token.created',
            entityType: 'api_token',
            entityId: row.id,
            after: { name: row.name, scopes: row.scopes, expiresAt: row.expiresAt },
          },
          request.id,
        );
        return row;
      });
      return reply.status(201).send({
        id: created.id,
        name: created.name,
        prefix: created.prefix,
        scopes: request.body.scopes,
        createdAt: created.createdAt,
        expiresAt: created.expiresAt,
        revokedAt: null,
        lastUsedAt: null,
        createdByName: actor.name,
        token: secret,
      });
    },
  );

  r.delete(
    '/api/v1/api-tokens/:id',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Revoke a token (it stops working at once)',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      assertCanManageTokens(actor);
      await ctx.database.db.transaction(async (tx) => {
        const scope = new TenantScope(tx, actor.tenant.id);
        const token = await repo.findToken(scope, request.params.id);
        if (!token) throw new AppError('not_found');
        if (token.revokedAt) return;
        await repo.revokeToken(scope, token.id);
        await recordAudit(
          scope,
          actor,
          {
            action: 'api_token.revoked',
            entityType: 'api_token',
            entityId: token.id,
            before: { name: token.name, revokedAt: null },
          },
          request.id,
        );
      });
      return reply.status(204).send(null);
    },
  );
}
