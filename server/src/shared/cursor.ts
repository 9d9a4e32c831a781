/** Cursors are opaque to clients: base64url of a JSON tuple of the sort key values. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed)) return null;
    if (!parsed.every((v) => typeof v === 'string' || typeof v === 'number')) return null;
    return parsed as (string | number)[];
  } catch {
    return null;
  }
}
