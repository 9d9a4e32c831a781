// The statements behind the benchmarked endpoints have the indexes they need: each endpoint is
// called on a generated company, every statement it sent is EXPLAINed with sequential scans
// disabled, and a Seq Scan left on a per-tenant table means no index can serve that statement.
// PostgreSQL only: the embedded engine (PostgreSQL 18 in WebAssembly) plans small subqueries as
// hashed scans even with sequential scans disabled, which says nothing about the indexes.
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/src/db/database.ts';
import { getTestApp } from '../server/test/helpers.ts';
import { type Fixture, generateCompany, PASSWORD, TENANT_SLUG } from './generate.ts';
import { generateReviewRound, type ReviewFixture } from './generate-reviews.ts';

/** Tables that grow with the company; small lookup tables (tenants, cycles) may be scanned. */
const LARGE = new Set([
  'employees',
  'departments',
  'goals',
  'key_results',
  'check_ins',
  'alerts',
  'follow_ups',
  'one_on_ones',
  'goal_snapshots',
  'sessions',
  'role_assignments',
  'notifications',
  'goal_revisions',
  'audit_events',
  'review_participants',
  'reviews',
  'review_scores',
]);

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Heap Fetches'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
};

function nodesOf(node: PlanNode, found: PlanNode[] = []): PlanNode[] {
  found.push(node);
  for (const child of node.Plans ?? []) nodesOf(child, found);
  return found;
}

function seqScans(node: PlanNode, found: string[] = []): string[] {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && LARGE.has(node['Relation Name']))
    found.push(node['Relation Name']);
  for (const child of node.Plans ?? []) seqScans(child, found);
  return found;
}

let app: FastifyInstance;
let database: Database;
let fixture: Fixture;
let reviews: ReviewFixture;
const cookies = new Map<string, string>();

async function cookieOf(login: string) {
  let cookie = cookies.get(login);
  if (!cookie) {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login, password: PASSWORD, tenant: TENANT_SLUG },
    });
    expect(r.statusCode, r.body).toBe(200);
    cookie = ([r.headers['set-cookie']].flat() as string[]).map((c) => c.split(';')[0]).join('; ');
    cookies.set(login, cookie);
  }
  return cookie;
}

/** Calls the endpoint and returns the statements it sent. */
async function statementsOf(login: string, url: string, body?: object) {
  const cookie = await cookieOf(login);
  database.queryCounter.log = [];
  try {
    const r = await app.inject({ method: body ? 'POST' : 'GET', url, headers: { cookie }, payload: body });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return database.queryCounter.log.filter((q) => /^\s*(with|select)\b/i.test(q.sql));
  } finally {
    delete database.queryCounter.log;
  }
}

type Query = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** Runs `work` on one connection with sequential scans disabled. */
async function withoutSeqScans<T>(work: (query: Query) => Promise<T>): Promise<T> {
  if (database.pglite) {
    const pglite = database.pglite;
    const query: Query = (text, params) => pglite.query(text, params);
    await query('set enable_seqscan = off');
    try {
      return await work(query);
    } finally {
      await query('reset enable_seqscan');
    }
  }
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const client = await pool.connect();
  try {
    const { rows } = await client.query('show plan_cache_mode');
    expect(rows[0]).toEqual({ plan_cache_mode: 'force_generic_plan' });
    await client.query('set enable_seqscan = off');
    return await work((text, params) => client.query(text, params));
  } finally {
    await client.query('reset enable_seqscan');
    client.release();
  }
}

/** How pg turns a parameter into text (arrays into array literals); not in its type declarations. */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/** EXECUTE's arguments cannot be parameters of the EXPLAIN around it: literals, as pg sends them. */
function executeArgs(params: unknown[]): string {
  return params.map((p) => (p === null ? 'null' : pg.escapeLiteral(String(prepareValue(p))))).join(', ');
}

/** Rows the plan's nodes read from `table`, over all their loops (EXPLAIN ANALYZE). */
function rowsRead(nodes: PlanNode[], table: string): number {
  let rows = 0;
  for (const n of nodes)
    if (n['Relation Name'] === table) rows += (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1);
  return rows;
}

async function planOf(query: Query, text: string, params: unknown[]): Promise<PlanNode> {
  const { rows } = await query(text, params);
  const plan = rows[0]!['QUERY PLAN'] as [{ Plan: PlanNode }] | string;
  return (typeof plan === 'string' ? (JSON.parse(plan) as [{ Plan: PlanNode }]) : plan)[0].Plan;
}

/**
 * Sequential scans of large tables in each statement's plan for its values and, as the server
 * runs it (a named statement on a connection that forces generic plans, database.ts), in its
 * generic plan: one plan for any values, which must find its rows through indexes too.
 */
