// Writes test/generated/openapi.d.ts from the OpenAPI document; openapi.int.test.ts fails while it is stale.
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { OPENAPI_TYPES_PATH, openapiDocumentOf, openapiTypesOf } from './openapi-types.ts';

const database = await openDatabase({ engine: 'pglite', dataDir: null });
try {
  const config = loadConfig(
    { NODE_ENV: 'test', PERFLOOP_DEMO: '0', LOG_LEVEL: 'silent', PERFLOOP_SESSION_CACHE: '0' },
    { dotenv: false },
  );
  const document = await openapiDocumentOf(database, config);
  writeFileSync(OPENAPI_TYPES_PATH, await openapiTypesOf(document));
  console.log(`wrote ${OPENAPI_TYPES_PATH}`);
} finally {
  await database.close();
}
