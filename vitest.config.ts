import { defineConfig } from 'vitest/config';

// One vitest run, several projects: pure unit tests, and the server's integration suite
// run twice, on embedded PGlite and on a PostgreSQL server (TEST_DATABASE_URL).
// The Node 24 run in CI leaves the fuzz suite to the Node 20 run (it tests our answers, not the runtime).
const withoutFuzz =
  process.env.PERFLOOP_TEST_WITHOUT_FUZZ === '1' ? ['server/src/http/fuzz.pglite.int.test.ts'] : [];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['core/src/**/*.test.ts'] } },
      { test: { name: 'web', include: ['web/src/**/*.test.ts'] } },
      {
        test: {
          name: 'server-unit',
          include: ['server/src/**/*.test.ts'],
          exclude: ['server/src/**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'server-pglite',
          include: ['server/src/**/*.int.test.ts', 'bench/**/*.int.test.ts'],
          // Several server processes over one database: PostgreSQL only.
          exclude: [
            'server/src/**/*.postgres.int.test.ts',
            'bench/**/*.postgres.int.test.ts',
            ...withoutFuzz,
          ],
          env: { TEST_DB_ENGINE: 'pglite' },
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'server-postgres',
          include: ['server/src/**/*.int.test.ts', 'bench/**/*.int.test.ts'],
          // The embedded database's own jobs: PGlite only.
          exclude: ['server/src/**/*.pglite.int.test.ts', ...withoutFuzz],
          env: { TEST_DB_ENGINE: 'postgres' },
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
