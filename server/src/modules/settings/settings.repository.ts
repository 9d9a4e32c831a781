import type { TenantSettings } from '@perfloop/core';
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { tenants } from '../../db/schema.ts';

export async function findSettings(db: Executor, tenantId: string): Promise<TenantSettings | null> {
  const [row] = await db
    .select({ companyName: tenants.name, timeZone: tenants.timeZone, version: tenants.version })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return row ?? null;
}

/** Applies the change only at the expected version; false when someone changed it first. */
export async function updateSettings(
  db: Executor,
  tenantId: string,
  expectedVersion: number,
  changes: { name?: string; timeZone?: string },
) {
  const rows = await db
    .update(tenants)
    .set({ ...changes, version: sql`${tenants.version} + 1` })
    .where(sql`${tenants.id} = ${tenantId} and ${tenants.version} = ${expectedVersion}`)
    .returning({ id: tenants.id });
  return rows.length === 1;
}
