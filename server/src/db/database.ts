import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { type EmbeddedClient, openWorkerPglite } from './pglite-client.ts';
import { initdbTemplate, isNewDataDir } from './pglite-template.ts';
import { statementName } from './prepared.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything a repository can run a query on: the database or an open transaction. */
export type Executor = Db | Tx;

export type Engine = 'pglite' | 'postgres';

export type Database = {
  db: Db;
  engine: Engine;
  /**
   * Counts every statement sent; tests use it to prove list endpoints have no N+1. While `log`
   * is set, statements are recorded in it too (the EXPLAIN test reads the plans of what endpoints send).
   */
  queryCounter: { count: number; log?: { sql: string; params: unknown[] }[] };
  /** Calls `observer` with the text of every statement sent from now on, until the returned function is called. */
  observeStatements(observer: (sql: string) => void): () => void;
  /**
   * Listens to a notification channel: `onNotify` for each notification, `onListening(true)` once
   * listening and `(false)` while not (a lost connection is reopened; notifications sent meanwhile are
   * lost, which is why the caller is told). The returned function stops listening.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  ping(): Promise<boolean>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The embedded database's own client (embedded mode only), for pg-boss and dumps. */
  pglite: EmbeddedClient | null;
};

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
/** Serialises migrations when several server processes start at once on one PostgreSQL. */
const MIGRATION_LOCK_KEY = 7_242_026;

export type OpenOptions =
  | { engine: 'postgres'; url: string; poolSize?: number }
  | {
      engine: 'pglite';
      dataDir: string | null;
      /** A dump to start from (PGlite's `dumpDataDir`); else a new database starts from the initdb template. */
      loadDataDir?: Blob;
      /** `false`: a new database is made by initdb, not loaded from the template (pglite-template.ts). */
      initdbTemplate?: boolean;
      /** The embedded database's thread stopped without being closed: nothing can be served. */
      onStopped?: (error: Error) => void;
    };

export type ListenHandlers = { onNotify: () => void; onListening: (listening: boolean) => void };

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const queryCounter: Database['queryCounter'] = { count: 0 };
  const observers = new Set<(sql: string) => void>();
  const observeStatements = (observer: (sql: string) => void) => {
    observers.add(observer);
    return () => void observers.delete(observer);
  };
  const logger = {
    logQuery: (query: string, params: unknown[]) => {
      queryCounter.count++;
      queryCounter.log?.push({ sql: query, params });
      for (const observer of observers) observer(query);
    },
  };
  if (options.engine === 'postgres') {
    // JIT off: it compiles a query whose estimated cost passes a threshold, and the planner's
    // guess for a recursive alignment walk passes it while the walk takes milliseconds; compiling
    // took 155 ms of the department dashboard's 180 (EXPLAIN ANALYZE at 10k people).
    // Generic plans: every parameterized statement is a named prepared statement (below), and
    // left to choose, PostgreSQL kept planning the hot reads anew for each request because their
    // generic plans' estimated costs were higher; forced, "my goals" went from 2.5 to 1.5 ms of
    // database CPU a request at 10k. The reads fix their join order with laterals and `offset 0`,
    // so the plan does not hinge on the values; batch work, whose plans do, asks for custom plans
    // in its transaction (customPlans). Startup options: behind PgBouncer, list `options` in its
    // ignore_startup_parameters.
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      options: '-c jit=off -c plan_cache_mode=force_generic_plan',
    });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Requests see errors on their own queries.
    });
    pool.on('connect', prepareStatements);
    const db = drizzlePg({ client: pool, schema, logger }) as unknown as Db;
    return {
      db,
      engine: 'postgres',
      queryCounter,
      observeStatements,
      listen: (channel, handlers) => listenPostgres(options.url, channel, handlers),
      pglite: null,
      ping: () => pingDb(db),
      async migrate() {
        const client = await pool.connect();
        try {
          await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
          await migratePg(drizzlePg({ client, schema }), { migrationsFolder: MIGRATIONS_DIR });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
          client.release();
        }
      },
      async close() {
        // Handlers whose client hung up still run; wait until no statement has been out for a
        // moment, so they finish instead of failing on a closed pool.
        await whenQuiet(() => pool.waitingCount > 0 || pool.idleCount < pool.totalCount);
        await pool.end();
      },
    };
  }
  // A new database is loaded from the template of initdb's work (~2 s) instead of running it (~4.5 s).
  const load = options.loadDataDir
    ? await options.loadDataDir.arrayBuffer()
    : options.initdbTemplate !== false && isNewDataDir(options.dataDir)
      ? await initdbTemplate()
      : null;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // In a thread of its own (pglite-client.ts), with named statements as on the PostgreSQL pool,
  // and, as there, one generic plan per statement, custom plans for batch work (customPlans).
  // "My goals" under load at 1k went from 273 to 509–599 req/s with named statements (in the
  // server's thread), and their generic plans gained another 0–15%.
  const client = await openWorkerPglite({
    dataDir: options.dataDir,
    ...(load && { loadDataDir: load }),
    ...(options.onStopped && { onStopped: options.onStopped }),
  });
  await client.exec('set plan_cache_mode = force_generic_plan');
  const db = drizzlePglite({ client: client as unknown as PGlite, schema, logger }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    queryCounter,
    observeStatements,
    async listen(channel, handlers) {
      // One database, one process: a notification arrives with the result of the statement that
      // committed it, before its caller goes on.
      const unlisten = await client.listen(channel, () => handlers.onNotify());
      handlers.onListening(true);
      return async () => {
        handlers.onListening(false);
        await unlisten();
      };
    },
    pglite: client,
    ping: () => pingDb(db),
    async migrate() {
      await migratePglite(drizzlePglite({ client: client as unknown as PGlite, schema }), {
        migrationsFolder: MIGRATIONS_DIR,
      });
    },
    close: () => client.close(),
  };
}

