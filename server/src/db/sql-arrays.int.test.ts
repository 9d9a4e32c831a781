import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getTestDatabase } from '../../test/helpers.ts';
import { rowsOf } from './database.ts';
import { boolArray, float8Array, textArray, uuidArray } from './sql-arrays.ts';

describe('array parameters', () => {
  it('binds a text list as one parameter and reads every value back exactly', async () => {
    const { db } = await getTestDatabase();
    const values = ['plain', 'a,b', '{braces}', 'quote "q"', 'back\\slash', 'NULL', '', ' spaced ', '中文'];
    const [row] = rowsOf<{ xs: string[] }>(await db.execute(sql`select ${textArray(values)} as xs`));
    expect(row!.xs).toEqual(values);
    const withNulls = ['a', null, 'NULL', null];
    const [nulls] = rowsOf<{ xs: (string | null)[] }>(
      await db.execute(sql`select ${textArray(withNulls)} as xs`),
    );
    expect(nulls!.xs).toEqual(withNulls);
  });

  it('binds numbers exactly, nulls and booleans included', async () => {
    const { db } = await getTestDatabase();
    const numbers = [0.1, 1 / 3, -2.5e-300, 1e21, null, 0];
    const flags = [true, false, true];
    const [row] = rowsOf<{ xs: (number | null)[]; bs: boolean[] }>(
      await db.execute(sql`select ${float8Array(numbers)} as xs, ${boolArray(flags)} as bs`),
    );
    expect(row!.xs.map((x) => (x === null ? null : Number(x)))).toEqual(numbers);
    expect(row!.bs).toEqual(flags);
  });

  it('binds uuid lists of any length, the empty one included', async () => {
    const { db } = await getTestDatabase();
    const ids = Array.from(
      { length: 70_000 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const [row] = rowsOf<{ n: number; last: string; none: number }>(
      await db.execute(sql`select cardinality(${uuidArray(ids)})::int as n, (${uuidArray(ids)})[70000]::text as last,
        cardinality(${uuidArray([])})::int as none`),
    );
    expect(row).toEqual({ n: 70_000, last: ids.at(-1), none: 0 });
  });
});
