import {
  type FollowThroughSettings,
  type GoalSettings,
  readFollowThroughSettings,
  readGoalSettings,
  type TenantSettings,
} from '@perfloop/core';
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { tenants } from '../../db/schema.ts';

export async function findSettings(db: Executor, tenantId: string): Promise<TenantSettings | null> {
  const [row] = await db
    .select({
      companyName: tenants.name,
      timeZone: tenants.timeZone,
      settings: tenants.settings,
      version: tenants.version,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!row) return null;
  const { settings, ...rest } = row;
  return { ...rest, ...readGoalSettings(settings), ...readFollowThroughSettings(settings) };
}

/** The goal settings of a tenant, with defaults for what was never set. */
export async function findGoalSettings(db: Executor, tenantId: string): Promise<GoalSettings> {
  const [row] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  return readGoalSettings(row?.settings);
}

/**
 * findGoalSettings holding a share lock on the tenant until the transaction ends: a settings
 * change waits for it, so work done with the settings read here finishes before they change.
 */
export async function lockGoalSettings(db: Executor, tenantId: string): Promise<GoalSettings> {
  const [row] = await db
    .select({ settings: tenants.settings })
    .from(tenants)
    .where(eq(tenants.id, tenantId))
    .for('share');
  return readGoalSettings(row?.settings);
}

/** The follow-through settings of a tenant (§3 thresholds, snapshot and reminder times). */
export async function findFollowThroughSettings(
  db: Executor,
  tenantId: string,
): Promise<FollowThroughSettings & { timeZone: string }> {
  const [row] = await db
    .select({ settings: tenants.settings, timeZone: tenants.timeZone })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return { ...readFollowThroughSettings(row?.settings), timeZone: row?.timeZone ?? 'Asia/Shanghai' };
}

/** Applies the change only at the expected version; false when someone changed it first. */
export async function updateSettings(
  db: Executor,
  tenantId: string,
  expectedVersion: number,
  changes: { name?: string; timeZone?: string; settings?: Partial<GoalSettings & FollowThroughSettings> },
) {
  const { settings, ...columns } = changes;
  const rows = await db
    .update(tenants)
    .set({
      ...columns,
      ...(settings && { settings: sql`${tenants.settings} || ${JSON.stringify(settings)}::jsonb` }),
      version: sql`${tenants.version} + 1`,
    })
    .where(sql`${tenants.id} = ${tenantId} and ${tenants.version} = ${expectedVersion}`)
    .returning({ id: tenants.id });
  return rows.length === 1;
}