/** How often a listening connection proves it is alive; a silent one is replaced after `LISTEN_CHECK_MS` more. */
const LISTEN_CHECK_MS = 10_000;
const LISTEN_RETRY_MS = 1_000;

/**
 * LISTEN on a connection of its own, outside the pool, for as long as the caller wants: a connection
 * that errs, ends, or does not answer a check within LISTEN_CHECK_MS (a peer gone without a word
 * would otherwise leave it deaf forever) is closed and another opened a second later. Resolves
 * once the first connection listens or has failed.
 */
async function listenPostgres(
  url: string,
  channel: string,
  handlers: ListenHandlers,
): Promise<() => Promise<void>> {
  let current: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const lose = (client: pg.Client) => {
    if (current !== client) return;
    current = null;
    handlers.onListening(false);
    client.end().catch(() => {});
    if (!stopped) retry = setTimeout(() => void open(), LISTEN_RETRY_MS);
  };
  const open = async () => {
    const client = new pg.Client({
      connectionString: url,
      keepAlive: true,
      query_timeout: LISTEN_CHECK_MS,
      application_name: `perfloop listen ${process.pid}`,
    });
    current = client;
    client.on('error', () => lose(client));
    client.on('end', () => lose(client));
    client.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotify();
    });
    try {
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      if (current === client) handlers.onListening(true);
    } catch {
      lose(client);
    }
  };
  const check = setInterval(() => {
    const client = current;
    client?.query('select 1').catch(() => lose(client));
  }, LISTEN_CHECK_MS);
  check.unref();
  await open();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    clearInterval(check);
    const client = current;
    current = null;
    handlers.onListening(false);
    await client?.end().catch(() => {});
  };
}

/** Resolves once `busy` has stayed false for `quietMs`, or after `maxMs` whatever it says. */
async function whenQuiet(busy: () => boolean, quietMs = 200, maxMs = 5_000) {
  const deadline = Date.now() + maxMs;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (busy()) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Sends every parameterized statement of a connection as a named prepared statement: it is parsed
 * once per connection, and after a few runs PostgreSQL reuses a generic plan instead of planning
 * each request anew — planning was most of the database time of the hot reads (measured with
 * EXPLAIN ANALYZE: 3.2 ms planning against 1.3 ms executing for "my goals"). Statement texts are
 * stable because lists are bound as one array parameter (sql-arrays.ts). Statements without
 * parameters (transaction control, migrations, which may hold several commands) are sent as they are.
 */
function prepareStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((config: unknown, ...rest: unknown[]) => {
    // drizzle passes (config, values); pg itself also takes values inside the config.
    const values = rest[0] ?? (config as { values?: unknown } | null)?.values;
    if (
      config !== null &&
      typeof config === 'object' &&
      'text' in config &&
      typeof config.text === 'string' &&
      !(config as { name?: string }).name &&
      Array.isArray(values) &&
      values.length > 0
    )
      return query({ ...config, name: statementName(config.text) }, ...rest);
    return query(config, ...rest);
  }) as typeof client.query;
}

/**
 * Plans each statement of the current transaction for its own values (the connection default is
 * one generic plan per statement, for the per-request reads): for batch work over a whole company,
 * where a date or an array of 2,000 ids decides between an index walk and a hash join.
 */
export async function customPlans(tx: Executor): Promise<void> {
  await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
}

async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

export function openDatabaseFromConfig(
  config: { databaseUrl: string | null; dataDir: string },
  onStopped?: (error: Error) => void,
): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ engine: 'postgres', url: config.databaseUrl })
    : openDatabase({
        engine: 'pglite',
        dataDir: path.join(config.dataDir, 'pglite'),
        ...(onStopped && { onStopped }),
      });
}

/** Rows of a raw `db.execute` on either driver. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
