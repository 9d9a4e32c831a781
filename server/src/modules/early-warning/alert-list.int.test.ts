import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildCycle, buildSalesTeam, createGoal, seedGoalBody } from '../../../test/goals.ts';
import { buildTenant, getTestApp, json, signIn } from '../../../test/helpers.ts';
import { departmentAndBelow, peopleOfDepartments, reportsOf } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import { selectAlerts } from './alert.repository.ts';

const { app, database } = await getTestApp();

/**
 * 王总's line (李经理, 张三, 赵六) and an outsider each own a goal with alerts opened a minute apart,
 * open and resolved, in this cycle and in another.
 */
async function company() {
  const tenant = await buildTenant(database);
  const team = await buildSalesTeam(tenant);
  const cycle = await buildCycle(tenant);
  const other = await buildCycle(tenant, {
    name: '2026年第二季度',
    startDate: '2026-04-01',
    endDate: '2026-06-30',
  });
  const t = tenant.tenantId;
  const owners = [team.manager, team.zhangsan, team.peer, team.outsider, team.head];
  const goals = new Map<string, string>();
  for (const person of owners) {
    const cookie = await signIn(app, person.login);
    goals.set(person.id, (await createGoal(app, cookie, seedGoalBody(cycle.id))).id);
  }
  let minute = 0;
  const alertOf = new Map<string, string>();
  for (const person of owners)
    for (const [rule, status, cycleId] of [
      ['pace', 'open', cycle.id],
      ['stale', 'open', cycle.id],
      ['pace', 'resolved', cycle.id],
      ['stale', 'resolved', other.id],
    ] as const) {
      minute += 1;
      const [row] = rowsOf<{ id: string }>(
        await database.db.execute(sql`
          insert into alerts (tenant_id, goal_id, cycle_id, rule, status, opened_on, created_at)
          values (${t}, ${goals.get(person.id)!}, ${cycleId}, ${rule}, ${status}, '2026-08-03',
            '2026-08-03T00:00:00Z'::timestamptz + make_interval(mins => ${minute}))
          returning id`),
      );
      alertOf.set(`${person.name} ${rule} ${status} ${cycleId === cycle.id ? 'q3' : 'q2'}`, row!.id);
    }
  return { tenant, team, cycle, alertOf };
}

