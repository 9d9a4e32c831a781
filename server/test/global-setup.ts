import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDumpPath: string;
    postgresUrl: string;
  }
}

/**
 * Prepares one migrated database per run: a PGlite dump every worker loads (creating a PGlite
 * data directory costs ~10 s, loading a dump ~1 s), or a fresh PostgreSQL database.
 */
export default async function setup(project: TestProject) {
  // The project's `env` reaches the workers, not this process: decide by the project's name.
  if (project.name === 'server-postgres') {
    const baseUrl = process.env.TEST_DATABASE_URL;
    if (!baseUrl) {
      throw new Error(
        'TEST_DATABASE_URL is not set: the PostgreSQL suite needs a server (see CONTRIBUTING.md, "Tests").',
      );
    }
    const name = `perfloop_test_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 2 });
    await database.migrate();
    await database.close();
    project.provide('postgresUrl', url.toString());
    return async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const database = await openDatabase({ engine: 'pglite', dataDir: null });
  await database.migrate();
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const dir = mkdtempSync(path.join(tmpdir(), 'perfloop-test-'));
  const dumpPath = path.join(dir, 'migrated.tar');
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteDumpPath', dumpPath);
  return () => rmSync(dir, { recursive: true, force: true });
}
