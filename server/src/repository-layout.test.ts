import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The layout the next engineer relies on (issue 26): features named alike in core, server and web,
// docs for the people who run Perfloop and for contributors, and numbers the web shows, not decides.
const ROOT = path.resolve(import.meta.dirname, '../..');
const dirsOf = (dir: string) =>
  readdirSync(path.join(ROOT, dir)).filter((name) => statSync(path.join(ROOT, dir, name)).isDirectory());

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(path.join(ROOT, file)).isFile());
}

describe('the repository', () => {
  const modules = new Set(dirsOf('server/src/modules'));

  it('names every feature of core and web as a server module (no followup grab-bag)', () => {
    expect(modules.has('followup')).toBe(false);
    // core's shared helpers and the access capabilities (server/src/access, not a feature module) aside.
    const coreOnly = dirsOf('core/src').filter(
      (name) => name !== 'shared' && name !== 'access' && !modules.has(name),
    );
    // The web's account pages (my account, my API tokens) are the server's auth and tokens modules.
    const webOnly = dirsOf('web/src/features').filter((name) => name !== 'account' && !modules.has(name));
    expect(coreOnly).toEqual([]);
    expect(webOnly).toEqual([]);
  });

  it('keeps the README for the people who run Perfloop: at most 12 KB, with the two commands', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12 * 1024);
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
    expect(existsSync(path.join(ROOT, 'ARCHITECTURE.md'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'CONTRIBUTING.md'))).toBe(true);
  });

  it('lets the web show pace as the server decided it, never against a threshold of its own', () => {
    const literal = /\b0\.8\b|\b80\s*\/\s*100\b/;
    const offenders = filesUnder('web/src')
      .filter((file) => /\.(ts|tsx)$/.test(file) && !file.endsWith('.test.ts'))
      .filter((file) => literal.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
