import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Whether a file may refuse a caller: policies and the access module decide who may do what. */
function mayRefuse(path: string): boolean {
  const rel = relative(SRC, path).split('\\').join('/');
  return rel.startsWith('access/') || rel.endsWith('.policy.ts');
}

describe('access rules live in policies', () => {
  it('no file outside *.policy.ts and server/src/access calls forbid() or throws a bare forbidden', () => {
    const offenders = sourceFiles(SRC)
      .filter((path) => !mayRefuse(path))
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(SRC, path)}:${i + 1}` }))
          .filter(({ line }) => /\bforbid\(|AppError\(\s*'forbidden'/.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the check finds a forbid() in a service', () => {
    expect(mayRefuse(join(SRC, 'modules/goals/goal.service.ts'))).toBe(false);
    expect(mayRefuse(join(SRC, 'modules/goals/goal.policy.ts'))).toBe(true);
    expect(mayRefuse(join(SRC, 'access/reach.ts'))).toBe(true);
  });
});
