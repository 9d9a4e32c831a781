import type { TenantSettings, UpdateTenantSettingsBody } from '@perfloop/core';
import type { Database } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { forgetStoredProgress } from '../goals/goal.repository.ts';
import { assertCanManageSettings } from './settings.policy.ts';
import * as repo from './settings.repository.ts';

export async function getSettings(database: Database, actor: Actor): Promise<TenantSettings> {
  assertCanManageSettings(actor);
  const settings = await repo.findSettings(database.db, actor.tenant.id);
  if (!settings) throw new AppError('not_found');
  return settings;
}

export async function updateSettings(
  database: Database,
  actor: Actor,
  expectedVersion: number,
  body: UpdateTenantSettingsBody,
  requestId: string,
): Promise<TenantSettings> {
  assertCanManageSettings(actor);
  return database.db.transaction(async (tx) => {
    const before = await repo.findSettings(tx, actor.tenant.id);
    if (!before) throw new AppError('not_found');
    const { companyName, timeZone, ...settings } = body;
    const changes = {
      ...(companyName !== undefined && { name: companyName }),
      ...(timeZone !== undefined && { timeZone }),
      settings: Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
    };
    if (!(await repo.updateSettings(tx, actor.tenant.id, expectedVersion, changes)))
      throw new AppError('precondition.failed');
    const after = (await repo.findSettings(tx, actor.tenant.id))!;
    const scope = new TenantScope(tx, actor.tenant.id);
    // Stored progress was computed with the old cap (a fill holding the old settings finished
    // before the update above could lock the tenant).
    if (after.progressCap !== before.progressCap) await forgetStoredProgress(scope);
    await recordAudit(
      scope,
      actor,
      { action: 'settings.updated', entityType: 'tenant', entityId: actor.tenant.id, before, after },
      requestId,
    );
    return after;
  });
}
