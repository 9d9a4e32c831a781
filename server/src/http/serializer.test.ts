import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseSerializerCompiler } from './serializer.ts';

const Goal = z.object({
  id: z.uuid(),
  title: z.string(),
  level: z.enum(['company', 'department', 'personal']),
  weightBp: z.number().int(),
  progress: z.number(),
  pace: z.number().nullable(),
  ownerName: z.string().nullable(),
  dueDate: z.iso.date().nullable(),
  lastCheckInAt: z.iso.datetime({ offset: true }).nullable(),
  keyResults: z.array(
    z.object({ id: z.uuid(), title: z.string(), done: z.boolean(), unit: z.string().nullable() }),
  ),
  meta: z.record(z.string(), z.number()).optional(),
});
const Page = z.object({ items: z.array(Goal), nextCursor: z.string().nullable() });
const compile = (check: boolean) =>
  responseSerializerCompiler(check)({ schema: Page, method: 'GET', url: '/x' });

const goal = {
  id: '2c27d48b-a8d5-4d92-9831-f770e78c2f20',
  title: '提升华东区市场份额 "Q3"\n\\ 🚀',
  level: 'personal' as const,
  weightBp: 4000,
  progress: 0.1 + 0.2,
  pace: null,
  ownerName: '张三',
  dueDate: '2026-09-30',
  lastCheckInAt: '2026-09-28T04:00:00.123Z',
  keyResults: [{ id: '957610b6-2639-4955-b3e8-d9dc8f0ae502', title: 'KR1', done: false, unit: null }],
};

describe('the response serializer', () => {
  it('writes what zod and JSON.stringify wrote, byte for byte', () => {
    const stringify = compile(false);
    const text = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(
        text,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.option(text),
        (title, progress, unit) => {
          const page = {
            items: [{ ...goal, title, progress, keyResults: [{ ...goal.keyResults[0]!, unit }] }],
            nextCursor: null,
          };
          expect(stringify(page)).toBe(JSON.stringify(z.encode(Page, page)));
        },
      ),
    );
    const withMeta = { items: [{ ...goal, meta: { a: 1, b: 2.5 } }], nextCursor: 'abc' };
    expect(stringify(withMeta)).toBe(JSON.stringify(z.encode(Page, withMeta)));
  });

  it('leaves out every property the schema does not declare', () => {
    const page = {
      items: [{ ...goal, passwordHash: 'secret', keyResults: [{ ...goal.keyResults[0]!, x: 1 }] }],
      nextCursor: null,
    };
    const body = compile(false)(page);
    expect(body).not.toContain('secret');
    expect(JSON.parse(body).items[0].keyResults[0]).not.toHaveProperty('x');
  });

  it('refuses, when checking, a response that breaks its schema', () => {
    const broken = { items: [{ ...goal, level: 'team' }], nextCursor: null };
    expect(() => compile(true)(broken)).toThrow(/GET \/x: the response does not match its schema/);
    expect(compile(true)({ items: [goal], nextCursor: null })).toContain('"level":"personal"');
  });

  it('stops the server at start for a response schema JSON Schema cannot express', () => {
    const transformed = z.object({ at: z.date().transform((d) => d.getTime()) });
    expect(() =>
      responseSerializerCompiler(false)({ schema: transformed, method: 'GET', url: '/y' }),
    ).toThrow(/GET \/y: the response schema has no JSON Schema form/);
  });
});

describe('instants in responses', () => {
  const Token = z.object({ id: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });
  const serialize = responseSerializerCompiler(true)({ schema: Token, method: 'GET', url: '/t' });
  it('refuses, where the contract is checked, an instant in the database’s own format', () => {
    expect(() => serialize({ id: 'a', createdAt: '2026-12-07 19:09:39.288+00', revokedAt: null })).toThrow(
      /createdAt = "2026-12-07 19:09:39.288\+00" is not an ISO 8601 instant/,
    );
    expect(serialize({ id: 'a', createdAt: '2026-12-07T19:09:39.288Z', revokedAt: null })).toContain(
      '2026-12-07T19:09:39.288Z',
    );
  });
});