async function scansOf(statements: { sql: string; params: unknown[] }[]) {
  return withoutSeqScans(async (query) => {
    const found: { sql: string; plan: 'custom' | 'generic'; tables: string[] }[] = [];
    const report = (s: { sql: string }, plan: 'custom' | 'generic', node: PlanNode) => {
      const tables = seqScans(node);
      if (tables.length > 0) found.push({ sql: s.sql.replace(/\s+/g, ' ').slice(0, 240), plan, tables });
    };
    for (const s of statements) {
      report(s, 'custom', await planOf(query, `explain (format json) ${s.sql}`, s.params));
      if (s.params.length === 0) continue;
      await query(`prepare explained as ${s.sql}`);
      try {
        const args = executeArgs(s.params);
        report(s, 'generic', await planOf(query, `explain (format json) execute explained(${args})`, []));
      } finally {
        await query('deallocate explained');
      }
    }
    return found;
  });
}

beforeAll(async () => {
  ({ app, database } = await getTestApp());
  fixture = await generateCompany(database.db, 300);
  reviews = await generateReviewRound(database.db, fixture);
}, 120_000);

describe('indexes behind the benchmarked endpoints', () => {
  it('serves every statement of the hot endpoints from an index', async () => {
    const c = fixture.cycleId;
    const employee = fixture.employeeLogins[0]!;
    const mine = await app.inject({
      method: 'GET',
      url: `/api/v1/goals?scope=mine&cycleId=${c}`,
      headers: { cookie: await cookieOf(employee) },
    });
    const kr = (mine.json() as { items: { keyResults: { id: string }[] }[] }).items[0]!.keyResults[0]!.id;
    const roots = await app.inject({
      method: 'GET',
      url: `/api/v1/goals/tree?cycleId=${c}`,
      headers: { cookie: await cookieOf(fixture.hr) },
    });
    const company = (roots.json() as { items: { id: string; level: string; childCount: number }[] })
      .items[0]!;
    expect(company).toMatchObject({ level: 'company' });
    expect(company.childCount).toBeGreaterThan(0);
    const form = reviews.managerReviews[0]!;
    const endpoints: [string, string, object?][] = [
      [fixture.hr, `/api/v1/goals/tree?cycleId=${c}`],
      [fixture.manager, `/api/v1/goals/tree?cycleId=${c}`],
      [fixture.hr, `/api/v1/goals/tree?cycleId=${c}&parentId=${company.id}`],
      [fixture.head, `/api/v1/goals/tree?cycleId=${c}&parentId=${company.id}`],
      [employee, `/api/v1/goals?scope=mine&cycleId=${c}`],
      [fixture.manager, `/api/v1/goals/team?cycleId=${c}`],
      [fixture.manager, `/api/v1/dashboards/team?cycleId=${c}`],
      [fixture.head, `/api/v1/dashboards/department?cycleId=${c}&departmentId=${fixture.headDepartmentId}`],
      [fixture.manager, `/api/v1/alerts?view=team&cycleId=${c}`],
      [fixture.hr, '/api/v1/employees?q=%E7%8E%8B&limit=50'],
      [employee, `/api/v1/key-results/${kr}`],
      [employee, `/api/v1/key-results/${kr}/check-ins?limit=20`],
      [fixture.hr, `/api/v1/goals?cycleId=${c}&departmentId=${fixture.goalsDepartmentId}&limit=500`],
      [employee, `/api/v1/key-results/${kr}/check-ins`, { value: 50, confidence: 7, comment: 'explain' }],
      [form.login, `/api/v1/reviews/${form.reviewId}`],
      [form.login, `/api/v1/reviews/${form.reviewId}/evidence`],
      [fixture.hr, `/api/v1/review-cycles/${reviews.roundId}/participants?limit=50`],
      [fixture.hr, `/api/v1/review-cycles/${reviews.roundId}/reviews?late=true&limit=50`],
    ];
    const unindexed: { endpoint: string; sql: string; plan: string; tables: string[] }[] = [];
    for (const [login, url, body] of endpoints) {
      const statements = await statementsOf(login, url, body);
      expect(statements.length, url).toBeGreaterThan(0);
      for (const f of await scansOf(statements)) unindexed.push({ endpoint: url, ...f });
    }
    expect(unindexed).toEqual([]);
  }, 120_000);

  it("opens one goal or key result without reading the caller's whole reach", async () => {
    // The company's head may see every goal; a statement that built their reach (reportsOf)
    // read every employee of the company to answer for one goal (322 of 301 here, some twice).
    // Walking up from the goal reads the owner's managers and department chain: 3 to 17 rows.
    const mine = await app.inject({
      method: 'GET',
      url: `/api/v1/goals?scope=mine&cycleId=${fixture.cycleId}`,
      headers: { cookie: await cookieOf(fixture.employeeLogins[0]!) },
    });
    const goal = (mine.json() as { items: { id: string; keyResults: { id: string }[] }[] }).items[0]!;
    const kr = goal.keyResults[0]!.id;
    // Plans as for a company whose statistics are known (autovacuum may not have analyzed the
    // generated one yet): once, a statement chose to read the tenant's employees whole.
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    await pool.query('analyze employees, departments, goals, key_results');
    const read: Record<string, number> = {};
    for (const url of [
      `/api/v1/goals/${goal.id}`,
      `/api/v1/goals/${goal.id}/progress?date=2026-09-14`,
      `/api/v1/key-results/${kr}`,
      `/api/v1/key-results/${kr}/check-ins?limit=20`,
    ]) {
      const statements = await statementsOf(fixture.head, url);
      // As for 100,000 people: a table of 300 is read whole (a scan of the tenant's rows for a hash
      // or bitmap) where an index would read a few rows; in CI a join to the goal's owner did so once.
      read[url] = await withoutSeqScans(async (query) => {
        const planners = ['enable_bitmapscan', 'enable_hashjoin', 'enable_mergejoin'];
        for (const p of planners) await query(`set ${p} = off`);
        try {
          let rows = 0;
          for (const s of statements) {
            const plan = await planOf(query, `explain (analyze, format json) ${s.sql}`, s.params);
            rows += rowsRead(nodesOf(plan), 'employees');
          }
          return rows;
        } finally {
          for (const p of planners) await query(`reset ${p}`);
        }
      });
    }
    for (const [url, rows] of Object.entries(read)) expect(rows, url).toBeLessThan(fixture.employees / 10);
  });

  it("reads a review form's evidence without counting the cycle's goals", async () => {
    // The evidence read its cycle with the goal count the cycle list shows (findCycle): every goal
    // of the cycle counted for one ratee's form, 11 ms of a 19 ms request at 10,000 people.
    const form = reviews.managerReviews[0]!;
    const statements = await statementsOf(form.login, `/api/v1/reviews/${form.reviewId}/evidence`);
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    await pool.query('analyze goals, reviews, review_participants');
    let goalsRead = 0;
    for (const s of statements) {
      const plan = await pool.query(`explain (analyze, format json) ${s.sql}`, s.params);
      goalsRead += rowsRead(nodesOf((plan.rows[0]!['QUERY PLAN'] as [{ Plan: PlanNode }])[0].Plan), 'goals');
    }
    // The ratee's own goals, read a few times (attainment, the goal list, key events' titles).
    expect(goalsRead).toBeGreaterThan(0);
    expect(goalsRead).toBeLessThan(fixture.goals / 10);
  });

  it('tells whether each listed person heads a department without reading every department', async () => {
    // It was an EXISTS that the generic plan hashed: every department of the company read for each
    // page (3,239 at 100,000 people). Now one probe of (tenant, head) per listed person.
    const statements = await statementsOf(fixture.hr, '/api/v1/employees?q=%E7%8E%8B&limit=50');
    const list = statements.filter((s) => /from employees e/.test(s.sql));
    expect(list).toHaveLength(1);
    const { sql: text, params } = list[0]!;
    const { read, listed } = await withoutSeqScans(async (query) => {
      await query(`prepare listed as ${text}`);
      try {
        const plan = await planOf(
          query,
          `explain (analyze, format json) execute listed(${executeArgs(params)})`,
          [],
        );
        // The rows of departments read by the statement's subqueries (the head check is one).
        const inSubPlans = nodesOf(plan)
          .filter((n) => n['Parent Relationship'] === 'SubPlan')
          .flatMap((n) => nodesOf(n));
        return { read: rowsRead(inSubPlans, 'departments'), listed: plan['Actual Rows'] ?? 0 };
      } finally {
        await query('deallocate listed');
      }
    });
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(fixture.departments);
    // The departments the listed people head, found by their index: at most one row each here.
    expect(read).toBeLessThanOrEqual(listed);
  });

  it('replays a key result at a past instant with one index-only probe, without a sort', async () => {
    const mine = await app.inject({
      method: 'GET',
      url: `/api/v1/goals?scope=mine&cycleId=${fixture.cycleId}`,
      headers: { cookie: await cookieOf(fixture.employeeLogins[0]!) },
    });
    const goal = (mine.json() as { items: { id: string }[] }).items[0]!.id;
    const statements = await statementsOf(
      fixture.employeeLogins[0]!,
      `/api/v1/goals/${goal}/progress?date=2026-09-14`,
    );
    const replay = statements.filter((s) => /from check_ins/.test(s.sql));
    expect(replay).toHaveLength(1);
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    // Vacuumed as autovacuum keeps a live company: the check-in posted by the test above, or by
    // other test workers sharing this database, may have landed on a page of this company's
    // check-ins and taken that page's all-visible mark away.
    await pool.query('vacuum check_ins');
    const { rows } = await pool.query(`explain (analyze, format json) ${replay[0]!.sql}`, replay[0]!.params);
    const nodes = nodesOf((rows[0]!['QUERY PLAN'] as [{ Plan: PlanNode }])[0].Plan);
    const probe = nodes.find((n) => n['Relation Name'] === 'check_ins');
    // No heap page is read.
    expect(probe).toMatchObject({
      'Node Type': 'Index Only Scan',
      'Index Name': 'check_ins_tenant_kr_at_id_idx',
      'Heap Fetches': 0,
    });
    expect(nodes.map((n) => n['Node Type'])).not.toContain('Sort');
  });
});
