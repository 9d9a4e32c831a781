import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isFieldErrorCode } from '@perfloop/core';
import { describe, expect, it } from 'vitest';

/*
 * TypeScript checks every code passed to `fieldError()` or put in `errors[]` (FieldErrorCode).
 * What it cannot see are the codes our zod schemas carry as messages (`.max(64, 'too_long')`,
 * `addIssue({ message: 'required' })`): the API sends those as `errors[].code`, so each must be
 * in core's catalog too, or it reaches a user untranslated.
 */
const root = join(import.meta.dirname, '../../..');
const ZOD_CHECK =
  /\.(?:min|max|length|gt|gte|lt|lte|int|positive|negative|nonnegative|nonpositive|multipleOf|regex|refine|email|url|uuid|nonempty|startsWith|endsWith)\(/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The text between the parenthesis at `open` and its match. */
function argumentsAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return '';
}

/** Codes used as zod messages: the last argument of a check, or `message:` in an issue or option. */
function zodMessageCodes(text: string): string[] {
  const codes: string[] = [];
  for (const match of text.matchAll(ZOD_CHECK)) {
    const args = argumentsAt(text, match.index + match[0].length - 1);
    const last = /(?:^|,)\s*'([a-z][a-z0-9_]*)'\s*,?\s*$/.exec(args);
    if (last?.[1]) codes.push(last[1]);
  }
  for (const match of text.matchAll(/\bmessage:\s*'([a-z][a-z0-9_]*)'/g)) if (match[1]) codes.push(match[1]);
  return codes;
}

describe('field-error codes in zod schemas', () => {
  it('finds the codes a schema carries as messages', () => {
    const schema = `z.string().trim().min(1, 'required').max(64, 'too_long')
      .refine((s) => !s.includes('/'), 'invalid_value'); z.uuid('invalid_id');
      ctx.addIssue({ code: 'custom', path: ['x'], message: 'weights_not_100' }); z.number().int().min(0)`;
    expect(zodMessageCodes(schema)).toEqual([
      'required',
      'too_long',
      'invalid_value',
      'invalid_id',
      'weights_not_100',
    ]);
  });

  it('has a zh-CN and an en-US message for every code a core or server schema sends', () => {
    const unknown: string[] = [];
    let seen = 0;
    for (const dir of ['core/src', 'server/src']) {
      for (const file of sourceFiles(join(root, dir))) {
        for (const code of zodMessageCodes(readFileSync(file, 'utf8'))) {
          seen++;
          if (!isFieldErrorCode(code)) unknown.push(`${relative(root, file)}: ${code}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(unknown).toEqual([]);
  });
});
