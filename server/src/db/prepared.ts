import { createHash } from 'node:crypto';

const statementNames = new Map<string, string>();

/**
 * A stable name for a statement text (a hash: PostgreSQL names are at most 63 bytes), under which
 * both engines keep it prepared: the PostgreSQL pool (database.ts) and the embedded database's
 * client (pglite-client.ts).
 */
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= 10_000) statementNames.clear();
    name = `p${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return name;
}
