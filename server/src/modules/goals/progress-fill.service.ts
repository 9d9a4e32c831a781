import { customPlans, type Db } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import { lockGoalSettings } from '../settings/settings.repository.ts';
import * as repo from './goal.repository.ts';

/** Goals filled per transaction: large enough to amortise the round trips, small enough to hold few locks. */
const FILL_BATCH = 2000;

/**
 * Stores the progress of the tenant's goals that have none (core §2, from their own key results),
 * a batch per transaction, until none is left. Each batch locks its goals and the tenant's
 * settings first, so a KR write or a cap change either waits for the batch or nulls what it
 * stored: a stored value is never older than its key results.
 */
export async function fillGoalProgress(db: Db, tenantId: string, batch = FILL_BATCH): Promise<number> {
  let filled = 0;
  // One pass in id order: a goal nulled behind it (a check-in meanwhile) waits for the next run.
  let after: string | null = null;
  for (;;) {
    const ids = await db.transaction(async (tx) => {
      await customPlans(tx);
      const scope = new TenantScope(tx, tenantId);
      const { progressCap } = await lockGoalSettings(tx, tenantId);
      const locked = await repo.lockGoalsToFill(scope, batch, after);
      // Computed where the key results are: nothing but the ids crosses the wire.
      if (locked.length > 0) await repo.storeComputedProgress(scope, locked, progressCap);
      return locked;
    });
    filled += ids.length;
    if (ids.length < batch) return filled;
    after = ids[ids.length - 1]!;
  }
}

/** fillGoalProgress for every tenant with goals to fill; the number of goals filled. */
export async function fillAllGoalProgress(db: Db): Promise<number> {
  let filled = 0;
  for (const tenantId of await repo.selectTenantsToFill(db)) filled += await fillGoalProgress(db, tenantId);
  return filled;
}
