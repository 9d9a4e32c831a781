import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { rowsOf } from '../src/db/database.ts';
import { upload } from './files.ts';
import { buildApprovedGoal, buildCycle, buildSalesTeam, checkIn, seedGoalBody } from './goals.ts';
import { buildTenant, type getTestApp, json, signIn, type TestTenant, unique } from './helpers.ts';

type App = FastifyInstance;
type Database = Awaited<ReturnType<typeof getTestApp>>['database'];

/** `key_results` → `keyResult`, `import_jobs` → `importJob`, `gap_analyses` → `gapAnalysis`. */
function kindOfTable(table: string): string {
  const camel = table.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
  if (camel.endsWith('ies')) return `${camel.slice(0, -3)}y`;
  if (camel.endsWith('yses')) return `${camel.slice(0, -2)}is`;
  if (camel.endsWith('s')) return camel.slice(0, -1);
  return camel;
}

/** Every tenant-owned table of the public schema (new tables are found, not listed). */
export async function tenantTables(database: Database): Promise<{ table: string; hasId: boolean }[]> {
  const rows = rowsOf<{ table_name: string; has_id: boolean }>(
    await database.db.execute(sql`
      select c.table_name, bool_or(i.column_name is not null) as has_id
      from information_schema.columns c
      join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      left join information_schema.columns i
        on i.table_name = c.table_name and i.table_schema = c.table_schema
        and i.column_name = 'id' and i.data_type = 'uuid'
      where c.table_schema = current_schema() and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
      group by c.table_name order by c.table_name`),
  );
  return rows.map((r) => ({ table: r.table_name, hasId: r.has_id }));
}

/**
 * A tenant with one of everything: a sales team, an open cycle, approved goals with key results
 * (external keys), check-ins, a goal revision, a snapshot, a follow-up, a 1:1, feedback, a gap
 * analysis, key events, an import and an API token. HR is the tenant admin; the plain employee is 赵六.
 */
