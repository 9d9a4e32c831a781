import { fieldError } from '../http/errors.ts';

/** A page of a keyset-paged list, as every list route answers it. */
export type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * What one value of a sort key is, so a cursor is checked before it reaches the database (a
 * value the database cannot cast would be a 500): a uuid, an instant, a calendar date, any text,
 * an integer, or one of a few words (an enum column).
 */
export type CursorKind = 'uuid' | 'timestamptz' | 'date' | 'text' | 'integer' | readonly string[];

export type CursorValue = string | number;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// As PostgreSQL writes a timestamptz as text (`2026-07-01 08:00:00.123456+00`) or as ISO 8601.
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,6})?(Z|[+-]\d{2}(:?[0-5]\d(:?[0-5]\d)?)?)$/;
// Text the database cannot hold: NUL, and a UTF-16 surrogate without its pair.
const hasUnstorable = (text: string) => text.includes('\u0000') || /[\uD800-\uDFFF]/u.test(text);

function isCalendarDate(year: string, month: string, day: string): boolean {
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    d.getUTCFullYear() === Number(year) &&
    d.getUTCMonth() === Number(month) - 1 &&
    d.getUTCDate() === Number(day)
  );
}

function isValueOf(kind: CursorKind, value: unknown): value is CursorValue {
  if (kind === 'integer') return Number.isSafeInteger(value);
  if (typeof value !== 'string') return false;
  if (typeof kind !== 'string') return kind.includes(value);
  switch (kind) {
    case 'uuid':
      return UUID.test(value);
    case 'date': {
      const m = DATE.exec(value);
      return m !== null && isCalendarDate(m[1]!, m[2]!, m[3]!);
    }
    case 'timestamptz': {
      const m = INSTANT.exec(value);
      return m !== null && isCalendarDate(m[1]!, m[2]!, m[3]!);
    }
    case 'text':
      return !hasUnstorable(value);
  }
}

/** Cursors are opaque to clients: base64url of a JSON tuple of the sort key values. */
export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/**
 * The sort key values in `cursor`, one per kind; no cursor is the first page (null). Any cursor
 * that is not one this server made for this sort key gets the one answer every list gives: 400
 * `validation.failed` with `invalid_cursor` on `querystring.cursor`.
 */
export function decodeCursor(cursor: string | undefined, kinds: readonly CursorKind[]): CursorValue[] | null {
  if (cursor === undefined || cursor === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== kinds.length) throw invalidCursor();
  if (!kinds.every((kind, i) => isValueOf(kind, parsed[i]))) throw invalidCursor();
  return parsed as CursorValue[];
}

function invalidCursor() {
  return fieldError('querystring.cursor', 'invalid_cursor', 'not a cursor of this list');
}
