import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';

const forge = (values: unknown) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

function codeOf(work: () => unknown) {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, errors: error.errors };
    throw error;
  }
  return null;
}

describe('cursors', () => {
  it('read back what they were made of, for every kind of sort key', () => {
    const values = [
      'personal',
      '2026-07-01 08:00:00.123456+00',
      '2026-07-01',
      'Z 张三',
      42,
      crypto.randomUUID(),
    ];
    const kinds = [['company', 'personal'], 'timestamptz', 'date', 'text', 'integer', 'uuid'] as const;
    expect(decodeCursor(encodeCursor(values), kinds)).toEqual(values);
    expect(decodeCursor(encodeCursor(['2026-07-01T08:00:00.000Z']), ['timestamptz'])).toEqual([
      '2026-07-01T08:00:00.000Z',
    ]);
  });

  it('are the first page when absent', () => {
    expect(decodeCursor(undefined, ['uuid'])).toBeNull();
    expect(decodeCursor('', ['uuid'])).toBeNull();
  });

  it('refuse anything the database could not cast, with one answer: 400 invalid_cursor on querystring.cursor', () => {
    const id = crypto.randomUUID();
    const bad = [
      'not-a-cursor',
      '%%%',
      forge({ a: 1 }),
      forge([id]),
      forge(['2026-07-01 08:00:00+00', id, 'extra']),
      forge(['2026-07-01 08:00:00+00', 'x']),
      forge(['1', id]),
      forge(['2026-02-30 08:00:00+00', id]),
      forge(['2026-07-01 25:00:00+00', id]),
      forge([null, id]),
      forge([1.5, id]),
    ];
    for (const cursor of bad)
      expect(
        codeOf(() => decodeCursor(cursor, ['timestamptz', 'uuid'])),
        cursor,
      ).toEqual({
        code: 'validation.failed',
        errors: [
          { path: 'querystring.cursor', code: 'invalid_cursor', message: 'not a cursor of this list' },
        ],
      });
    expect(codeOf(() => decodeCursor(forge(['2026-13-01']), ['date']))).not.toBeNull();
    expect(codeOf(() => decodeCursor(forge(['a\u0000b']), ['text']))).not.toBeNull();
    expect(codeOf(() => decodeCursor(forge(['\uD800']), ['text']))).not.toBeNull();
    expect(codeOf(() => decodeCursor(forge(['team']), [['company', 'personal']]))).not.toBeNull();
    expect(codeOf(() => decodeCursor(forge([2 ** 60]), ['integer']))).not.toBeNull();
  });
});
