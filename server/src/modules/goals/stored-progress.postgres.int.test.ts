import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApprovedGoal, buildCycle, buildSalesTeam, seedGoalBody } from '../../../test/goals.ts';
import { buildTenant, getTestApp, signIn } from '../../../test/helpers.ts';
import { type Database, rowsOf } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import { lockGoalSettings } from '../settings/settings.repository.ts';
import * as repo from './goal.repository.ts';
import { fillGoalProgress } from './progress-fill.service.ts';

/**
 * A fill and a key-result write on the same goal at the same time, on two connections: whichever
 * goes first, the goal never keeps a progress older than its key results. PGlite runs one
 * transaction at a time, so this file runs on PostgreSQL only (vitest.config.ts).
 */
let database: Database;
beforeAll(async () => {
  ({ database } = await getTestApp());
});

async function goalWithOneKr() {
  const { app } = await getTestApp();
  const tenant = await buildTenant(database);
  const people = await buildSalesTeam(tenant);
  const cycle = await buildCycle(tenant);
  const goal = await buildApprovedGoal(
    app,
    await signIn(app, people.zhangsan.login),
    await signIn(app, people.manager.login),
    seedGoalBody(cycle.id, {
      keyResults: [{ title: '新签合同额 100 万元', startValue: 0, targetValue: 100, weightBp: 10000 }],
    }),
  );
  const t = tenant.tenantId;
  return {
    t,
    goalId: goal.id,
    krId: goal.keyResults[0]!.id,
    async stored(): Promise<number | null> {
      const result = await database.db.execute(
        sql`select progress from goals where tenant_id = ${t} and id = ${goal.id}`,
      );
      return rowsOf<{ progress: number | null }>(result)[0]!.progress;
    },
  };
}

/** Resolves once a statement containing `marker` waits for a lock. */
async function waitingOnLock(marker: string) {
  for (let i = 0; i < 200; i++) {
    const result = await database.db.execute(
      sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like ${`%${marker}%`}`,
    );
    if (rowsOf(result).length > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no statement with ${marker} waited for a lock`);
}

/**
 * The fill's own steps on the goal in one transaction, with `meanwhile` run after it has locked
 * the goal and read the cap, before the statement that reads the key results and stores.
 */
async function fillHeldOpen(g: { t: string; goalId: string }, meanwhile: () => Promise<void>) {
  await database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, g.t);
    const { progressCap } = await lockGoalSettings(tx, g.t);
    const ids = await repo.lockGoalsToFill(scope, 10, null);
    expect(ids).toEqual([g.goalId]);
    await meanwhile();
    await repo.storeComputedProgress(scope, ids, progressCap);
  });
}

describe('stored progress under concurrent writes', () => {
  it('a fill that read the key results first is overwritten when the write commits', async () => {
    const g = await goalWithOneKr();
    let write: Promise<void> | undefined;
    await fillHeldOpen(g, async () => {
      // Drizzle runs a query when it is awaited: started here, it waits for the fill's lock.
      write = (async () => {
        await database.db.execute(
          sql`update key_results set current_value = 40 /* concurrent-write-1 */ where id = ${g.krId}`,
        );
      })();
      await waitingOnLock('concurrent-write-1');
    });
    await write;
    expect(await g.stored()).toBeNull();
    await fillGoalProgress(database.db, g.t);
    expect(await g.stored()).toBeCloseTo(0.4, 12);
  });

  it('a fill while a write is uncommitted leaves the goal to the next fill', async () => {
    const g = await goalWithOneKr();
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let written: () => void = () => {};
    const wrote = new Promise<void>((r) => {
      written = r;
    });
    const write = database.db.transaction(async (tx) => {
      await tx.execute(sql`update key_results set current_value = 25 where id = ${g.krId}`);
      written();
      await held;
    });
    await wrote;
    // The writer holds the goal: the fill skips it rather than store what it cannot see.
    expect(await fillGoalProgress(database.db, g.t)).toBe(0);
    release();
    await write;
    expect(await g.stored()).toBeNull();
    await fillGoalProgress(database.db, g.t);
    expect(await g.stored()).toBeCloseTo(0.25, 12);
  });

  it('a cap change waits for a fill with the old cap, then forgets what it stored', async () => {
    const g = await goalWithOneKr();
    await database.db.execute(sql`update key_results set current_value = 150 where id = ${g.krId}`);
    let change: Promise<void> | undefined;
    // The fill reads the cap of 1 (150% stored as 100%) before the change.
    await fillHeldOpen(g, async () => {
      change = database.db.transaction(async (other) => {
        await other.execute(
          sql`update tenants set settings = settings || '{"progressCap": 1.5}'::jsonb /* cap-change-1 */
            where id = ${g.t}`,
        );
        await repo.forgetStoredProgress(new TenantScope(other, g.t));
      });
      await waitingOnLock('cap-change-1');
    });
    await change;
    expect(await g.stored()).toBeNull();
    await fillGoalProgress(database.db, g.t);
    expect(await g.stored()).toBeCloseTo(1.5, 12);
  });
});