describe('the alerts of a reporting line', () => {
  it('are the same page, newest first, whether found through each person or by walking the alerts', async () => {
    const { tenant, team, cycle, alertOf } = await company();
    const expected = ['赵六', '张三', '李经理'].flatMap((name) => [
      alertOf.get(`${name} stale open q3`),
      alertOf.get(`${name} pace open q3`),
    ]);
    const people = { people: reportsOf(tenant.tenantId, team.head.id), cycleId: cycle.id };
    const where = sql`a.cycle_id = ${cycle.id} and a.status = 'open'`;
    for (const peopleLookedUp of [0, 1_000]) {
      const all = await selectAlerts(tenant.scope, people, where, 50, peopleLookedUp);
      expect(
        all.map((a) => a.id),
        `threshold ${peopleLookedUp}`,
      ).toEqual(expected);
      const page = await selectAlerts(tenant.scope, people, where, 4, peopleLookedUp);
      expect(page.map((a) => a.id)).toEqual(expected.slice(0, 4));
      expect(page[0]).toMatchObject({ owner_name: '赵六', department_name: '销售部', rule: 'stale' });
    }
  });

  it("of a department are its people's and its own goals', the same page either way", async () => {
    const { tenant, team, cycle, alertOf } = await company();
    const t = tenant.tenantId;
    // A department goal of 销售部 without an owner, with the newest alert.
    const [own] = rowsOf<{ id: string }>(
      await database.db.execute(sql`
        with goal as (
          insert into goals
          select (jsonb_populate_record(null::goals, to_jsonb(g) || jsonb_build_object('id', gen_random_uuid(),
            'owner_id', null, 'level', 'department', 'department_id', ${team.sales.id}::uuid))).*
          from goals g where g.tenant_id = ${t} and g.owner_id = ${team.zhangsan.id}
          returning id
        )
        insert into alerts (tenant_id, goal_id, cycle_id, rule, status, opened_on, created_at)
        select ${t}, id, ${cycle.id}, 'pace', 'open', '2026-08-10', '2026-08-10T00:00:00Z' from goal
        returning id`),
    );
    const departments = departmentAndBelow(t, team.sales.id);
    const source = { people: peopleOfDepartments(t, departments), cycleId: cycle.id, departments };
    const where = sql`a.cycle_id = ${cycle.id} and a.status = 'open'`;
    const expected = [
      own!.id,
      ...['赵六', '张三', '李经理'].flatMap((name) => [
        alertOf.get(`${name} stale open q3`),
        alertOf.get(`${name} pace open q3`),
      ]),
    ];
    for (const peopleLookedUp of [0, 1_000])
      expect(
        (await selectAlerts(tenant.scope, source, where, 50, peopleLookedUp)).map((a) => a.id),
        `threshold ${peopleLookedUp}`,
      ).toEqual(expected);
    const cookie = await signIn(app, team.head.login);
    const viaApi = json<{ items: { id: string }[] }>(
      await app.inject({
        url: `/api/v1/alerts?view=department&departmentId=${team.sales.id}&cycleId=${cycle.id}`,
        headers: { cookie },
      }),
    );
    expect(viaApi.items.map((a) => a.id)).toEqual(expected);
  });

  it("of the head of the only reporting tree are everyone's but theirs: the same page as their whole line", async () => {
    const { tenant, team, cycle } = await company();
    const t = tenant.tenantId;
    const cookie = await signIn(app, team.head.login);
    const viaApi = async () =>
      json<{ items: { id: string; ownerName: string }[] }>(
        await app.inject({ url: `/api/v1/alerts?view=team&cycleId=${cycle.id}`, headers: { cookie } }),
      ).items;
    // Others head trees of their own (the admin, 外人, the HRBP): the line is 李经理's team.
    expect(new Set((await viaApi()).map((a) => a.ownerName))).toEqual(new Set(['李经理', '张三', '赵六']));
    // Everyone else reports up to 王总, who reports to the admin.
    await database.db.execute(
      sql`update employees set manager_id = ${team.head.id}
        where tenant_id = ${t} and manager_id is null and id not in (${team.head.id}, ${tenant.admin.id})`,
    );
    await database.db.execute(
      sql`update employees set manager_id = ${tenant.admin.id} where tenant_id = ${t} and id = ${team.head.id}`,
    );
    const items = await viaApi();
    expect(new Set(items.map((a) => a.ownerName))).toEqual(new Set(['李经理', '张三', '赵六', '外人']));
    const where = sql`a.cycle_id = ${cycle.id} and a.status = 'open'`;
    const walked = await selectAlerts(
      tenant.scope,
      { people: reportsOf(t, team.head.id), cycleId: cycle.id },
      where,
      51,
      0,
    );
    expect(items.map((a) => a.id)).toEqual(walked.map((a) => a.id));
  });

  it('page through the API the same way, with a cursor', async () => {
    const { team, cycle, alertOf } = await company();
    const cookie = await signIn(app, team.head.login);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: LightMyRequestResponse = await app.inject({
        url: `/api/v1/alerts?view=team&cycleId=${cycle.id}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        headers: { cookie },
      });
      expect(r.statusCode, r.body).toBe(200);
      const body: { items: { id: string }[]; nextCursor: string | null } = json(r);
      seen.push(...body.items.map((a) => a.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(
      ['赵六', '张三', '李经理'].flatMap((name) => [
        alertOf.get(`${name} stale open q3`),
        alertOf.get(`${name} pace open q3`),
      ]),
    );
    const resolved = json<{ items: { id: string }[] }>(
      await app.inject({
        url: `/api/v1/alerts?view=team&cycleId=${cycle.id}&status=resolved&employeeId=${team.zhangsan.id}`,
        headers: { cookie },
      }),
    );
    expect(resolved.items.map((a) => a.id)).toEqual([alertOf.get('张三 pace resolved q3')]);
  });

  it("on the team dashboard are the members' own, however many newer ones the rest of the line has", async () => {
    const { tenant, team, cycle, alertOf } = await company();
    const t = tenant.tenantId;
    // 60 more goals of 张三 (below the members, 李经理's report) with alerts newer than any other.
    await database.db.execute(sql`
      with copies as (
        insert into goals
        select (jsonb_populate_record(null::goals, to_jsonb(g) || jsonb_build_object('id', gen_random_uuid()))).*
        from goals g cross join generate_series(1, 60)
        where g.tenant_id = ${t} and g.owner_id = ${team.zhangsan.id}
        returning id
      )
      insert into alerts (tenant_id, goal_id, cycle_id, rule, status, opened_on, created_at)
      select ${t}, id, ${cycle.id}, 'pace', 'open', '2026-08-10', '2026-08-10T00:00:00Z' from copies`);
    const cookie = await signIn(app, team.head.login);
    const dashboard = json<{ members: { name: string }[]; openAlerts: { id: string }[] }>(
      await app.inject({ url: `/api/v1/dashboards/team?cycleId=${cycle.id}`, headers: { cookie } }),
    );
    expect(dashboard.members.map((m) => m.name)).toEqual(['李经理']);
    expect(dashboard.openAlerts.map((a) => a.id)).toEqual([
      alertOf.get('李经理 stale open q3'),
      alertOf.get('李经理 pace open q3'),
    ]);
  });
});
