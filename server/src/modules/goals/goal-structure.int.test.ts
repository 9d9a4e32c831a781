import type { Goal } from '@perfloop/core';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx, multipart } from '../../../test/files.ts';
import {
  buildApprovedGoal,
  buildCycle,
  buildSalesTeam,
  checkIn,
  createGoal,
  type GoalJson,
  seedGoalBody,
} from '../../../test/goals.ts';
import {
  buildEmployee,
  buildTenant,
  getTestApp,
  json,
  signIn,
  statementsOf,
  type TestTenant,
} from '../../../test/helpers.ts';
import { rowsOf } from '../../db/database.ts';
import { departments, goals, keyResults } from '../../db/schema.ts';

const { app, database } = await getTestApp();

type Node = {
  id: string;
  parentGoalId: string | null;
  parentKeyResultId: string | null;
  progress: number;
  title: string;
  level: string;
  childCount: number;
};

function pick<T extends object, K extends keyof T>(from: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;
}

/** One level of the tree, every page of it (`limit` small to cross pages). */
async function treeLevel(cookie: string, query: string, limit = 2): Promise<Node[]> {
  const nodes: Node[] = [];
  let cursor: string | null = null;
  do {
    const r: Awaited<ReturnType<typeof app.inject>> = await app.inject({
      url: `/api/v1/goals/tree?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      headers: { cookie },
    });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    const page: { items: Node[]; nextCursor: string | null } = json(r);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    nodes.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return nodes;
}

/**
 * The whole tree as a client builds it: the roots, then each node's aligned goals where it says
 * it has some. Each goal must come exactly once, under its parent, and each childCount must match.
 */
async function wholeTree(cookie: string, query: string): Promise<Node[]> {
  const all: Node[] = [];
  let level = await treeLevel(cookie, query);
  for (const root of level) expect(level.map((n) => n.id)).toContain(root.id);
  while (level.length > 0) {
    all.push(...level);
    const next: Node[] = [];
    for (const node of level) {
      const children = node.childCount > 0 ? await treeLevel(cookie, `${query}&parentId=${node.id}`) : [];
      expect(children, node.title).toHaveLength(node.childCount);
      for (const child of children) expect(child.parentGoalId).toBe(node.id);
      next.push(...children);
    }
    level = next;
  }
  expect(new Set(all.map((n) => n.id)).size, 'each goal once').toBe(all.length);
  return all;
}

describe('alignment (上下对齐) and roll-up', () => {
  let tenant: TestTenant;
  let team: Awaited<ReturnType<typeof buildSalesTeam>>;
  let hr: string;
  let head: string;
  let manager: string;
  let owner: string;
  let cycleId: string;

  beforeAll(async () => {
    tenant = await buildTenant(database);
    team = await buildSalesTeam(tenant);
    cycleId = (await buildCycle(tenant)).id;
    hr = await signIn(app, tenant.admin.login);
    head = await signIn(app, team.head.login);
    manager = await signIn(app, team.manager.login);
    owner = await signIn(app, team.zhangsan.login);
  });

  it('builds the tree from company to person; a roll-up KR follows its aligned goals, others do not', async () => {
    const company = await buildApprovedGoal(app, hr, hr, {
      ...seedGoalBody(cycleId, { level: 'company', title: '公司：华东区份额第一' }),
      keyResults: [
        { title: '华东区收入增长30%', targetValue: 30, weightBp: 5000, rollUp: true },
        { title: '客户满意度≥4.8', direction: 'at_least', startValue: 4.8, targetValue: 4.8, weightBp: 5000 },
      ],
    });
    expect(company.status).toBe('approved');
    const dept = await buildApprovedGoal(app, head, hr, {
      ...seedGoalBody(cycleId, {
        level: 'department',
        departmentId: team.sales.id,
        title: '销售部：华东区签约',
      }),
      parentKeyResultId: company.keyResults[0]!.id,
    });
    const personal = await buildApprovedGoal(app, owner, manager, {
      ...seedGoalBody(cycleId),
      parentGoalId: dept.id,
    });
    await checkIn(app, owner, personal.keyResults[0]!.id, { value: 20 }); // KR1 done: 40%
    // One level at a time: the company goal is the root, the rest hang below it.
    const roots = await treeLevel(owner, `cycleId=${cycleId}`);
    expect(roots.map((n) => [n.id, n.childCount])).toEqual([[company.id, 1]]);
    expect((await treeLevel(owner, `cycleId=${cycleId}&parentId=${company.id}`)).map((n) => n.id)).toEqual([
      dept.id,
    ]);
    const tree = await wholeTree(owner, `cycleId=${cycleId}`);
    const byId = new Map(tree.map((n) => [n.id, n]));
    expect(byId.get(dept.id)).toMatchObject({
      parentGoalId: company.id,
      parentKeyResultId: company.keyResults[0]!.id,
    });
    expect(byId.get(personal.id)).toMatchObject({ parentGoalId: dept.id });
    // KR1 done (40%) and KR3 "不低于 4.8" already met at 4.8 (30%).
    expect(byId.get(personal.id)!.progress).toBeCloseTo(0.7, 12);
    // The department goal does not roll up: the aligned personal goal leaves it at its own 0.3.
    expect(byId.get(dept.id)!.progress).toBeCloseTo(0.3, 12);
    await checkIn(app, head, dept.keyResults[0]!.id, { value: 10 }); // + 50% of KR1 (40%) → 0.5
    const company2 = (await treeLevel(hr, `cycleId=${cycleId}`)).find((n) => n.id === company.id)!;
    // Company KR1 rolls up from the department goal (0.5); KR2 (binary, met at 4.8) is 1 → 0.5·0.5 + 0.5·1.
    expect(company2.progress).toBeCloseTo(0.75, 12);

    // Each node shows what the goal itself says: the list builds whole goals, the tree reads less.
    const list = json<{ items: Goal[] }>(
      await app.inject({ url: `/api/v1/goals?cycleId=${cycleId}&limit=500`, headers: { cookie: hr } }),
    ).items;
    const nodes = await wholeTree(hr, `cycleId=${cycleId}`);
    expect(nodes.map((n) => n.id).sort()).toEqual([company.id, dept.id, personal.id].sort());
    for (const n of nodes) {
      const g = list.find((x) => x.id === n.id)!;
      expect(n, g.title).toEqual({
        ...pick(g, 'id', 'parentGoalId', 'parentKeyResultId', 'level', 'kind', 'title', 'status'),
        ...pick(g, 'ownerName', 'departmentName', 'weightBp', 'progress'),
        keyResults: g.keyResults.map((kr) => pick(kr, 'id', 'title', 'progress', 'rollUp', 'weightBp')),
        childCount: n.childCount,
      });
    }
  });

  it('starts a tree at goals whose parent is cancelled or unseen; refuses an unseen parent and a bad cursor', async () => {
    const cid = (await buildCycle(tenant, { name: '树的根' })).id;
    const company = await createGoal(app, hr, seedGoalBody(cid, { level: 'company', title: '公司目标' }));
    const dept = await createGoal(app, head, {
      ...seedGoalBody(cid, { level: 'department', departmentId: team.sales.id, title: '销售部目标' }),
      parentGoalId: company.id,
    });
    const mine = await createGoal(app, owner, {
      ...seedGoalBody(cid, { title: '张三的目标' }),
      parentGoalId: dept.id,
    });
    const outsider = await signIn(app, team.outsider.login);
    const theirs = await createGoal(app, outsider, {
      ...seedGoalBody(cid, { title: '外人的目标' }),
      parentGoalId: company.id,
    });
    // 张三 cannot see the outsider's goal: the company goal counts only his department's.
    expect((await treeLevel(owner, `cycleId=${cid}`)).map((n) => [n.title, n.childCount])).toEqual([
      ['公司目标', 1],
    ]);
    // The outsider's goal under the company goal is a root for nobody but sits under it for HR.
    expect((await treeLevel(hr, `cycleId=${cid}&parentId=${company.id}`)).map((n) => n.id).sort()).toEqual(
      [dept.id, theirs.id].sort(),
    );
    // The outsider cannot see the department goal: his view of 张三's parent is a 404.
    const unseen = await app.inject({
      url: `/api/v1/goals/tree?cycleId=${cid}&parentId=${dept.id}`,
      headers: { cookie: outsider },
    });
    expect(unseen.statusCode).toBe(404);
    // A cancelled parent drops out; what aligned to it starts a tree of its own.
    await tenant.scope.db.execute(sql`update goals set status = 'cancelled' where id = ${dept.id}`);
    expect((await treeLevel(hr, `cycleId=${cid}`)).map((n) => [n.id, n.childCount])).toEqual([
      [company.id, 1],
      [mine.id, 0],
    ]);
    for (const cursor of [['x'], ['personal', 'not a date', mine.id], ['personal', '2026-07-01', 'x']]) {
      const bad = await app.inject({
        url: `/api/v1/goals/tree?cycleId=${cid}&cursor=${Buffer.from(JSON.stringify(cursor)).toString('base64url')}`,
        headers: { cookie: hr },
      });
      expect(bad.statusCode, JSON.stringify(cursor)).toBe(400);
      expect(bad.json()).toMatchObject({ errors: [{ path: 'querystring.cursor', code: 'invalid_cursor' }] });
    }
  });

  it('filters by department: owners in it and its ownerless goals; the tree keeps company goals', async () => {
    const cid = (await buildCycle(tenant, { name: '按部门筛选' })).id;
    const company = await createGoal(app, hr, seedGoalBody(cid, { level: 'company', title: '公司目标' }));
    const dept = await createGoal(
      app,
      head,
      seedGoalBody(cid, { level: 'department', departmentId: team.sales.id, title: '销售部目标' }),
    );
    const mine = await createGoal(app, owner, seedGoalBody(cid, { title: '张三的目标' }));
    const outsider = await signIn(app, team.outsider.login);
    const elsewhere = await createGoal(app, outsider, seedGoalBody(cid, { title: '外人的目标' }));
    const list = json<{ items: { id: string }[] }>(
      await app.inject({
        url: `/api/v1/goals?cycleId=${cid}&departmentId=${team.sales.id}&limit=500`,
        headers: { cookie: hr },
      }),
    ).items.map((g) => g.id);
    expect(new Set(list)).toEqual(new Set([dept.id, mine.id]));
    const tree = (await wholeTree(hr, `cycleId=${cid}&departmentId=${team.sales.id}`)).map((n) => n.id);
    expect(new Set(tree)).toEqual(new Set([company.id, dept.id, mine.id]));
    expect(tree).not.toContain(elsewhere.id);
  });

  it('shows each person the same goals in the tree as in the list (the tree looks them up by index)', async () => {
    const cid = (await buildCycle(tenant, { name: '可见范围' })).id;
    const [rnd] = await tenant.scope.db
      .insert(departments)
      .values(tenant.scope.values({ name: '研发部', parentId: tenant.rootId }))
      .returning();
    const body = (title: string, extra: Record<string, unknown> = {}) =>
      seedGoalBody(cid, { title, ...extra });
    const company = await createGoal(app, hr, body('公司目标', { level: 'company' }));
    const rootDept = await createGoal(
      app,
      hr,
      body('总部目标', { level: 'department', departmentId: tenant.rootId }),
    );
    const salesDept = await createGoal(
      app,
      head,
      body('销售部目标', { level: 'department', departmentId: team.sales.id }),
    );
    const rndDept = await createGoal(
      app,
      hr,
      body('研发部目标', { level: 'department', departmentId: rnd!.id }),
    );
    const cookies = {
      hr,
      head,
      manager,
      zhangsan: owner,
      peer: await signIn(app, team.peer.login),
      outsider: await signIn(app, team.outsider.login),
      hrbp: await signIn(app, team.hrbp.login),
    };
    const own: Record<string, string> = {};
    for (const who of ['head', 'manager', 'zhangsan', 'peer', 'outsider'] as const)
      own[who] = (await createGoal(app, cookies[who], body(`${who}的目标`))).id;
    const idsOf = async (cookie: string, url: string) => {
      const r = await app.inject({ url, headers: { cookie } });
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      return new Set(json<{ items: { id: string }[] }>(r).items.map((g) => g.id));
    };
    const seen: Record<string, Set<string>> = {};
    for (const [who, cookie] of Object.entries(cookies)) {
      const tree = new Set((await wholeTree(cookie, `cycleId=${cid}`)).map((n) => n.id));
      expect(tree, who).toEqual(await idsOf(cookie, `/api/v1/goals?cycleId=${cid}&limit=500`));
      seen[who] = tree;
    }
    // 张三: company goals, the department goals up his chain, his own, his managers' up the line.
    expect(seen.zhangsan).toEqual(
      new Set([company.id, rootDept.id, salesDept.id, own.zhangsan, own.manager, own.head]),
    );
    // The manager also sees his reports'; the head (of 销售部) everyone in it.
    expect(seen.manager).toEqual(
      new Set([company.id, rootDept.id, salesDept.id, own.manager, own.head, own.zhangsan, own.peer]),
    );
    expect(seen.head).toEqual(
      new Set([company.id, rootDept.id, salesDept.id, own.head, own.manager, own.zhangsan, own.peer]),
    );
    // The HRBP of 销售部 sees its goals and people, not the head's (who sits in 总部) nor 研发部's.
    expect(seen.hrbp).toEqual(
      new Set([company.id, rootDept.id, salesDept.id, own.manager, own.zhangsan, own.peer]),
    );
    expect(seen.outsider).toEqual(new Set([company.id, rootDept.id, own.outsider]));
    expect(seen.hr).toContain(rndDept.id);
    expect(seen.hr!.size).toBe(9);
    // The head of 总部 heads every department: the tree takes HR's path, and shows what the list does.
    const ceo = await buildEmployee(tenant, { name: '董事长' });
    const [root] = rowsOf<{ head_id: string | null }>(
      await tenant.scope.db.execute(sql`select head_id from departments where id = ${tenant.rootId}`),
    );
    await tenant.scope.db.execute(
      sql`update departments set head_id = ${ceo.id} where id = ${tenant.rootId}`,
    );
    try {
      const cookie = await signIn(app, ceo.login);
      const tree = new Set((await wholeTree(cookie, `cycleId=${cid}`)).map((n) => n.id));
      expect(tree).toEqual(await idsOf(cookie, `/api/v1/goals?cycleId=${cid}&limit=500`));
      expect(tree).toEqual(seen.hr);
    } finally {
      await tenant.scope.db.execute(
        sql`update departments set head_id = ${root!.head_id} where id = ${tenant.rootId}`,
      );
    }
  });

  it('refuses alignment to another cycle, to itself or below itself', async () => {
    const other = await buildCycle(tenant, { name: '另一个周期' });
    const parent = await createGoal(
      app,
      head,
      seedGoalBody(other.id, { level: 'department', departmentId: team.sales.id }),
    );
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/goals',
      headers: { cookie: manager },
      payload: seedGoalBody(cycleId, { parentGoalId: parent.id, title: '跨周期' }),
    });
    expect(json(r)).toMatchObject({ status: 422, code: 'goal.alignment_invalid' });
    const top = await createGoal(app, manager, seedGoalBody(other.id, { title: '上' }));
    const child = await createGoal(app, owner, seedGoalBody(other.id, { title: '下', parentGoalId: top.id }));
    const loop = await app.inject({
      method: 'PATCH',
      url: `/api/v1/goals/${top.id}`,
      headers: { cookie: manager, 'if-match': `"${top.version}"` },
      payload: { parentGoalId: child.id },
    });
    expect(json(loop)).toMatchObject({ code: 'goal.alignment_invalid' });
  });
});

describe('bulk assignment and import', () => {
  let tenant: TestTenant;
  let team: Awaited<ReturnType<typeof buildSalesTeam>>;
  let cycleId: string;

  beforeAll(async () => {
    tenant = await buildTenant(database);
    team = await buildSalesTeam(tenant);
    cycleId = (await buildCycle(tenant)).id;
  });

  it('gives each report of a manager their own draft copy, and nobody outside their reach', async () => {
    const manager = await signIn(app, team.manager.login);
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/goals/bulk-assign',
      headers: { cookie: manager },
      payload: { ...seedGoalBody(cycleId, { title: '团队共同目标' }), target: { kind: 'team' } },
    });
    expect(r.statusCode).toBe(201);
    expect(json(r)).toMatchObject({ created: 2 });
    const owners = rowsOf<{ owner_id: string }>(
      await database.db.execute(
        sql`select owner_id from goals where tenant_id = ${tenant.tenantId} and title = '团队共同目标'`,
      ),
    ).map((row) => row.owner_id);
    expect(owners.sort()).toEqual([team.zhangsan.id, team.peer.id].sort());
    const outside = await app.inject({
      method: 'POST',
      url: '/api/v1/goals/bulk-assign',
      headers: { cookie: manager },
      payload: {
        ...seedGoalBody(cycleId),
        target: { kind: 'employees', employeeIds: [team.zhangsan.id, team.outsider.id] },
      },
    });
    expect(outside.statusCode).toBe(403);
    const hr = await signIn(app, tenant.admin.login);
    const byDepartment = await app.inject({
      method: 'POST',
      url: '/api/v1/goals/bulk-assign',
      headers: { cookie: hr },
      payload: {
        ...seedGoalBody(cycleId, { title: '部门全员目标' }),
        target: { kind: 'department', departmentId: team.sales.id },
      },
    });
    expect(json(byDepartment)).toMatchObject({ created: 3 });
  });

  it('imports the seed table from .xlsx, and imports nothing from a file with a bad row', async () => {
    const hr = await signIn(app, tenant.admin.login);
    const headers = ['工号', '员工姓名', '目标', '关键成果', '起始值', '目标值', '方向', '权重', '完成时限'];
    const good = await buildXlsx([
      headers,
      [
        team.zhangsan.employeeNo,
        '张三',
        '提升华东区市场份额',
        'KR1:新客户签约量较上季度增长20%',
        0,
        20,
        '',
        '40%',
        '9.30',
      ],
      ['', '', '', 'KR2:老客户复购率达到85%', 70, 85, '', '30%', '9.30'],
      ['', '', '', 'KR3:客户满意度评分不低于4.8/5分', 4.8, 4.8, '不低于', '30%', '9.30'],
      [team.peer.employeeNo, '赵六', '扩大渠道', '新增渠道伙伴10家', 0, 10, '', '100%', '2026-09-15'],
    ]);
    const upload = (bytes: Buffer, extra: Record<string, string> = {}, dryRun = false) => {
      const form = multipart('目标.xlsx', bytes);
      return app.inject({
        method: 'POST',
        url: `/api/v1/goals/import?cycleId=${cycleId}${dryRun ? '&dryRun=true' : ''}`,
        headers: { cookie: hr, ...form.headers, ...extra },
        payload: form.payload,
      });
    };
    const dry = await upload(good, {}, true);
    expect(json(dry)).toMatchObject({ goals: 2, keyResults: 4, dryRun: true });
    const imported = await upload(good, { 'idempotency-key': `goals-${tenant.slug}` });
    expect(imported.statusCode).toBe(201);
    const again = await upload(good, { 'idempotency-key': `goals-${tenant.slug}` });
    expect(json(again)).toEqual(json(imported));
    const zhang = json<{ items: GoalJson[] }>(
      await app.inject({
        url: `/api/v1/goals?ownerId=${team.zhangsan.id}&cycleId=${cycleId}&q=华东`,
        headers: { cookie: hr },
      }),
    ).items;
    expect(zhang).toHaveLength(1);
    expect(zhang[0]!.keyResults.map((kr) => [kr.weightBp, kr.dueDate])).toEqual([
      [4000, '2026-09-30'],
      [3000, '2026-09-30'],
      [3000, '2026-09-30'],
    ]);

    const countBefore = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from goals where tenant_id = ${tenant.tenantId}`,
      ),
    )[0]!.n;
    const bad = await buildXlsx([
      headers,
      [team.zhangsan.employeeNo, '张三', '好目标', 'KR 增长10%', 0, 10, '', '100%', '9.30'],
      ['NOSUCH', '某人', '坏目标', 'KR 增长10%', 0, 10, '', '100%', '9.30'],
      [team.peer.employeeNo, '赵六', '权重不对', 'KR 增长10%', 0, 10, '', '60%', '9.30'],
    ]);
    const refused = await upload(bad);
    expect(refused.statusCode).toBe(422);
    const body = json<{ code: string; rowErrors: { row: number; column: string; code: string }[] }>(refused);
    expect(body.code).toBe('import.invalid');
    expect(body.rowErrors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '工号', 'unknown_employee'],
      [4, '权重', 'kr_weights_sum'],
    ]);
    const countAfter = rowsOf<{ n: number }>(
      await database.db.execute(
        sql`select count(*)::int as n from goals where tenant_id = ${tenant.tenantId}`,
      ),
    )[0]!.n;
    expect(countAfter).toBe(countBefore);
    const template = await app.inject({ url: '/api/v1/goals/import-template', headers: { cookie: hr } });
    expect(template.headers['content-type']).toContain('spreadsheetml');
  });
});

