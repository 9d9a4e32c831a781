import { Worker } from 'node:worker_threads';
import {
  Mutex,
  type PGlite,
  parse,
  protocol,
  type QueryOptions,
  type Results,
  type Transaction,
  types,
} from '@electric-sql/pglite';
import pg from 'pg';
import { statementName } from './prepared.ts';

type BackendMessage = Parameters<Parameters<protocol.Parser['parse']>[1]>[0];
type Parsers = Record<number, (value: string, typeId?: number) => unknown>;
type Serializers = Record<number, (value: unknown) => string>;

/** What the server uses of an embedded database: PGlite's own query, exec, transaction and listen. */
export type EmbeddedClient = Pick<PGlite, 'query' | 'exec' | 'transaction'> & {
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  dumpDataDir(compression?: 'none' | 'gzip' | 'auto'): Promise<Blob>;
  close(): Promise<void>;
};

/** Named statements kept before all are dropped and prepared again as they come. */
const MAX_PREPARED = 2_000;
const { serialize } = protocol;
const WORKER_URL = new URL('./pglite-worker.mjs', import.meta.url);

type Reply = { id: number; bytes?: Uint8Array; buffer?: ArrayBuffer; error?: { message: string } };

export type WorkerPgliteOptions = {
  dataDir?: string | null;
  loadDataDir?: ArrayBuffer;
  /** Called once if the database's thread stops without being closed (every statement fails from then on). */
  onStopped?: (error: Error) => void;
};

/**
 * The embedded database in a thread of its own (pglite-worker.mjs), spoken to in PostgreSQL's
 * wire protocol. In the server's thread, PGlite ran each statement synchronously and stopped the
 * event loop: a department dashboard's 80 ms statement held up every other caller, even the
 * login page, and requests that arrived meanwhile were read in no fair order (at 10k people,
 * 50 callers of the alignment tree saw p50 0.4 s but p99 6–7 s and timeouts). Now the server's
 * JavaScript and PostgreSQL run on two cores.
 *
 * Statements are posted as soon as they are asked for and the thread runs them in that order, first
 * come, first served, so it never waits for this thread between two of them. Transactions run one
 * at a time (the transaction lock); while one is open the thread holds back the statements from
 * outside it until it ends (PGlite's own rule), so nothing lies between a check and a post here.
 * Every parameterized statement is a named prepared statement, parsed and described once
 * (PGlite's own `query` parsed, described and planned each anew, one message at a time); each
 * statement is one round trip, Bind to Sync.
 */
export class WorkerPglite implements EmbeddedClient {
  readonly serializers: Serializers = { ...(types.serializers as Serializers) };
  readonly parsers: Parsers = { ...(types.parsers as Parsers) };
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private readonly transactionLock = new Mutex();
  /** Parameter types of the statements prepared, and of those being prepared. */
  private readonly prepared = new Map<string, number[]>();
  private readonly preparing = new Map<string, Promise<number[]>>();
  /** Counts `deallocate all`s: a statement prepared before one must be prepared again. */
  private generation = 0;
  /** Numbers the transactions, whose statements the thread runs while one is open (0: outside). */
  private nextTransaction = 1;
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private closed = false;
  private closing = false;

