// `npm test`: unit tests, the server suite on PGlite and (when TEST_DATABASE_URL is set) on
// PostgreSQL, a smoke run of the benchmark on the same engines, then the browser journeys. With CI=true the PostgreSQL run and the browser
// journeys are mandatory: a missing server or browser fails, never skips.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const isCi = process.env.CI === 'true';
const chromium = process.env.PERFLOOP_CHROMIUM ?? '/usr/bin/chromium';

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

const projects = [
  '--project',
  'core',
  '--project',
  'web',
  '--project',
  'server-unit',
  '--project',
  'server-pglite',
];
if (process.env.TEST_DATABASE_URL) projects.push('--project', 'server-postgres');
else if (isCi) {
  console.error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite is mandatory in CI.');
  process.exit(1);
} else console.log('TEST_DATABASE_URL is not set: skipping the PostgreSQL run (CONTRIBUTING.md, Tests).');
run('unit and integration tests', 'npx', ['vitest', 'run', '--passWithNoTests', ...projects]);

// The benchmark harness end to end at 1k employees, 2 s per endpoint: it fails on errors, never on timing.
run('benchmark smoke run (PGlite, 1k)', 'npm', [
  'run',
  'bench',
  '--',
  '--engine',
  'pglite',
  '--size',
  '1k',
  '--smoke',
]);
if (process.env.TEST_DATABASE_URL)
  run('benchmark smoke run (PostgreSQL, 1k)', 'npm', [
    'run',
    'bench',
    '--',
    '--engine',
    'postgres',
    '--size',
    '1k',
    '--smoke',
  ]);

if (existsSync(chromium)) {
  run('build the web UI', 'npm', ['run', 'build', '-w', '@perfloop/web']);
  run(
    'browser journeys (Playwright, Chromium)',
    'npx',
    ['playwright', 'test', '-c', 'e2e/playwright.config.ts'],
    {
      PERFLOOP_CHROMIUM: chromium,
    },
  );
} else if (isCi) {
  console.error(`CI=true but no browser at ${chromium}: the browser journeys are mandatory in CI.`);
  process.exit(1);
} else {
  console.log(
    `No browser at ${chromium}: skipping the browser journeys (apt-get install chromium fonts-noto-cjk).`,
  );
}
console.log('\n✔ all tests passed');
