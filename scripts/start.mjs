// `npm start`: builds the web UI when it is missing or older than its sources, then serves
// the app (API + UI) on the embedded database unless DATABASE_URL is set.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web', 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const sources = Math.max(
  newestMtime(path.join(root, 'web', 'src')),
  newestMtime(path.join(root, 'core', 'src')),
);
if (!existsSync(dist) || statSync(dist).mtimeMs < sources) {
  console.log('Building the web UI…');
  const build = spawnSync('npm', ['run', 'build', '-w', '@perfloop/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Spawned, not run synchronously: a supervisor that signals only this process (systemd, a container
// runtime, npm itself) must stop the server too, so SIGINT and SIGTERM are passed on and the server
// shuts down cleanly; this process then exits with the server's code.
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'src', 'main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
