// `npm run bench:first-start`: how long the first start on an empty data directory takes, from
// spawning the server (as `npm start` does, with the built UI) to the login page being served:
// creating the embedded database, migrating it and seeding the demo company.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = 3900 + Math.floor(Math.random() * 90);
const dataDir = mkdtempSync(path.join(tmpdir(), 'perfloop-first-start-'));
const started = performance.now();
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
  cwd: root,
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    PERFLOOP_DATA_DIR: dataDir,
    PERFLOOP_JOBS: '0',
    DATABASE_URL: '',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (performance.now() - started > 300_000) throw new Error('no login page within 5 minutes');
    const page = await fetch(`http://127.0.0.1:${port}/login`).catch(() => null);
    if (page?.ok && (page.headers.get('content-type') ?? '').includes('text/html')) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.log(
    `first start on an empty data directory → login page served in ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
