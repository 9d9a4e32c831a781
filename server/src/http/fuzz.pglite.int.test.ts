import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FuzzCase,
  mutationsOf,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  requestArb,
  toInject,
} from '../../test/fuzz-requests.ts';
import { type FuzzContext, resourceOf, seedRandom } from '../../test/fuzz-schema.ts';
import { StoreWatch } from '../../test/fuzz-store.ts';
import { buildFuzzWorld, type FuzzWorld, poolsOf } from '../../test/fuzz-world.ts';
import { buildEmployee, getTestApp, setTestClock, signIn } from '../../test/helpers.ts';

/**
 * The fuzz suite: every operation of the OpenAPI document, as HR, as a plain employee and
 * anonymously, with valid-shaped requests derived from the document's schemas and hostile
 * variants of one field, parameter or the whole request at a time. No 5xx, every 4xx a
 * problem+json with a `code`, and a refused request stores nothing.
 *
 * Each operation is first swept (every variant of every field of one valid-shaped request), then
 * fast-check adds FUZZ_RUNS random cases (a random valid-shaped request, a random mutation).
 * FUZZ_SEED reproduces a run. Failures are collected, not thrown, and reported grouped at the end
 * (FUZZ_REPORT=file.json writes them all). FUZZ_ONLY=regex limits the operations and
 * FUZZ_TRACE=regex prints each request of the matching ones, for debugging one route.
 *
 * PGlite only: there each test worker has a database of its own. On PostgreSQL the workers share
 * one, and the suite's thousands of writes (robots configured, check-ins) reach the other tests'
 * tenant-wide jobs and query plans, and theirs reach its "nothing stored" check.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
/** For debugging: only operations whose `METHOD /path` matches, and a line per request of those matching FUZZ_TRACE. */
const ONLY = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : null;
const TRACE = process.env.FUZZ_TRACE ? new RegExp(process.env.FUZZ_TRACE) : null;
/** A file to write every failure to, as JSON, for comparing runs. */
const REPORT = process.env.FUZZ_REPORT;
/** The sweep alone sends this many with the current document; the suite must not silently shrink. */
const MIN_REQUESTS = 12_000;

const { app, database } = await getTestApp();

type Persona = 'hr' | 'employee' | 'anonymous';

type Failure = {
  operation: string;
  persona: Persona;
  variant: string;
  status: number;
  /** The answer's `code`, or its `error` for framework answers. */
  code: string;
  problem: string;
  excerpt: string;
};

const failures: Failure[] = [];
const stats = { requests: 0, sweep: 0, random: 0, byStatus: new Map<number, number>() };
/** Operations that accepted at least one request, by persona: the rest never got past the checks. */
const accepted = new Set<string>();

let world: FuzzWorld;
let other: FuzzWorld;
let ctxBase: Omit<FuzzContext, 'resource'>;
let watch: StoreWatch;
let operations: Operation[];
let document: OpenApiDocument;
/** Paths that have a GET, where writes read their ETag. */
let getPaths: Set<string>;
const cookies: Record<Exclude<Persona, 'anonymous'>, string> = { hr: '', employee: '' };

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Signs the persona in again (a request may have signed it out), or replaces it if it can no longer sign in. */
async function restore(persona: Exclude<Persona, 'anonymous'>) {
  const login = persona === 'hr' ? world.personas.hr.login : world.personas.employee.login;
  try {
    cookies[persona] = await signIn(app, login);
  } catch {
    const fresh = await buildEmployee(world.tenant, {
      name: '替补员工',
      managerId: world.team.manager.id,
      departmentId: world.team.sales.id,
      ...(persona === 'hr' && { roles: ['hr_admin', 'system_admin'] }),
    });
    world.personas[persona] = { ...fresh, login: fresh.login };
    cookies[persona] = await signIn(app, fresh.login);
  }
  await watch.sync();
}

function record(
  op: Operation,
  persona: Persona,
  variant: string,
  r: LightMyRequestResponse | null,
  problem: string,
) {
  let code = '';
  try {
    const body = JSON.parse(r?.body ?? '') as { code?: unknown; error?: unknown };
    code = String(body.code ?? body.error ?? '');
  } catch {
    code = 'not JSON';
  }
  failures.push({
    operation: op.label,
    code,
    persona,
    variant,
    status: r?.statusCode ?? 0,
    problem,
    excerpt: (r?.body ?? '').slice(0, 240).replace(/\s+/g, ' '),
  });
}

/** ETags of the resources read so far (by persona and URL), forgotten after every accepted write. */
const etags = new Map<string, string>();

