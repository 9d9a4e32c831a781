import { type SQL, sql } from 'drizzle-orm';
import { type CursorKind, type CursorValue, decodeCursor, encodeCursor } from '../shared/pagination.ts';

/** One column of a sort key: the SQL it sorts by, what its values are, and its value in a row. */
export type KeyPart<Row> = { column: SQL; kind: CursorKind; of: (row: Row) => CursorValue };

/**
 * A keyset (seek) pager: rows sorted by `parts` (the last one unique, e.g. the id), all ascending
 * or all descending. A page starts after the cursor's row with a row comparison,
 * `(a, b) > (x, y)`, which an index on (a, b) serves without counting past the earlier pages.
 */
export type Keyset<Row> = { parts: readonly KeyPart<Row>[]; descending: boolean };

const CASTS: Partial<Record<string, SQL>> = {
  uuid: sql`::uuid`,
  timestamptz: sql`::timestamptz`,
  date: sql`::date`,
};

/**
 * The condition for the rows after `cursor` (undefined for the first page). A bad cursor is the
 * 400 `decodeCursor` answers, before any SQL runs.
 */
export function afterCursor<Row>(keyset: Keyset<Row>, cursor: string | undefined): SQL | undefined {
  const after = decodeCursor(
    cursor,
    keyset.parts.map((p) => p.kind),
  );
  if (!after) return undefined;
  const values = keyset.parts.map((p, i) => {
    const cast = typeof p.kind === 'string' ? CASTS[p.kind] : undefined;
    return cast ? sql`${after[i]}${cast}` : sql`${after[i]}`;
  });
  const op = keyset.descending ? sql`<` : sql`>`;
  if (keyset.parts.length === 1) return sql`${keyset.parts[0]!.column} ${op} ${values[0]}`;
  return sql`(${sql.join(
    keyset.parts.map((p) => p.column),
    sql`, `,
  )}) ${op} (${sql.join(values, sql`, `)})`;
}

/** `a desc, b desc` (or ascending): the order a keyset's pages walk. */
export function keysetOrder<Row>(keyset: Keyset<Row>): SQL {
  const direction = keyset.descending ? sql` desc` : sql``;
  return sql.join(
    keyset.parts.map((p) => sql`${p.column}${direction}`),
    sql`, `,
  );
}

/**
 * A page from rows fetched with `limit + 1`: the first `limit`, and a cursor after the last of
 * them if the extra row shows there is more.
 */
export function pageOf<Row>(
  keyset: Keyset<Row>,
  rows: readonly Row[],
  limit: number,
): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = rows.length > limit ? page[page.length - 1] : undefined;
  return { rows: page, nextCursor: last ? encodeCursor(keyset.parts.map((p) => p.of(last))) : null };
}
