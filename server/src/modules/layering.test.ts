import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const modules = new URL('.', import.meta.url).pathname;

/** What only repositories may import: drizzle, the schema, the SQL helpers and the visibility predicates (biome.json says so too). */
const SQL_IMPORT =
  /from '(drizzle-orm(\/[^']*)?|[^']*\/db\/(schema|sql-arrays|keyset|prepared)\.ts|[^']*\/access\/visibility\.sql\.ts)'/;

describe('layers', () => {
  it('keeps SQL in repositories: no service or route file imports drizzle, the schema or the SQL helpers', () => {
    const files = readdirSync(modules, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.(service|routes)\.ts$/.test(f),
    );
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) => SQL_IMPORT.test(readFileSync(join(modules, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