export async function buildFuzzWorld(app: App, database: Database, name: string) {
  const tenant = await buildTenant(database, name);
  const team = await buildSalesTeam(tenant);
  const cycle = await buildCycle(tenant);
  const hr = await signIn(app, tenant.admin.login);
  const manager = await signIn(app, team.manager.login);
  const zhangsan = await signIn(app, team.zhangsan.login);
  const peer = await signIn(app, team.peer.login);
  const keyPrefix = unique('FUZZ');
  for (const [owner, cookie] of [
    [team.zhangsan, zhangsan],
    [team.peer, peer],
  ] as const) {
    const goal = await buildApprovedGoal(app, cookie, manager, {
      ...seedGoalBody(cycle.id),
      keyResults: [
        { title: '签约量增长20%', targetValue: 20, weightBp: 6000, externalKey: `${keyPrefix}-${owner.id}` },
        { title: '复购率85%', startValue: 70, targetValue: 85, weightBp: 4000 },
      ],
    });
    const checked = await checkIn(app, cookie, goal.keyResults[0]!.id, { value: 5, comment: '进展' });
    if (checked.statusCode !== 201) throw new Error(`check-in: ${checked.statusCode} ${checked.body}`);
  }
  // A draft goal too, which its owner and HR may still edit and delete.
  const draft = await app.inject({
    method: 'POST',
    url: '/api/v1/goals',
    headers: { cookie: zhangsan },
    payload: seedGoalBody(cycle.id, { title: '草稿目标' }),
  });
  if (draft.statusCode !== 201) throw new Error(`draft goal: ${draft.statusCode} ${draft.body}`);
  const post = async (url: string, payload: Record<string, unknown>, cookie: string) => {
    const r = await app.inject({ method: 'POST', url, headers: { cookie }, payload });
    if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return json<{ id: string }>(r);
  };
  const goals = json<{ items: { id: string; ownerId: string }[] }>(
    await app.inject({ url: `/api/v1/goals?cycleId=${cycle.id}`, headers: { cookie: hr } }),
  ).items;
  const zhangsanGoal = goals.find((g) => g.ownerId === team.zhangsan.id)!;
  await post(
    '/api/v1/goal-revisions',
    {
      goalId: zhangsanGoal.id,
      change: { kind: 'due_date', dueDate: '2026-09-20' },
      reason: '调整',
      basis: '依据',
    },
    zhangsan,
  );
  await post('/api/v1/snapshots', { date: '2026-08-03' }, hr);
  await post(
    '/api/v1/follow-ups',
    { date: '2026-08-03', employeeId: team.zhangsan.id, topic: '跟进', responsibleId: team.zhangsan.id },
    manager,
  );
  await post(
    '/api/v1/one-on-ones',
    { employeeId: team.peer.id, startsAt: '2026-08-04T10:00:00+08:00', agenda: ['议程'] },
    manager,
  );
  await post('/api/v1/feedback', { toId: team.peer.id, kind: 'praise', body: '表扬' }, manager);
  await post('/api/v1/feedback', { toId: team.zhangsan.id, kind: 'suggestion', body: '建议' }, peer);
  await post(
    '/api/v1/gap-analyses',
    {
      employeeId: team.zhangsan.id,
      cycleId: cycle.id,
      title: '差距',
      items: [{ dimension: '回款', target: 95, actual: 88, actions: ['措施'] }],
    },
    manager,
  );
  // A key event by a manager (HR may change it) and one the plain employee wrote about themself.
  await post(
    '/api/v1/key-events',
    {
      employeeId: team.zhangsan.id,
      occurredOn: '2026-08-03',
      polarity: 'positive',
      description: '签下大客户',
      goalId: zhangsanGoal.id,
    },
    manager,
  );
  await post(
    '/api/v1/key-events',
    {
      employeeId: team.peer.id,
      occurredOn: '2026-08-04',
      kind: 'behaviour',
      polarity: 'negative',
      description: '报价迟交',
    },
    peer,
  );
  const imported = await upload(app, hr, 'fuzz.csv', Buffer.from('工号,姓名,部门\nFZ1,甲,销售部\n'));
  if (imported.statusCode >= 300) throw new Error(`upload: ${imported.statusCode} ${imported.body}`);
  await post('/api/v1/api-tokens', { name: '令牌', scopes: ['org:read'] }, hr);
  return { tenant, team, cycle, personas: { hr: tenant.admin, employee: team.peer } };
}

export type FuzzWorld = Awaited<ReturnType<typeof buildFuzzWorld>>;

/**
 * The ids a tenant holds, by kind (`goal`, `keyResult`, `importJob` and `import`, …), read from
 * every tenant table, plus its key results' external keys as `key`. Ids in `exclude` (the
 * personas the suite signs in as) are left out, so no request targets the caller itself.
 */
export async function poolsOf(database: Database, tenant: TestTenant, exclude: string[]) {
  const pools: Record<string, string[]> = {};
  for (const { table, hasId } of await tenantTables(database)) {
    if (!hasId) continue;
    const rows = rowsOf<{ id: string }>(
      await database.db.execute(
        sql`select id::text as id from ${sql.identifier(table)} where tenant_id = ${tenant.tenantId} order by 1 limit 8`,
      ),
    );
    const ids = rows.map((r) => r.id).filter((id) => !exclude.includes(id));
    if (ids.length) pools[kindOfTable(table)] = ids;
  }
  if (pools.importJob) pools.import = pools.importJob;
  if (pools.apiToken) pools.token = pools.apiToken;
  const keys = rowsOf<{ key: string }>(
    await database.db.execute(
      sql`select external_key as key from key_results where tenant_id = ${tenant.tenantId} and external_key is not null`,
    ),
  );
  pools.key = keys.map((k) => k.key);
  return pools;
}
