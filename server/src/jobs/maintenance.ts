import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import { maintainTable, selectTableActivity, type TableActivity } from './maintenance.repository.ts';

/**
 * PostgreSQL's autovacuum defaults: a table is analyzed once 10% of it (plus 50 rows) has changed
 * since the last ANALYZE, and vacuumed once 20% of it (plus 50 rows) is dead, or 20% (plus 1,000
 * rows) has been inserted since the last VACUUM (which sets the visibility map that index-only
 * scans need).
 */
const ANALYZE = { base: 50, scale: 0.1 };
const VACUUM_DEAD = { base: 50, scale: 0.2 };
const VACUUM_INSERTS = { base: 1000, scale: 0.2 };
/** A round that blocks the embedded database this long (ms) is logged at info; each table at debug. */
const SLOW_MS = 1_000;
/** Pages a table may grow past its last ANALYZE before it is analyzed whatever the counters say. */
const GROWTH = { base: 8, scale: 0.1 };

export type MaintenanceWork = { vacuum: boolean; analyze: boolean };

/**
 * What autovacuum would do to a table. The embedded database keeps its counters only while it
 * runs, so a table is also analyzed when it was never analyzed but holds rows, or when it has
 * grown by more than a tenth since the last ANALYZE measured it.
 */
export function decideMaintenance(table: TableActivity): MaintenanceWork {
  const tuples = Math.max(table.tuples, 0);
  const neverAnalyzed = table.tuples < 0 && table.currentPages > 0;
  const grown = table.currentPages > table.pages * (1 + GROWTH.scale) + GROWTH.base;
  return {
    analyze: neverAnalyzed || grown || table.modsSinceAnalyze > ANALYZE.base + ANALYZE.scale * tuples,
    vacuum:
      table.deadTuples > VACUUM_DEAD.base + VACUUM_DEAD.scale * tuples ||
      table.insertsSinceVacuum > VACUUM_INSERTS.base + VACUUM_INSERTS.scale * tuples,
  };
}

export type MaintenanceRun = { schema: string; table: string; vacuum: boolean; analyze: boolean; ms: number };

/**
 * Autovacuum for the embedded database, which has none: PGlite is one backend in this process,
 * with no workers beside it, so its tables would never be analyzed (the planner would guess every
 * table empty) nor vacuumed. Called every minute on PGlite; the tables are maintained one at a time,
 * and each blocks the database while it runs, as every statement on PGlite does.
 */
export async function runMaintenance(database: Database, log?: FastifyBaseLogger): Promise<MaintenanceRun[]> {
  const runs: MaintenanceRun[] = [];
  for (const table of await selectTableActivity(database.db)) {
    const work = decideMaintenance(table);
    if (!work.vacuum && !work.analyze) continue;
    const started = performance.now();
    await maintainTable(database.db, table, work);
    const run = {
      schema: table.schema,
      table: table.table,
      ...work,
      ms: Math.round(performance.now() - started),
    };
    log?.debug({ job: 'maintenance', ...run }, 'table maintained');
    runs.push(run);
  }
  // Like autovacuum's log_autovacuum_min_duration: quiet unless it held the database for a while.
  const ms = runs.reduce((sum, run) => sum + run.ms, 0);
  if (ms >= SLOW_MS) log?.info({ job: 'maintenance', tables: runs.length, ms }, 'tables maintained');
  return runs;
}
