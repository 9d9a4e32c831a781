import type { ApiToken, CreateTokenBody, TokenScope as Scope } from '@perfloop/core';
import type { Database } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { randomToken, sha256 } from '../../shared/crypto.ts';
import { toIsoInstant } from '../../shared/instant.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { assertCanManageTokens } from './token.policy.ts';
import * as repo from './token.repository.ts';

export async function listTokens(database: Database, actor: Actor): Promise<ApiToken[]> {
  assertCanManageTokens(actor);
  const rows = await repo.listTokens(new TenantScope(database.db, actor.tenant.id));
  return rows.map((t) => ({
    ...t,
    scopes: t.scopes as Scope[],
    createdAt: toIsoInstant(t.createdAt),
    expiresAt: toIsoInstant(t.expiresAt),
    revokedAt: toIsoInstant(t.revokedAt),
    lastUsedAt: toIsoInstant(t.lastUsedAt),
  }));
}

/** Creates a token; the secret is returned here once and only its SHA-256 is stored. */
export async function createToken(
  database: Database,
  actor: Actor,
  body: CreateTokenBody,
  requestId: string,
): Promise<ApiToken & { token: string }> {
  assertCanManageTokens(actor);
  const secret = `pf_${randomToken(32)}`;
  const expiresAt = new Date(Date.now() + body.expiresInDays * 86_400_000).toISOString();
  const created = await database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const row = await repo.insertToken(scope, {
      name: body.name,
      prefix: secret.slice(0, 10),
      tokenHash: sha256(secret),
      scopes: body.scopes,
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
      requestId,
    );
    return row;
  });
  return {
    id: created.id,
    name: created.name,
    prefix: created.prefix,
    scopes: body.scopes,
    createdAt: toIsoInstant(created.createdAt),
    expiresAt: toIsoInstant(created.expiresAt),
    revokedAt: null,
    lastUsedAt: null,
    createdByName: actor.name,
    token: secret,
  };
}

export async function revokeToken(database: Database, actor: Actor, id: string, requestId: string) {
  assertCanManageTokens(actor);
  await database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const token = await repo.findToken(scope, id);
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
      requestId,
    );
  });
}
