import { type SQL, sql } from 'drizzle-orm';

/**
 * Lists are bound as one array literal parameter, not one parameter per element: the statement
 * text is the same for any length (so PostgreSQL can reuse its plan), and a list of 400,000 ids
 * stays under the protocol's 65,535-parameter limit.
 */
const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
/** An element of an array literal: NULL unquoted, anything else quoted. */
const element = (value: string | null) => (value === null ? 'NULL' : quote(value));

/** A bound uuid[] for `= any(...)`; empty lists work too. */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.map(quote).join(',')}}`}::uuid[]`;
}

/** A bound text[] for `= any(...)` or unnest(); empty lists and nulls work too. */
export function textArray(values: readonly (string | null)[]): SQL {
  return sql`${`{${values.map(element).join(',')}}`}::text[]`;
}

/** A bound float8[] (nulls, NaN and ±Infinity included, as PostgreSQL spells them). */
export function float8Array(values: readonly (number | null)[]): SQL {
  return sql`${`{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`}::float8[]`;
}

/** A bound boolean[]. */
export function boolArray(values: readonly boolean[]): SQL {
  return sql`${`{${values.map((v) => (v ? 't' : 'f')).join(',')}}`}::boolean[]`;
}