/**
 * The ETag a write needs in If-Match, read from the GET of the same path, so that writes get past
 * the precondition check to the service (a hostile If-Match is one of the request variants).
 */
async function etagFor(op: Operation, persona: Persona, url: string, headers: Record<string, string>) {
  if (op.method === 'GET' || !getPaths.has(op.path)) return null;
  const path = url.split('?')[0]!;
  const key = `${persona} ${path}`;
  if (!etags.has(key)) {
    const r = await app.inject({ url: path, headers });
    etags.set(key, r.statusCode === 200 ? String(r.headers.etag ?? '"1"') : '"1"');
  }
  return etags.get(key)!;
}

async function send(op: Operation, persona: Persona, fuzzCase: FuzzCase) {
  const spec = fuzzCase.mutation.apply(fuzzCase.base);
  const headers: Record<string, string> = { 'accept-language': 'en-US' };
  if (persona !== 'anonymous') headers.cookie = cookies[persona];
  const options = toInject(op, spec, headers);
  if (!options.headers['if-match']) {
    const etag = await etagFor(op, persona, options.url, headers);
    if (etag) options.headers['if-match'] = etag;
  }
  stats.requests += 1;
  let r: LightMyRequestResponse;
  try {
    r = await app.inject(options);
  } catch (error) {
    record(op, persona, fuzzCase.mutation.label, null, `inject threw: ${(error as Error).message}`);
    await watch.sync();
    return;
  }
  const status = r.statusCode;
  if (TRACE?.test(op.label))
    console.log(`${persona} ${op.label} ${fuzzCase.mutation.label} → ${status} ${r.body.slice(0, 300)}`);
  stats.byStatus.set(status, (stats.byStatus.get(status) ?? 0) + 1);
  const variant = fuzzCase.mutation.label;
  if (status >= 500) {
    record(op, persona, variant, r, '5xx');
  } else if (status >= 400) {
    const type = String(r.headers['content-type'] ?? '');
    let code: unknown;
    try {
      code = (JSON.parse(r.body) as { code?: unknown }).code;
    } catch {
      code = undefined;
    }
    if (!type.startsWith('application/problem+json') || typeof code !== 'string' || !code) {
      record(op, persona, variant, r, `4xx not problem+json with a code (${type || 'no content-type'})`);
    }
  }
  if (status < 400) {
    accepted.add(`${persona} ${op.label}`);
    if (op.method !== 'GET') etags.clear();
    await watch.settle();
    await watch.changes();
  } else {
    const changed = await watch.changes();
    if (changed.length) record(op, persona, variant, r, `refused but stored (${changed.join(', ')})`);
  }
  // A sign-out, a password change or a role taken away ends the persona's session: start a new one.
  const ended = r.cookies.some((c) => c.name === 'pf_session' && !c.value);
  if (persona !== 'anonymous' && (ended || status === 401)) await restore(persona);
}

/** Sweeps one operation as one persona, then runs fast-check's random cases. */
async function fuzzOperation(op: Operation, persona: Persona) {
  const ctx: FuzzContext = { ...ctxBase, resource: resourceOf(op.path) };
  const seed = (SEED ^ hashOf(`${op.label} ${persona}`)) >>> 0;
  const [canonical] = fc.sample(requestArb(op, ctx, document, true), { seed, numRuns: 1 });
  for (const mutation of mutationsOf(op, canonical!, ctx, document)) {
    stats.sweep += 1;
    await send(op, persona, { base: canonical!, mutation });
  }
  if (RUNS <= 0) return;
  const caseArb = requestArb(op, ctx, document, false).chain((base) =>
    fc.constantFrom(...mutationsOf(op, base, ctx, document)).map((mutation) => ({ base, mutation })),
  );
  await fc.assert(
    fc.asyncProperty(caseArb, async (fuzzCase) => {
      stats.random += 1;
      await send(op, persona, fuzzCase);
    }),
    { seed, numRuns: RUNS, endOnFailure: true },
  );
}

/** Routes marked public (sign-in, setup, health) answer anonymous callers. */
function isPublicOp(op: Operation): boolean {
  const url = op.path.replace(/\{(\w+)\}/g, ':$1');
  return app.perfloopRoutes.some((r) => r.url === url && r.method === op.method && r.isPublic);
}

