import type { TokenScope as Scope } from '@perfloop/core';
import { desc, eq, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/database.ts';
import { apiTokens, employees } from '../../db/schema.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';

export type TokenActorRow = {
  id: string;
  name: string;
  scopes: Scope[];
  expires_at: string;
  revoked_at: string | null;
  tenant_id: string;
  tenant_name: string;
  tenant_slug: string;
  time_zone: string;
  settings: unknown;
};

export async function findTokenActor(db: Executor, tokenHash: string): Promise<TokenActorRow | null> {
  const result = await db.execute(sql`
    select k.id, k.name, k.scopes, k.expires_at::text as expires_at, k.revoked_at::text as revoked_at,
      t.id as tenant_id, t.name as tenant_name, t.slug as tenant_slug, t.time_zone, t.settings
    from api_tokens k join tenants t on t.id = k.tenant_id
    where k.token_hash = ${tokenHash}`);
  return rowsOf<TokenActorRow>(result)[0] ?? null;
}

export async function touchToken(db: Executor, id: string) {
  // At most once a minute per token, so a busy integration does not write on every call.
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      sql`${apiTokens.id} = ${id} and (${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < now() - interval '1 minute')`,
    );
}

export async function insertToken(
  scope: TenantScope,
  row: {
    name: string;
    prefix: string;
    tokenHash: string;
    scopes: Scope[];
    createdBy: string | null;
    expiresAt: string;
  },
) {
  const [created] = await scope.db.insert(apiTokens).values(scope.values(row)).returning();
  return created!;
}

export async function listTokens(scope: TenantScope) {
  return scope.db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      createdByName: employees.name,
    })
    .from(apiTokens)
    .leftJoin(
      employees,
      sql`${employees.tenantId} = ${apiTokens.tenantId} and ${employees.id} = ${apiTokens.createdBy}`,
    )
    .where(scope.where(apiTokens))
    .orderBy(desc(apiTokens.createdAt))
    .limit(500);
}

export async function findToken(scope: TenantScope, id: string) {
  const [row] = await scope.db
    .select()
    .from(apiTokens)
    .where(scope.where(apiTokens, eq(apiTokens.id, id)));
  return row ?? null;
}

export async function revokeToken(scope: TenantScope, id: string) {
  await scope.db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(scope.where(apiTokens, eq(apiTokens.id, id), sql`${apiTokens.revokedAt} is null`));
}
