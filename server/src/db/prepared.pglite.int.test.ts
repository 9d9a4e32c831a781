import { readFileSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueViolationOf } from '../shared/pg-errors.ts';
import { withPreparedStatements } from './prepared.ts';

/**
 * The embedded engine's named statements (prepared.ts), against a PGlite of its own: results as
 * PGlite's own `query` gives them, PGlite's locks kept, errors as PGlite raises them.
 */
describe('named prepared statements on PGlite', () => {
  let raw: PGlite;
  let db: PGlite;
  beforeAll(async () => {
    raw = new PGlite({ loadDataDir: new Blob([readFileSync(inject('pgliteDumpPath'))]) });
    await raw.waitReady;
    db = withPreparedStatements(raw, { maxPrepared: 4 });
    await db.exec(
      `create table probe (id int primary key, name text, at timestamptz, tags text[], doc jsonb, n bigint)`,
    );
  });
  afterAll(() => raw.close());

  const prepared = async () =>
    (await raw.query<{ name: string }>('select name from pg_prepared_statements order by name')).rows.map(
      (r) => r.name,
    );

  it('answers as PGlite does, for every type and with nulls, and prepares each text once', async () => {
    await db.query('insert into probe values ($1, $2, $3, $4, $5, $6)', [
      1,
      '张三',
      new Date('2026-09-28T04:00:00Z'),
      ['a', 'b"c'],
      { k: [1, 2] },
      9_007_199_254_740_993n,
    ]);
    await db.query('insert into probe values ($1, $2, $3, $4, $5, $6)', [2, null, null, null, null, null]);
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
});
