import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { employees, roleAssignments } from '../src/db/schema.ts';
import { TenantScope } from '../src/db/tenant-scope.ts';
import { createTenant } from '../src/modules/setup/tenant.service.ts';
import { hashPassword } from '../src/shared/crypto.ts';

let databasePromise: Promise<Database> | null = null;

/** One database per test worker, on the engine of the vitest project (PGlite or PostgreSQL). */
export function getTestDatabase(): Promise<Database> {
  databasePromise ??= (async () => {
    if (process.env.TEST_DB_ENGINE === 'postgres') {
      return openDatabase({ engine: 'postgres', url: inject('postgresUrl'), poolSize: 5 });
    }
    const dump = readFileSync(inject('pgliteDumpPath'));
    return openDatabase({ engine: 'pglite', dataDir: null, loadDataDir: new Blob([dump]) });
  })();
  return databasePromise;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', PERFLOOP_DEMO: '0', LOG_LEVEL: 'silent' }, { dotenv: false }),
    webDistDir: '/nonexistent',
    ...overrides,
  };
}

/** The app's clock in tests: a fixed instant when set, the real time otherwise. */
export const testClock: { now: Date | null } = { now: null };

/** Fixes "now" for the app (an ISO instant or a YYYY-MM-DD noon in Shanghai); null restores the real clock. */
export function setTestClock(at: string | null) {
  testClock.now = at === null ? null : new Date(at.length === 10 ? `${at}T12:00:00+08:00` : at);
}

let appPromise: Promise<{ app: FastifyInstance; database: Database }> | null = null;

/** The app over the worker's database; tests isolate themselves by creating their own tenants. */
export function getTestApp(): Promise<{ app: FastifyInstance; database: Database }> {
  appPromise ??= (async () => {
    const database = await getTestDatabase();
    const app = await buildApp({
      config: testConfig(),
      database,
      logger: false,
      clock: () => testClock.now ?? new Date(),
    });
    await app.ready();
    return { app, database };
  })();
  return appPromise;
}

let counter = 0;
/** A string unique within this test run (worker pid + counter + time). */
export function unique(prefix = 'x'): string {
  counter += 1;
  return `${prefix}${process.pid}${counter}${Date.now() % 100_000}`;
}

export const TEST_PASSWORD = 'Perfloop2026ok';
let passwordHash: Promise<string> | null = null;
function testPasswordHash() {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
}

export type TestTenant = {
  tenantId: string;
  slug: string;
  rootId: string;
  admin: { id: string; login: string };
  scope: TenantScope;
};

/** A fresh tenant with its root department and an HR/system admin who can sign in. */
export async function buildTenant(database: Database, name = '测试公司'): Promise<TestTenant> {
  const slug = unique('t');
  const login = `${slug}-admin@example.com`;
  const { tenant, root, admin } = await createTenant(database.db, {
    name,
    slug,
    admin: { employeeNo: 'ADMIN', name: '管理员', email: login, password: TEST_PASSWORD },
  });
  return {
    tenantId: tenant.id,
    slug,
    rootId: root.id,
    admin: { id: admin.id, login },
    scope: new TenantScope(database.db, tenant.id),
  };
}

/** Inserts an employee directly (with a password, so they can sign in). */
export async function buildEmployee(
  tenant: TestTenant,
  overrides: Partial<typeof employees.$inferInsert> & {
    roles?: ('hr_admin' | 'hrbp' | 'system_admin')[];
    hrbpDepartmentIds?: string[];
  } = {},
) {
  const { roles = [], hrbpDepartmentIds = [], ...fields } = overrides;
  const employeeNo = fields.employeeNo ?? unique('E');
  const [row] = await tenant.scope.db
    .insert(employees)
    .values(
      tenant.scope.values({
        employeeNo,
        name: `员工${employeeNo}`,
        email: `${employeeNo.toLowerCase()}@example.com`,
        departmentId: tenant.rootId,
        passwordHash: await testPasswordHash(),
        ...fields,
      }),
    )
    .returning();
  for (const role of roles) {
    await tenant.scope.db.insert(roleAssignments).values(
      tenant.scope.values({
        employeeId: row!.id,
        role,
        departmentIds: role === 'hrbp' ? hrbpDepartmentIds : [],
      }),
    );
  }
  return { ...row!, login: row!.email! };
}

/** Signs in through the API and returns the cookie header for later requests. */
export async function signIn(
  app: FastifyInstance,
  login: string,
  password = TEST_PASSWORD,
  tenant?: string,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password, tenant },
    remoteAddress: `10.${counter % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'pf_session');
  return `pf_session=${cookie!.value}`;
}

export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return response.json() as T;
}

/** Whether a statement is the look-up of a signed-in caller's session (auth.repository). */
export function readsSession(text: string): boolean {
  return /\bfrom sessions s\b/.test(text);
}

/**
 * The statements `work` sends, without the session look-up: whether a signed-in caller comes from
 * memory depends on the writes of the other test workers sharing the PostgreSQL database (each
 * one makes every server process forget the callers it holds).
 */
export async function statementsOf(database: Database, work: () => Promise<unknown>): Promise<string[]> {
  const log: { sql: string; params: unknown[] }[] = [];
  database.queryCounter.log = log;
  try {
    await work();
  } finally {
    delete database.queryCounter.log;
  }
  return log.map((q) => q.sql).filter((text) => !readsSession(text));
}
