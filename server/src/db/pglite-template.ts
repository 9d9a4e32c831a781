import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants } from 'node:zlib';

/**
 * A new embedded database as PGlite's initdb makes it, kept in the repository: loading it takes
 * about 2 s where initdb takes about 4.5 s, most of the first start on an empty data directory.
 * It holds nothing of Perfloop's (no table, no company): migrations and the demo company run on it
 * as on a database initdb made. It is used only if it was made by the PGlite installed and its
 * bytes are the ones recorded; otherwise initdb runs, as without it. After upgrading PGlite, make
 * it again with `npm run cli -- db:pglite-template` (a test fails until then).
 */
const TEMPLATE_DIR = fileURLToPath(new URL('./pglite-template/', import.meta.url));
const ARCHIVE = `${TEMPLATE_DIR}initdb.tar.br`;
const INFO = `${TEMPLATE_DIR}initdb.json`;

export type TemplateInfo = {
  /** The PGlite package that made it, and must open it. */
  pglite: string;
  /** `select version()` of the database it holds. */
  postgres: string;
  /** `pg_control_system()`'s: every database made from the template has this one. */
  systemIdentifier: string;
  /** Of the uncompressed archive (PGlite's `dumpDataDir`). */
  sha256: string;
  bytes: number;
};

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export function installedPgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite'); // …/dist/index.cjs
  const packageJson = path.join(path.dirname(entry), '..', 'package.json');
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

export function readTemplateInfo(): TemplateInfo | null {
  return existsSync(INFO) ? (JSON.parse(readFileSync(INFO, 'utf8')) as TemplateInfo) : null;
}

/** A data directory PGlite would run initdb in: none yet, or an empty one (not one in use). */
export function isNewDataDir(dataDir: string | null): boolean {
  return dataDir === null || !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/**
 * The archive to load into a new database, or null when there is none for the PGlite installed
 * (or its bytes are not the ones recorded: a checkout that mangled them).
 */
export async function initdbTemplate(): Promise<ArrayBuffer | null> {
  const info = readTemplateInfo();
  if (!info || info.pglite !== installedPgliteVersion() || !existsSync(ARCHIVE)) return null;
  const tar = await promisify(brotliDecompress)(readFileSync(ARCHIVE));
  if (tar.byteLength !== info.bytes || sha256(tar) !== info.sha256) return null;
  return tar.buffer.slice(tar.byteOffset, tar.byteOffset + tar.byteLength) as ArrayBuffer;
}

/** Makes the template with the PGlite installed (initdb, in memory) and writes it beside this file. */
export async function makeInitdbTemplate(): Promise<TemplateInfo> {
  // Loaded here only: the server's own thread never runs PGlite (pglite-worker.mjs does).
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = new PGlite();
  await pglite.waitReady;
  try {
    const [control] = (
      await pglite.query<{ system_identifier: string; version: string }>(
        'select system_identifier::text, version() from pg_control_system()',
      )
    ).rows;
    // Written out first, so a database loaded from it has nothing to recover.
    await pglite.exec('checkpoint');
    const tar = new Uint8Array(await (await pglite.dumpDataDir('none')).arrayBuffer());
    const info: TemplateInfo = {
      pglite: installedPgliteVersion(),
      postgres: control!.version,
      systemIdentifier: control!.system_identifier,
      sha256: sha256(tar),
      bytes: tar.byteLength,
    };
    // Brotli at its densest: 1.3 MB against gzip's 4.5 MB, decompressed in ~0.35 s.
    const archive = await promisify(brotliCompress)(tar, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 },
    });
    writeFileSync(ARCHIVE, archive);
    writeFileSync(INFO, `${JSON.stringify(info, null, 2)}\n`);
    return info;
  } finally {
    await pglite.close();
  }
}
