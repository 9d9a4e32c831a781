import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/database.ts';

export type TableActivity = {
  schema: string;
  table: string;
  /** Rows and pages as of the last ANALYZE or VACUUM (`pg_class`); -1 rows when never analyzed. */
  tuples: number;
  pages: number;
  /** Pages the table has now. */
  currentPages: number;
  /** Cumulative statistics since the last ANALYZE / VACUUM (zero after a restart of the embedded database). */
  modsSinceAnalyze: number;
  deadTuples: number;
  insertsSinceVacuum: number;
};

/** Every ordinary table of the database with what autovacuum would look at. */
export async function selectTableActivity(db: Executor): Promise<TableActivity[]> {
  // A backend reports its counters at most once a second; this statement's end reports them now.
  await db.execute(sql`select pg_stat_force_next_flush()`);
  const result = await db.execute(sql`
    select n.nspname as schema, c.relname as "table",
      c.reltuples::float8 as tuples, c.relpages::int as pages,
      (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as "currentPages",
      coalesce(s.n_mod_since_analyze, 0)::float8 as "modsSinceAnalyze",
      coalesce(s.n_dead_tup, 0)::float8 as "deadTuples",
      coalesce(s.n_ins_since_vacuum, 0)::float8 as "insertsSinceVacuum"
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_stat_user_tables s on s.relid = c.oid
    where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\_toast%'
    order by n.nspname, c.relname`);
  return rowsOf<TableActivity>(result);
}

/** VACUUM and/or ANALYZE one table (outside any transaction: VACUUM cannot run in one). */
export async function maintainTable(
  db: Executor,
  table: Pick<TableActivity, 'schema' | 'table'>,
  work: { vacuum: boolean; analyze: boolean },
) {
  const name = sql`${sql.identifier(table.schema)}.${sql.identifier(table.table)}`;
  if (work.vacuum) await db.execute(work.analyze ? sql`vacuum (analyze) ${name}` : sql`vacuum ${name}`);
  else if (work.analyze) await db.execute(sql`analyze ${name}`);
}