function summary(list: Failure[]): string {
  const groups = new Map<string, Failure[]>();
  for (const f of list) {
    const key = `${f.operation} → ${f.status} ${f.code}: ${f.problem}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const lines = [`${list.length} failures in ${groups.size} groups (seed ${SEED}):`];
  for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const variants = [...new Set(group.map((f) => `${f.variant} [${f.persona}]`))];
    lines.push(`- ${key} ×${group.length}`);
    lines.push(
      `    variants: ${variants.slice(0, 12).join('; ')}${variants.length > 12 ? `; … +${variants.length - 12}` : ''}`,
    );
    lines.push(`    body: ${group[0]!.excerpt}`);
  }
  return lines.join('\n');
}

describe('fuzzing every route of the OpenAPI document', () => {
  const started = Date.now();

  beforeAll(async () => {
    seedRandom(SEED);
    setTestClock('2026-08-10');
    world = await buildFuzzWorld(app, database, '模糊测试公司');
    other = await buildFuzzWorld(app, database, '另一家公司');
    const exclude = [world.personas.hr.id, world.personas.employee.id];
    ctxBase = {
      own: await poolsOf(database, world.tenant, exclude),
      foreign: await poolsOf(database, other.tenant, []),
    };
    document = app.swagger() as unknown as OpenApiDocument;
    // Reads first, then writes, deletions last, so that later operations still find the rows.
    const order = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    operations = operationsOf(document)
      .filter((o) => !ONLY || ONLY.test(o.label))
      .sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method));
    getPaths = new Set(
      operationsOf(document)
        .filter((o) => o.method === 'GET')
        .map((o) => o.path),
    );
    watch = new StoreWatch(database, [world.tenant.tenantId, other.tenant.tenantId]);
    cookies.hr = await signIn(app, world.personas.hr.login);
    cookies.employee = await signIn(app, world.personas.employee.login);
    await watch.sync();
    console.log(`fuzz: seed ${SEED} (FUZZ_SEED), ${RUNS} random cases per operation and persona (FUZZ_RUNS)`);
  }, 120_000);

  afterAll(() => {
    setTestClock(null);
    if (REPORT) writeFileSync(REPORT, JSON.stringify(failures, null, 1));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const statuses = [...stats.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(
      `fuzz: ${stats.requests} requests (${stats.sweep} sweep, ${stats.random} random) over ${operations.length} operations in ${seconds} s, seed ${SEED}; statuses ${statuses.join(' ')}`,
    );
  });

  it('covers every operation of the document', () => {
    const routes = app.perfloopRoutes.filter(
      (r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/openapi.json',
    );
    const documented = new Set(operations.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(routes.filter((r) => !documented.has(`${r.method} ${r.url}`))).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(100);
    expect(operations.some((o) => o.isUpload)).toBe(true);
  });

  it('notices a stored row, and nothing after a read (the check of refused requests is sound)', async () => {
    await app.inject({ url: '/api/v1/goals', headers: { cookie: cookies.hr } });
    expect(await watch.changes()).toEqual([]);
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: { cookie: cookies.hr },
      payload: { toId: world.team.zhangsan.id, kind: 'praise', body: '自检' },
    });
    expect(r.statusCode).toBe(201);
    expect(await watch.changes()).toContain('feedback');
    expect(await watch.changes()).toEqual([]);
  });

  const callers = { hr: 'as HR', employee: 'as a plain employee', anonymous: 'anonymously' } as const;
  for (const persona of ['hr', 'employee', 'anonymous'] as const) {
    it(`answers hostile requests ${callers[persona]} with no 5xx, problem+json 4xx and nothing stored`, async () => {
      const before = failures.length;
      for (const op of operations) {
        if (persona === 'anonymous' && !isPublicOp(op)) {
          // Private routes refuse anonymous callers before anything else: one hostile request each.
          const ctx: FuzzContext = { ...ctxBase, resource: resourceOf(op.path) };
          const [base] = fc.sample(requestArb(op, ctx, document, true), { seed: SEED, numRuns: 1 });
          const mutations = mutationsOf(op, base!, ctx, document);
          await send(op, persona, { base: base!, mutation: mutations[hashOf(op.label) % mutations.length]! });
          continue;
        }
        await fuzzOperation(op, persona);
      }
      const refusedAll = operations
        .filter((o) => (persona !== 'anonymous' || isPublicOp(o)) && !accepted.has(`${persona} ${o.label}`))
        .map((o) => o.label);
      console.log(
        `fuzz: as ${persona}, ${refusedAll.length} operations accepted no request: ${refusedAll.join(', ')}`,
      );
      const mine = failures.slice(before);
      if (mine.length) console.log(summary(mine));
      expect(mine.length, summary(mine)).toBe(0);
    }, 900_000);
  }

  it('sent enough requests to mean something', () => {
    expect(stats.requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
  });
});
