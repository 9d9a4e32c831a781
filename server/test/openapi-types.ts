import path from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { buildApp } from '../src/app.ts';
import type { Database } from '../src/db/database.ts';

/** The committed client types, generated from the document (`npm run openapi:types -w @perfloop/server`). */
export const OPENAPI_TYPES_PATH = path.join(import.meta.dirname, 'generated', 'openapi.d.ts');

/** The TypeScript types openapi-typescript generates from the document, as the committed file holds them. */
export async function openapiTypesOf(document: unknown): Promise<string> {
  const nodes = await openapiTS(document as OpenAPI3, { silent: true });
  return `${COMMENT_HEADER.replace('Do not make', 'Regenerate with `npm run openapi:types -w @perfloop/server`; do not make')}${astToString(nodes)}`;
}

/** The document the app serves at /api/v1/openapi.json. */
export async function openapiDocumentOf(
  database: Database,
  config: Parameters<typeof buildApp>[0]['config'],
) {
  const app = await buildApp({ config, database, logger: false });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}