describe('lists and trees cost a constant number of queries', () => {
  // It counts statements, not time: a busy machine must not fail it, so it gets a long timeout.
  it('loads a team of 200 and a tree of 5,000 goals without one query per row', {
    timeout: 180_000,
  }, async () => {
    const tenant = await buildTenant(database);
    const cycle = await buildCycle(tenant);
    const boss = await buildEmployee(tenant, { name: '大经理' });
    const reports = [];
    for (let i = 0; i < 200; i += 1) reports.push(await buildEmployee(tenant, { managerId: boss.id }));
    // 25 goals each for the 200 people: 5,000 goals with 2 KRs each, inserted in bulk.
    const goalRows = reports.flatMap((p) =>
      Array.from({ length: 25 }, (_, i) =>
        tenant.scope.values({
          cycleId: cycle.id,
          level: 'personal' as const,
          kind: 'okr' as const,
          title: `目标${i}`,
          ownerId: p.id,
          departmentId: tenant.rootId,
          weightBp: 400,
          status: 'approved' as const,
        }),
      ),
    );
    const ids: string[] = [];
    for (let i = 0; i < goalRows.length; i += 1000)
      ids.push(
        ...(
          await tenant.scope.db
            .insert(goals)
            .values(goalRows.slice(i, i + 1000))
            .returning({ id: goals.id })
        ).map((r) => r.id),
      );
    const krRows = ids.flatMap((goalId) =>
      [0, 1].map((position) =>
        tenant.scope.values({
          goalId,
          position,
          title: `KR${position}`,
          kind: 'metric' as const,
          direction: 'increase' as const,
          startValue: 0,
          targetValue: 10,
          currentValue: position === 0 ? 5 : 10,
          weightBp: 5000,
        }),
      ),
    );
    for (let i = 0; i < krRows.length; i += 1000)
      await tenant.scope.db.insert(keyResults).values(krRows.slice(i, i + 1000));

    const cookie = await signIn(app, boss.login);
    const hr = await signIn(app, tenant.admin.login);
    const count = async (cookieHeader: string, url: string) => {
      let body: { items: { attainment?: number }[] } = { items: [] };
      const statements = await statementsOf(database, async () => {
        const r = await app.inject({ url, headers: { cookie: cookieHeader } });
        expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
        body = r.json();
      });
      return { queries: statements.length, body };
    };
    const team = await count(cookie, `/api/v1/goals/team?cycleId=${cycle.id}`);
    expect(team.body.items).toHaveLength(200);
    expect(team.body.items[0]!.attainment).toBeCloseTo(0.75, 12);
    const tree = await count(hr, `/api/v1/goals/tree?cycleId=${cycle.id}&limit=500`);
    expect(tree.body.items).toHaveLength(500);
    const page = await count(hr, `/api/v1/goals?cycleId=${cycle.id}&limit=500`);
    const small = await count(hr, `/api/v1/goals?cycleId=${cycle.id}&limit=5`);
    expect(page.queries).toBe(small.queries);
    // Settings + people/goals + key results: a handful, whatever the size.
    expect(team.queries).toBeLessThanOrEqual(6);
    expect(tree.queries).toBeLessThanOrEqual(5);
  });
});

describe('the progress cap (§2, per tenant)', () => {
  it('counts over-achievement up to the configured cap in goal progress', async () => {
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant);
    const [owner, manager, hr] = [
      await signIn(app, team.zhangsan.login),
      await signIn(app, team.manager.login),
      await signIn(app, tenant.admin.login),
    ];
    const goal = await buildApprovedGoal(app, owner, manager, {
      ...seedGoalBody(cycle.id),
      keyResults: [{ title: '签约30家', targetValue: 30, weightBp: 10000 }],
    });
    await checkIn(app, owner, goal.keyResults[0]!.id, { value: 45 });
    const read = async () =>
      json<GoalJson>(await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: owner } }));
    const capped = await read();
    expect(capped.keyResults[0]!.progress).toBe(1.5);
    expect(capped.progress).toBe(1);
    const settings = await app.inject({ url: '/api/v1/settings', headers: { cookie: hr } });
    await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie: hr, 'if-match': settings.headers.etag as string },
      payload: { progressCap: 1.2 },
    });
    expect((await read()).progress).toBeCloseTo(1.2, 12);
  });
});
