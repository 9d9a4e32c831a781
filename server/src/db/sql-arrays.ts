import { type SQL, sql } from 'drizzle-orm';

/**
 * Lists are bound as one array literal parameter, not one parameter per element: the statement
 * text is the same for any length (so PostgreSQL can reuse its plan), and a list of 400,000 ids
 * stays under the protocol's 65,535-parameter limit.
 */
const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** A bound uuid[] for `= any(...)`; empty lists work too. */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.map(quote).join(',')}}`}::uuid[]`;
}

/** A bound text[] for `= any(...)`; empty lists work too. */
export function textArray(values: readonly string[]): SQL {
  return sql`${`{${values.map(quote).join(',')}}`}::text[]`;
}

/** A bound float8[] (NaN and ±Infinity included, as PostgreSQL spells them). */
export function float8Array(values: readonly number[]): SQL {
  return sql`${`{${values.join(',')}}`}::float8[]`;
}
