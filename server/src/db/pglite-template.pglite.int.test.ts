import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, rowsOf } from './database.ts';
import { initdbTemplate, installedPgliteVersion, isNewDataDir, readTemplateInfo } from './pglite-template.ts';

/** What initdb decides and a database made from the template must share with one initdb made now. */
async function describeCluster(database: Database) {
  const q = async <T>(statement: string) => rowsOf<T>(await database.db.execute(sql.raw(statement)));
  return {
    version: await q('select version()'),
    control: await q('select catalog_version_no, pg_control_version from pg_control_system()'),
    databases: await q(
      'select datname, pg_encoding_to_char(encoding) as encoding, datcollate, datctype, datlocprovider from pg_database order by datname',
    ),
    roles: await q('select rolname, rolsuper from pg_roles order by rolname'),
    // Every setting but where the files are, which are the same path inside PGlite anyway.
    settings: await q(
      `select name, setting, source from pg_settings where name not in ('data_directory') order by name`,
    ),
    extensions: await q('select name, default_version from pg_available_extensions order by name'),
  };
}

const systemIdentifier = async (database: Database) =>
  rowsOf<{ id: string }>(
    await database.db.execute(sql`select system_identifier::text as id from pg_control_system()`),
  )[0]!.id;

describe('the embedded database’s initdb template', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'perfloop-template-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('was made by the PGlite installed, and its bytes are the ones recorded', async () => {
    const info = readTemplateInfo();
    expect(info, 'no template: run `npm run cli -- db:pglite-template`').not.toBeNull();
    expect(
      info!.pglite,
      `the template is of PGlite ${info!.pglite}, ${installedPgliteVersion()} is installed: run \`npm run cli -- db:pglite-template\``,
    ).toBe(installedPgliteVersion());
    const tar = await initdbTemplate();
    expect(tar?.byteLength).toBe(info!.bytes);
  });

  it('tells a new data directory from one in use', () => {
    const dir = newDir();
    expect(isNewDataDir(null)).toBe(true);
    expect(isNewDataDir(path.join(dir, 'not-yet'))).toBe(true);
    expect(isNewDataDir(dir)).toBe(true);
  });

  it('starts a new data directory, which is then what initdb makes, migrates and keeps its data', async () => {
    const info = readTemplateInfo()!;
    const dir = path.join(newDir(), 'pglite');
    const fromTemplate = await openDatabase({ engine: 'pglite', dataDir: dir });
    const byInitdb = await openDatabase({ engine: 'pglite', dataDir: null, initdbTemplate: false });
    try {
      // The template's own database (initdb gives every new one an identifier of its own).
      expect(await systemIdentifier(fromTemplate)).toBe(info.systemIdentifier);
      expect(await systemIdentifier(byInitdb)).not.toBe(info.systemIdentifier);
      expect(await describeCluster(fromTemplate)).toEqual(await describeCluster(byInitdb));

      await fromTemplate.migrate();
      await fromTemplate.db.execute(sql`create table kept (x int)`);
      await fromTemplate.db.execute(sql`insert into kept values (42)`);
    } finally {
      await fromTemplate.close();
      await byInitdb.close();
    }
    // Opened again, the directory is in use: nothing is loaded over it.
    expect(isNewDataDir(dir)).toBe(false);
    const reopened = await openDatabase({ engine: 'pglite', dataDir: dir });
    try {
      expect(rowsOf(await reopened.db.execute(sql`select x from kept`))).toEqual([{ x: 42 }]);
      const migrations = rowsOf<{ n: number }>(
        await reopened.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
      );
      expect(migrations[0]!.n).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  }, 90_000);
});
