import { createHash } from 'node:crypto';
import {
  type PGlite,
  parse,
  protocol,
  type QueryOptions,
  type Results,
  type Transaction,
} from '@electric-sql/pglite';

const statementNames = new Map<string, string>();

/** A stable name for a statement text (a hash: PostgreSQL names are at most 63 bytes). */
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= 10_000) statementNames.clear();
    name = `p${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Named statements one PGlite keeps before it drops them all and starts again. */
const MAX_PREPARED = 2_000;
const { serialize } = protocol;

/**
 * PGlite with every parameterized statement sent as a named prepared statement, as the PostgreSQL
 * pool does (database.ts): `PGlite.query` parses, describes and plans each statement anew, and on
 * the embedded engine planning is dearer still, because the planner asks each table and index for
 * its size and PGlite's file system answers every such `lseek` with an `fstat` (a CPU profile of
 * "my goals" under load at 1k: 15% of the server's time in `fstat`). Named, a statement is parsed
 * and described once, and the connection's `plan_cache_mode` decides whether its plan is reused.
 *
 * The wrapper keeps PGlite's own locks: outside a transaction a statement waits for the
 * transaction lock and then the statement lock, inside one (already holding the transaction
 * lock) only the statement lock, exactly as `PGlite.query` and `Transaction.query` do.
 */
export function withPreparedStatements(pglite: PGlite, { maxPrepared = MAX_PREPARED } = {}): PGlite {
  const prepared = new Map<string, number[]>();

  const send = (message: Uint8Array) => pglite.execProtocolStream(message, { syncToFs: false });

  async function prepare(name: string, text: string): Promise<number[]> {
    let types = prepared.get(name);
    if (types) return types;
    if (prepared.size >= maxPrepared) {
      await send(serialize.query('deallocate all'));
      prepared.clear();
    }
    await send(serialize.parse({ name, text }));
    types = parse.parseDescribeStatementResults(await send(serialize.describe({ type: 'S', name })));
    prepared.set(name, types);
    return types;
  }

  async function run<T>(
    text: string,
    params: unknown[],
    options: QueryOptions | undefined,
  ): Promise<Results<T>> {
    const name = statementName(text);
    const messages = [];
    let forget = false;
    try {
      const types = await prepare(name, text);
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null;
        const oid = types[i]!;
        const serializer = options?.serializers?.[oid] ?? pglite.serializers[oid];
        return serializer ? serializer(param) : String(param);
      });
      messages.push(
        ...(await send(serialize.bind({ statement: name, values }))),
        ...(await send(serialize.describe({ type: 'P' }))),
        ...(await send(serialize.execute({}))),
      );
    } catch (error) {
      // Forgotten: a statement that failed while being prepared, and one whose plan DDL made stale
      // in a way PostgreSQL cannot replan ("cached plan must not change result type"), so the
      // next call prepares it again.
      forget = !prepared.has(name) || (error as { code?: string }).code === '0A000';
      Object.assign(error as object, { query: text, params, queryOptions: options });
      throw error;
    } finally {
      messages.push(...(await send(serialize.sync())));
      if (forget) {
        // After the Sync: until then the backend skips every message that follows an error.
        prepared.delete(name);
        await send(serialize.close({ type: 'S', name }));
        await send(serialize.sync());
      }
    }
    return parse.parseResults(messages, pglite.parsers, options)[0] as Results<T>;
  }

  /** Outside a transaction: the transaction lock, then the statement lock, then PGlite's file sync. */
  async function query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    if (!params || params.length === 0) return pglite.query<T>(text, params, options);
    const result = await pglite._runExclusiveTransaction(() =>
      pglite._runExclusiveQuery(() => run<T>(text, params, options)),
    );
    await pglite.syncToFs();
    return result;
  }

  /** Inside a transaction, which holds the transaction lock: the statement lock only. */
  function inTransaction(tx: Transaction): Transaction {
    const wrapped = Object.create(tx) as Transaction;
    wrapped.query = <T>(text: string, params?: unknown[], options?: QueryOptions) => {
      if (!params || params.length === 0 || tx.closed) return tx.query<T>(text, params, options);
      return pglite._runExclusiveQuery(() => run<T>(text, params, options));
    };
    return wrapped;
  }

  return new Proxy(pglite, {
    get(target, property, receiver) {
      if (property === 'query') return query;
      if (property === 'transaction')
        return <T>(callback: (tx: Transaction) => Promise<T>) =>
          target.transaction((tx) => callback(inTransaction(tx)));
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
