import { readFileSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueViolationOf } from '../shared/pg-errors.ts';
import { openWorkerPglite, type WorkerPglite } from './pglite-client.ts';

/**
 * The embedded database in its own thread (pglite-client.ts), against PGlite in this thread
 * loaded from the same dump: results as PGlite's own `query` gives them, PGlite's locks kept,
 * errors as PGlite raises them, notifications delivered.
 */
describe('the embedded database in its own thread', () => {
  let raw: PGlite;
  let db: WorkerPglite;
  const probe = `create table probe (id int primary key, name text, at timestamptz, tags text[], doc jsonb, n bigint)`;
  beforeAll(async () => {
    const dump = readFileSync(inject('pgliteDumpPath'));
    raw = new PGlite({ loadDataDir: new Blob([dump]) });
    db = await openWorkerPglite({ loadDataDir: new Uint8Array(dump).buffer }, 4);
    await raw.exec(probe);
    await db.exec(probe);
  });
  afterAll(async () => {
    await raw.close();
    await db.close();
  });

  const prepared = async () =>
    (await db.query<{ name: string }>('select name from pg_prepared_statements order by name')).rows.map(
      (r) => r.name,
    );

  it('answers as PGlite does, for every type and with nulls, and prepares each text once', async () => {
    for (const client of [raw, db]) {
      await client.query('insert into probe values ($1, $2, $3, $4, $5, $6)', [
        1,
        '张三',
        new Date('2026-09-28T04:00:00Z'),
        ['a', 'b"c'],
        { k: [1, 2] },
        9_007_199_254_740_993n,
      ]);
      await client.query('insert into probe values ($1, $2, $3, $4, $5, $6)', [
        2,
        null,
        null,
        null,
        null,
        null,
      ]);
    }
    const text = 'select * from probe where id = any($1) order by id';
    for (const options of [
      undefined,
      { rowMode: 'array' as const },
      { parsers: { [types.TIMESTAMPTZ]: (v: string) => v } },
    ])
      expect(await db.query(text, [[1, 2]], options)).toEqual(await raw.query(text, [[1, 2]], options));
    await db.query(text, [[2]]);
    expect((await prepared()).length).toBe(2);
  });

  it('keeps at most the set number of statements, and answers after dropping them', async () => {
    for (let i = 0; i < 6; i++) {
      const { rows } = await db.query<{ v: number }>(`select $1::int + ${i} as v`, [10]);
      expect(rows[0]!.v).toBe(10 + i);
    }
    expect((await prepared()).length).toBeLessThanOrEqual(4);
  });

  it('answers statements sent all at once past the cap, prepared again after each deallocation', async () => {
    const all = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db.query<{ v: number }>(`select $1::int * ${i % 10} as v`, [i]).then((r) => r.rows[0]!.v),
      ),
    );
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => i * (i % 10)));
    // A burst may pass the cap by the statements it prepares at once; the next new one drops them.
    expect((await db.query<{ v: number }>('select $1::int - 1 as v', [1])).rows).toEqual([{ v: 0 }]);
    expect((await prepared()).length).toBeLessThanOrEqual(4);
  });

  it('runs inside a transaction, which a rollback undoes, and keeps other statements out until it ends', async () => {
    const seen: string[] = [];
    let outside: Promise<unknown> | null = null;
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into probe (id, name) values ($1, $2)', [3, 'rolled back']);
        // A statement from outside while the transaction is open waits for it, never seeing its rows.
        outside = db
          .query<{ n: number }>('select count(*)::int as n from probe where id = $1', [3])
          .then((r) => seen.push(`outside saw ${r.rows[0]!.n}`));
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen.push('transaction ends');
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await outside;
    expect(seen).toEqual(['transaction ends', 'outside saw 0']);

    await db.transaction(async (tx) => {
      await tx.query('insert into probe (id, name) values ($1, $2)', [3, 'kept']);
    });
    expect((await db.query('select name from probe where id = $1', [3])).rows).toEqual([{ name: 'kept' }]);
  });

  it('never runs a statement from outside inside a transaction, whenever it is asked for', async () => {
    await db.query(`delete from probe where id >= $1`, [100]);
    // Each after a different number of microtask turns, so that some are asked for just as it begins.
    const outside = async (i: number) => {
      for (let turn = 0; turn < i % 15; turn++) await null;
      return db.query(`insert into probe (id, name) values ($1, $2)`, [100 + i, `outside ${i % 3}`]);
    };
    const before = Array.from({ length: 15 }, (_, i) => outside(i));
    let insideSaw = -1;
    const transaction = db
      .transaction(async (tx) => {
        await tx.query(`insert into probe (id, name) values ($1, $2)`, [300, 'inside']);
        insideSaw = (
          await tx.query<{ n: number }>(`select count(*)::int as n from probe where id >= $1`, [100])
        ).rows[0]!.n;
        throw new Error('undo');
      })
      .catch((error: Error) => error.message);
    const during = Array.from({ length: 15 }, (_, i) => outside(15 + i));
    await Promise.all([...before, ...during]);
    expect(await transaction).toBe('undo');
    // The transaction saw its own row and only what committed before it began; nothing of outside was undone.
    expect(insideSaw).toBeLessThanOrEqual(16);
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from probe where id >= $1`,
      [100],
    );
    expect(rows[0]!.n).toBe(30);
    await db.query(`delete from probe where id >= $1`, [100]);
  });

  it('raises PostgreSQL errors with their code and constraint, and carries on after them', async () => {
    const error = await db.query('insert into probe (id) values ($1)', [1]).catch((e: unknown) => e);
    expect(uniqueViolationOf(error)).toBe('probe_pkey');
    expect(error).toMatchObject({ query: 'insert into probe (id) values ($1)', params: [1] });
    await expect(db.query('select nonsense from probe where id = $1', [1])).rejects.toMatchObject({
      code: '42703',
    });
    expect((await db.query('select count(*)::int as n from probe where id > $1', [0])).rows).toEqual([
      { n: 3 },
    ]);
  });

  it('prepares a statement again after a change to its table made its result type stale', async () => {
    const text = 'select * from probe where id = $1';
    expect((await db.query(text, [2])).rows).toHaveLength(1);
    await db.exec('alter table probe add column extra int');
    await expect(db.query(text, [2])).rejects.toMatchObject({ code: '0A000' });
    expect((await db.query<{ extra: null }>(text, [2])).rows[0]).toMatchObject({ id: 2, extra: null });
  });

  it('runs while the server thread goes on: timers fire during a long statement', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      await db.query('select pg_sleep($1)', [0.3]);
    } finally {
      clearInterval(timer);
    }
    // In this thread, PGlite would have held the event loop for the whole 300 ms: no tick at all.
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  it('answers many callers at once, each its own rows, first come first served', async () => {
    const order: number[] = [];
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.query<{ v: number }>('select $1::int as v', [i]).then((r) => {
          order.push(i);
          return r.rows[0]!.v;
        }),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(order).toEqual(answers);
  });

  it('carries results larger than its buffers, and arrays of every kind', async () => {
    const { rows } = await db.query<{ n: number; s: string }>(
      `select g as n, repeat('长', 20) as s from generate_series(1, $1::int) g`,
      [100_000],
    );
    expect(rows).toHaveLength(100_000);
    expect(rows[99_999]).toEqual({ n: 100_000, s: '长'.repeat(20) });
    const id = '6f0c4a2e-3b1d-4c5e-9f7a-8b2c1d0e4f3a';
    const arrays = await db.query<{ ids: string[]; ps: number[]; ds: string[] }>(
      `select $1::uuid[] as ids, array[0.5, 1.25]::float8[] as ps, array['2026-09-28'::date] as ds`,
      [[id]],
    );
    expect(arrays.rows[0]).toEqual({ ids: [id], ps: [0.5, 1.25], ds: [new Date('2026-09-28T00:00:00Z')] });
    expect(arrays.rows[0]).toEqual(
      (
        await raw.query(
          `select $1::uuid[] as ids, array[0.5, 1.25]::float8[] as ps, array['2026-09-28'::date] as ds`,
          [[id]],
        )
      ).rows[0],
    );
  });

  it('runs several statements in one exec, as PGlite does, and statements without parameters', async () => {
    const text = 'select 1 as a; select $$x$$ as b';
    expect(await db.exec(text)).toEqual(await raw.exec(text));
    const count = `select count(*)::int as n from pg_class where relname = 'probe'`;
    expect(await db.query(count)).toEqual(await raw.query(count));
    await expect(db.query('select nonsense')).rejects.toMatchObject({
      code: '42703',
      query: 'select nonsense',
    });
  });

  it('tells listeners of a notification before the caller of the statement that committed it goes on', async () => {
    const heard: string[] = [];
    const unlisten = await db.listen('probe_changes', (payload) => heard.push(payload));
    await db.transaction(async (tx) => {
      await tx.query(`select pg_notify('probe_changes', $1)`, ['one']);
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual(['one']);
    await db.query(`select pg_notify('probe_changes', $1)`, ['two']);
    expect(heard).toEqual(['one', 'two']);
    await unlisten();
    await db.query(`select pg_notify('probe_changes', $1)`, ['three']);
    expect(heard).toEqual(['one', 'two']);
  });

  it('dumps its data directory, which opens with the same rows', async () => {
    const copy = await openWorkerPglite({ loadDataDir: await (await db.dumpDataDir('none')).arrayBuffer() });
    try {
      expect((await copy.query('select id, name from probe order by id')).rows).toEqual(
        (await db.query('select id, name from probe order by id')).rows,
      );
    } finally {
      await copy.close();
    }
    await expect(copy.query('select 1')).rejects.toThrow('closed');
  });

  it('tells its owner when its thread stops without being closed, and then refuses statements', async () => {
    const stopped: Error[] = [];
    const dump = readFileSync(inject('pgliteDumpPath'));
    const client = await openWorkerPglite({
      loadDataDir: new Uint8Array(dump).buffer,
      onStopped: (error) => stopped.push(error),
    });
    // What a WebAssembly abort does to the thread.
    await (client as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect.poll(() => stopped.length).toBe(1);
    expect(stopped[0]!.message).toContain('the embedded database stopped');
    await expect(client.query('select 1')).rejects.toThrow('closed');

    const closed = await openWorkerPglite({
      loadDataDir: new Uint8Array(dump).buffer,
      onStopped: (error) => stopped.push(error),
    });
    await closed.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toHaveLength(1);
  });
});