  constructor(
    options: WorkerPgliteOptions,
    private readonly maxPrepared = MAX_PREPARED,
  ) {
    const loadDataDir = options.loadDataDir;
    this.worker = new Worker(WORKER_URL, {
      workerData: { dataDir: options.dataDir ?? null, loadDataDir },
      ...(loadDataDir && { transferList: [loadDataDir] }),
    });
    const ready = new Promise<Reply>((resolve, reject) => this.pending.set(0, { resolve, reject }));
    this.worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.error) waiting.reject(new Error(reply.error.message));
      else waiting.resolve(reply);
    });
    let crash: Error | null = null;
    this.worker.on('error', (error) => {
      crash = error;
      this.fail(error);
    });
    this.worker.on('exit', (code) => {
      const error = new Error(
        `the embedded database stopped (exit code ${code}${crash ? `: ${crash.message}` : ''})`,
      );
      this.fail(error);
      if (!this.closing) options.onStopped?.(error);
    });
    this.waitReady = ready.then(() => this.initArrayTypes());
  }

  private fail(error: Error) {
    this.closed = true;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  /** Posts at once (before returning); the reply comes in the order the thread runs them. */
  private call(message: object, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('the embedded database is closed'));
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message }, transfer);
    });
  }

  /**
   * One round trip: the messages as one buffer, posted before this returns, in transaction `tx`
   * (0: outside any, run after the open one ends); the backend's messages back. Notifications go
   * to their listeners; an error is thrown (after the whole buffer ran, Sync included).
   */
  private send(
    messages: Uint8Array[],
    {
      tx,
      sync = tx === 0,
      begin = false,
      end = false,
    }: { tx: number; sync?: boolean; begin?: boolean; end?: boolean },
  ): Promise<BackendMessage[]> {
    const bytes = concat(messages);
    return this.call({ op: 'raw', bytes, sync, tx, begin, end }, [bytes.buffer as ArrayBuffer]).then(
      (reply) => {
        const results: BackendMessage[] = [];
        let error: Error | null = null;
        new protocol.Parser().parse(reply.bytes!, (message) => {
          if (message instanceof protocol.messages.DatabaseError) error ??= message;
          else if (message instanceof protocol.messages.NotificationResponseMessage)
            this.notify(message.channel, message.payload);
          results.push(message);
        });
        if (error) throw error;
        return results;
      },
    );
  }

  /** As from PGlite in process: before the caller of the statement that committed it goes on. */
  private notify(channel: string, payload: string) {
    for (const listener of this.listeners.get(channel) ?? []) {
      try {
        listener(payload);
      } catch {
        // A listener's failure is its own; the statement succeeded.
      }
    }
  }

  /** Array types' parsers and serializers, read from the catalog as PGlite does when it opens. */
  private async initArrayTypes() {
    const { rows } = await this.query<{ oid: number; typarray: number }>(`
      select b.oid, b.typarray from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A' group by b.oid, b.typarray order by b.oid`);
    for (const { oid, typarray } of rows) {
      this.serializers[typarray] = (value) =>
        types.arraySerializer(value, this.serializers[oid] as never, typarray);
      this.parsers[typarray] = (value) => types.arrayParser(value, this.parsers[oid] as never, typarray);
    }
  }

  /**
   * Parses and describes a named statement once (its parameter types serialize its values); callers
   * asking for one being prepared wait for it. Statements of transactions have names of their own
   * (`t…`): one from outside may wait in the thread for the open transaction to end, and the
   * transaction must never wait for it.
   */
  private prepare(name: string, text: string, tx: number): number[] | Promise<number[]> {
    const known = this.prepared.get(name) ?? this.preparing.get(name);
    if (known) return known;
    const generation = this.generation;
    const preparing = this.send(
      [serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()],
      { tx, sync: false },
    ).then(
      (described) => {
        const paramTypes = parse.parseDescribeStatementResults(described);
        if (this.generation === generation) {
          this.prepared.set(name, paramTypes);
          this.preparing.delete(name);
        }
        return paramTypes;
      },
      (error: unknown) => {
        if (this.generation === generation) this.preparing.delete(name);
        throw error;
      },
    );
    this.preparing.set(name, preparing);
    return preparing;
  }

  /** Past the cap, every statement is deallocated, while no transaction is open (the lock held). */
  private deallocateAll(): Promise<void> {
    return this.transactionLock.runExclusive(async () => {
      if (this.prepared.size + this.preparing.size < this.maxPrepared) return;
      const dropped = this.send([serialize.query('deallocate all')], { tx: 0, sync: false });
      this.generation++;
      this.prepared.clear();
      this.preparing.clear();
      await dropped;
    });
  }

  /** One statement, posted now: in transaction `tx`, or outside any (`tx` 0). */
  private async run<T>(
    text: string,
    params: unknown[] | undefined,
    options: QueryOptions | undefined,
    tx: number,
  ): Promise<Results<T>> {
    try {
      if (!params || params.length === 0) {
        const messages = await this.send(
          [
            serialize.parse({ text }),
            serialize.bind({}),
            serialize.describe({ type: 'P' }),
            serialize.execute({}),
            serialize.sync(),
          ],
          { tx },
        );
        return parse.parseResults(messages, this.parsers, options)[0] as Results<T>;
      }
      const name = `${tx === 0 ? '' : 't'}${statementName(text)}`;
      // Past the cap, once a call (in a loop, a burst of new statements would drop each other's forever).
      const known = this.prepared.has(name) || this.preparing.has(name);
      if (tx === 0 && !known && this.prepared.size + this.preparing.size >= this.maxPrepared)
        await this.deallocateAll();
      for (;;) {
        const generation = this.generation;
        const paramTypes = await this.prepare(name, text, tx);
        // Deallocated since: prepared again, in the thread's order.
        if (this.generation !== generation) continue;
        const values = params.map((param, i) => {
          if (param === null || param === undefined) return null;
          const oid = paramTypes[i]!;
          const serializer = options?.serializers?.[oid] ?? this.serializers[oid];
          return serializer ? serializer(param) : String(param);
        });
        const messages = await this.send(
          [
            serialize.bind({ statement: name, values }),
            serialize.describe({ type: 'P' }),
            serialize.execute({}),
            serialize.sync(),
          ],
          { tx },
        ).catch((error: unknown) => {
          // A plan DDL made stale in a way PostgreSQL cannot replan ("cached plan must not change
          // result type"): closed, so the next call prepares it again.
          if ((error as { code?: string }).code === '0A000' && this.prepared.get(name) === paramTypes) {
            this.prepared.delete(name);
            void this.send([serialize.close({ type: 'S', name }), serialize.sync()], {
              tx,
              sync: false,
            }).catch(() => {});
          }
          throw error;
        });
        return parse.parseResults(messages, this.parsers, options)[0] as Results<T>;
      }
    } catch (error) {
      if (error instanceof protocol.messages.DatabaseError)
        Object.assign(error, { query: text, params, queryOptions: options });
      throw error;
    }
  }

  private async runExec(
    text: string,
    options: QueryOptions | undefined,
    tx: number,
    marks: { begin?: boolean; end?: boolean } = {},
  ) {
    const messages = await this.send([serialize.query(text)], { tx, ...marks }).catch((error: unknown) => {
      if (error instanceof protocol.messages.DatabaseError)
        Object.assign(error, { query: text, params: undefined, queryOptions: options });
      throw error;
    });
    return parse.parseResults(messages, this.parsers, options);
  }

  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.run<T>(text, params, options, 0);
  }

  exec(text: string, options?: QueryOptions): Promise<Results[]> {
    return this.runExec(text, options, 0);
  }

  /**
   * PGlite's transaction: BEGIN, the callback's statements, COMMIT; ROLLBACK when it throws. One at
   * a time (the transaction lock); statements from outside wait in the thread until it ends.
   */
  transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.transactionLock.runExclusive(async () => {
      const id = this.nextTransaction++;
      await this.runExec('begin', undefined, id, { begin: true });
      let closed = false;
      const open = () => {
        if (closed) throw new Error('Transaction is closed');
      };
      const end = async (command: 'commit' | 'rollback') => {
        closed = true;
        const [done] = await this.runExec(command, undefined, id, { end: true });
        return done;
      };
      const tx = {
        query: <R>(text: string, params?: unknown[], options?: QueryOptions) => {
          open();
          return this.run<R>(text, params, options, id);
        },
        exec: (text: string, options?: QueryOptions) => {
          open();
          return this.runExec(text, options, id);
        },
        rollback: async () => {
          open();
          await end('rollback');
        },
        get closed() {
          return closed;
        },
      } as unknown as Transaction;
      try {
        const result = await callback(tx);
        if (!closed) {
          const done = await end('commit');
          // A transaction that failed is rolled back by its COMMIT.
          if (done?.command === 'ROLLBACK') throw new Error('the transaction was rolled back');
        }
        return result;
      } catch (error) {
        if (!closed) await end('rollback');
        throw error;
      }
    });
  }

  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.exec(`listen ${pg.escapeIdentifier(channel)}`);
    }
    set.add(callback);
    return async () => {
      set.delete(callback);
      if (set.size > 0 || this.listeners.get(channel) !== set) return;
      this.listeners.delete(channel);
      await this.exec(`unlisten ${pg.escapeIdentifier(channel)}`);
    };
  }

  /** After every statement already posted, and after the open transaction. */
  async dumpDataDir(compression: 'none' | 'gzip' | 'auto' = 'auto'): Promise<Blob> {
    return new Blob([(await this.call({ op: 'dump', compression, tx: 0 })).buffer!]);
  }

  /** After every statement already posted, and after the open transaction. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    await this.call({ op: 'close', tx: 0 });
    this.closed = true;
    await this.worker.terminate();
  }
}

/** The messages in one buffer of their own, to transfer (a serialized message may view a shared one). */
function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/** Opens the embedded database in its own thread, ready for statements. */
export async function openWorkerPglite(
  options: WorkerPgliteOptions,
  maxPrepared?: number,
): Promise<WorkerPglite> {
  const client = new WorkerPglite(options, maxPrepared);
  await client.waitReady;
  return client;
}
