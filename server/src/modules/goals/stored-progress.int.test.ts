import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApprovedGoal, buildCycle, buildSalesTeam, checkIn, seedGoalBody } from '../../../test/goals.ts';
import { buildTenant, getTestApp, json, setTestClock, signIn } from '../../../test/helpers.ts';
import { type Database, rowsOf } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import { progressOfRows } from './goal.progress.ts';
import { selectTenantsToFill } from './goal.repository.ts';
import { selectKeyResultMeasures } from './key-result.repository.ts';
import { fillGoalProgress } from './progress-fill.service.ts';

let app: FastifyInstance;
let database: Database;
beforeAll(async () => {
  ({ app, database } = await getTestApp());
});
afterEach(() => setTestClock(null));

type TeamRow = {
  employeeId: string;
  goalCount: number;
  approvedCount: number;
  weightTotalBp: number;
  attainment: number;
  expected: number;
  pace: number | null;
  lastCheckInAt: string | null;
};

/** 张三's approved goal: KR1 0 → 100 weighing 60%, KR2 0 → 10 weighing 40%. */
async function team() {
  const tenant = await buildTenant(database);
  const people = await buildSalesTeam(tenant);
  const cycle = await buildCycle(tenant);
  const owner = await signIn(app, people.zhangsan.login);
  const manager = await signIn(app, people.manager.login);
  const head = await signIn(app, people.head.login);
  setTestClock('2026-08-03');
  const goal = await buildApprovedGoal(
    app,
    owner,
    manager,
    seedGoalBody(cycle.id, {
      keyResults: [
        { title: '新签合同额 100 万元', startValue: 0, targetValue: 100, weightBp: 6000 },
        { title: '新客户 10 家', startValue: 0, targetValue: 10, weightBp: 4000 },
      ],
    }),
  );
  const [kr1, kr2] = goal.keyResults.map((k) => k.id) as [string, string];
  const t = tenant.tenantId;
  return {
    tenant,
    people,
    goal,
    kr1,
    kr2,
    async checkIn(krId: string, value: number) {
      const r = await checkIn(app, owner, krId, { value });
      expect(r.statusCode, r.body).toBe(201);
    },
    /** The goal's stored progress, null when it is to be computed. */
    async stored(): Promise<number | null> {
      const result = await database.db.execute(
        sql`select progress from goals where tenant_id = ${t} and id = ${goal.id}`,
      );
      return rowsOf<{ progress: number | null }>(result)[0]!.progress;
    },
    fill: () => fillGoalProgress(database.db, t),
    sql: (statement: ReturnType<typeof sql>) => database.db.execute(statement),
    /** 张三's goal as its page shows it (computed from the key results, whatever is stored). */
    async goalPage() {
      const r = await app.inject({ url: `/api/v1/goals/${goal.id}`, headers: { cookie: owner } });
      expect(r.statusCode, r.body).toBe(200);
      return json<{ progress: number; expected: number; pace: number | null; lastCheckInAt: string | null }>(
        r,
      );
    },
    /** 张三's row in 李经理's team view. */
    async teamRow() {
      const r = await app.inject({
        url: `/api/v1/goals/team?cycleId=${cycle.id}`,
        headers: { cookie: manager },
      });
      expect(r.statusCode, r.body).toBe(200);
      const items = json<{ items: TeamRow[] }>(r).items;
      return items.find((i) => i.employeeId === people.zhangsan.id)!;
    },
    /** The bucket 张三 is counted in on 销售部's dashboard. */
    async bucket(): Promise<string> {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/dashboards/department?cycleId=${cycle.id}&departmentId=${people.sales.id}`,
        headers: { cookie: head },
      });
      expect(r.statusCode, r.body).toBe(200);
      const d = json<{ people: number; distribution: { bucket: string; people: number }[] }>(r);
      expect(d.people).toBe(1);
      return d.distribution.find((b) => b.people === 1)!.bucket;
    },
  };
}

describe('stored goal progress', () => {
  it('is filled batch after batch in id order, every goal once, however the batches fall', async () => {
    const q = await team();
    const t = q.tenant.tenantId;
    // Five goals whose progress is to be filled: the team's, and four copies of it with their KRs.
    await q.sql(sql`
      with copies as (
        insert into goals (id, tenant_id, cycle_id, level, kind, title, description, owner_id, department_id,
          weight_bp, due_date, status, created_by_id)
        select gen_random_uuid(), tenant_id, cycle_id, level, kind, title || n, description, owner_id, department_id,
          weight_bp, due_date, status, created_by_id
        from goals cross join generate_series(1, 4) n where tenant_id = ${t} and id = ${q.goal.id}
        returning id
      )
      insert into key_results (tenant_id, goal_id, position, title, kind, direction, start_value, target_value,
        current_value, weight_bp)
      select k.tenant_id, c.id, k.position, k.title, k.kind, k.direction, k.start_value, k.target_value,
        k.start_value + 5, k.weight_bp
      from copies c cross join key_results k where k.tenant_id = ${t} and k.goal_id = ${q.goal.id}`);
    await q.sql(sql`update goals set progress = null where tenant_id = ${t}`);
    for (const batch of [2, 5, 1]) {
      expect(await fillGoalProgress(database.db, t, batch), `batch ${batch}`).toBe(5);
      const unfilled = await q.sql(
        sql`select count(*)::int as n from goals where tenant_id = ${t} and progress is null`,
      );
      expect(rowsOf<{ n: number }>(unfilled)[0]!.n).toBe(0);
      expect(await fillGoalProgress(database.db, t, batch)).toBe(0);
      await q.sql(sql`update goals set progress = null where tenant_id = ${t}`);
    }
  });

  it('is filled from the key results, read by the department dashboard, and forgotten by a check-in', async () => {
    const q = await team();
    await q.checkIn(q.kr1, 50);
    // Not stored yet: the dashboard computes 60% × 0.5 = 30%.
    expect(await q.stored()).toBeNull();
    expect(await q.bucket()).toBe('20-40');

    expect(await q.fill()).toBeGreaterThanOrEqual(1);
    expect(await q.stored()).toBeCloseTo(0.3, 12);
    expect(await q.bucket()).toBe('20-40');
    // The dashboard takes the stored number as it is (this is what spares it the key results).
    await q.sql(sql`update goals set progress = 0.9 where id = ${q.goal.id}`);
    expect(await q.bucket()).toBe('80-100');

    // A check-in forgets it at once, so the dashboard is never behind: 30% + 40% × 1 = 70%.
    await q.checkIn(q.kr2, 10);
    expect(await q.stored()).toBeNull();
    expect(await q.bucket()).toBe('60-80');
    await q.fill();
    expect(await q.stored()).toBeCloseTo(0.7, 12);
    expect(await q.fill()).toBe(0);
  });

  it('is what the team view reads: stored as it is, computed where not, rolled up, on the key results’ spans', async () => {
    const q = await team();
    setTestClock('2026-08-20');
    /** 张三's one goal weighs 100%: his attainment, expected progress and pace are the goal's. */
    const agrees = async (label: string) => {
      const [page, row] = [await q.goalPage(), await q.teamRow()];
      expect(row, label).toMatchObject({ goalCount: 1, approvedCount: 1, weightTotalBp: 10000 });
      expect(row.attainment, label).toBeCloseTo(page.progress, 12);
      expect(row.expected, label).toBeCloseTo(page.expected, 12);
      expect(row.pace, label).toBeCloseTo(page.pace!, 12);
      expect(row.lastCheckInAt, label).toBe(page.lastCheckInAt);
      return row;
    };
    expect((await agrees('no check-in yet')).lastCheckInAt).toBeNull();
    await q.checkIn(q.kr1, 50);
    expect(await q.stored()).toBeNull();
    const computed = await agrees('not stored');
    expect(computed.attainment).toBeCloseTo(0.3, 12);
    expect(computed.lastCheckInAt).not.toBeNull();
    // The cycle runs 7.1–9.30 and the goal is due 9.30: 50 of 91 days on 8.20.
    expect(computed.expected).toBeCloseTo(50 / 91, 12);

    await q.fill();
    expect(await q.stored()).toBeCloseTo(0.3, 12);
    await agrees('stored');
    await q.sql(sql`update goals set progress = 0.9 where id = ${q.goal.id}`);
    expect((await q.teamRow()).attainment).toBeCloseTo(0.9, 12);
    await q.sql(sql`update goals set progress = null where id = ${q.goal.id}`);

    // KR1 starts 8.10 (10 of its 51 days), KR2 is due 8.31 (50 of its 61).
    await q.sql(sql`update key_results set start_date = '2026-08-10' where id = ${q.kr1}`);
    await q.sql(sql`update key_results set due_date = '2026-08-31' where id = ${q.kr2}`);
    expect((await agrees('their own spans')).expected).toBeCloseTo(0.6 * (10 / 51) + 0.4 * (50 / 61), 12);

    // A roll-up KR's goal is never stored: its progress follows the goals aligned to it, here
    // 赵六's, whose one KR is met: KR1 counts 100% (60%), KR2 nothing yet.
    await q.sql(sql`
      with aligned as (
        insert into goals (tenant_id, cycle_id, level, kind, title, owner_id, department_id, weight_bp,
          due_date, status, created_by_id, parent_key_result_id)
        select tenant_id, cycle_id, level, kind, '对齐的目标', ${q.people.peer.id}, department_id, weight_bp,
          due_date, 'approved', created_by_id, ${q.kr1}
        from goals where id = ${q.goal.id}
        returning id, tenant_id
      )
      insert into key_results (tenant_id, goal_id, position, title, kind, direction, start_value, target_value,
        current_value, weight_bp)
      select tenant_id, id, 0, '达成', 'metric', 'increase', 0, 10, 10, 10000 from aligned`);
    await q.sql(sql`update key_results set roll_up = true where id = ${q.kr1}`);
    await q.fill();
    expect(await q.stored()).toBeNull();
    expect((await agrees('rolled up')).attainment).toBeCloseTo(0.6, 12);
  });

  it('is forgotten by every key-result write that changes what progress reads, in plain SQL too', async () => {
    const q = await team();
    await q.fill();
    const known = await q.stored();
    expect(known).toBe(0);
    // Neither a title nor a confidence changes progress.
    await q.sql(
      sql`update key_results set title = '新签合同额 120 万元', confidence = 3 where id = ${q.kr1}`,
    );
    expect(await q.stored()).toBe(0);

    await q.sql(sql`update key_results set target_value = 200 where id = ${q.kr1}`);
    expect(await q.stored()).toBeNull();
    await q.fill();
    await q.sql(sql`update key_results set weight_bp = 5000 where id = ${q.kr2}`);
    expect(await q.stored()).toBeNull();
    await q.fill();
    await q.sql(sql`
      insert into key_results (tenant_id, goal_id, position, title, kind, direction, start_value, target_value,
        current_value, weight_bp)
      values (${q.tenant.tenantId}, ${q.goal.id}, 3, '回款率 90%', 'metric', 'increase', 0, 90, 90, 1000)`);
    expect(await q.stored()).toBeNull();
    await q.fill();
    // KR1 0 of 200 and KR2 0 of 10; the new KR is at its target: 1000 of the 12000 weight.
    expect(await q.stored()).toBeCloseTo(1000 / 12000, 12);
    await q.sql(sql`delete from key_results where goal_id = ${q.goal.id} and position = 3`);
    expect(await q.stored()).toBeNull();
    await q.fill();
    expect(await q.stored()).toBe(0);
  });

  it('is never stored for a goal with a roll-up key result, whose progress follows other goals', async () => {
    const q = await team();
    await q.fill();
    await q.sql(sql`update key_results set roll_up = true where id = ${q.kr1}`);
    expect(await q.stored()).toBeNull();
    expect(await q.fill()).toBe(0);
    expect(await q.stored()).toBeNull();
    // Nor does the background fill keep coming back to its company for it.
    expect(await selectTenantsToFill(database.db)).not.toContain(q.tenant.tenantId);
  });

  it('stores what core computes from the key results, for every kind, direction and edge', async () => {
    const q = await team();
    const t = q.tenant.tenantId;
    const cases: [string, ReturnType<typeof sql>][] = [
      ['above target, capped', sql`kind = 'metric', direction = 'increase', current_value = 150`],
      ['below start', sql`kind = 'metric', direction = 'increase', current_value = -20`],
      [
        'decrease',
        sql`kind = 'metric', direction = 'decrease', start_value = 10, target_value = 2, current_value = 7`,
      ],
      [
        'target equal to start',
        sql`kind = 'metric', direction = 'at_most', start_value = 5, target_value = 5, current_value = 4`,
      ],
      ['no current value', sql`kind = 'metric', direction = 'increase', current_value = null`],
      ['milestone done', sql`kind = 'milestone', done = true, manual_percent = null`],
      ['milestone in part', sql`kind = 'milestone', done = false, manual_percent = 35.5`],
      ['weight zero', sql`weight_bp = 0`],
    ];
    for (const [label, set] of cases) {
      await q.sql(sql`update key_results set ${set} where id = ${q.kr1}`);
      await q.sql(sql`update key_results set weight_bp = 0 where id = ${q.kr2}`);
      await q.fill();
      const scope = new TenantScope(database.db, t);
      const core = progressOfRows(await selectKeyResultMeasures(scope, [q.goal.id]), 1).goals.get(q.goal.id);
      expect(await q.stored(), label).toBe(core);
      await q.sql(sql`update key_results set weight_bp = 6000 where id = ${q.kr1}`);
      await q.sql(sql`update key_results set weight_bp = 4000, current_value = 3 where id = ${q.kr2}`);
      await q.fill();
      const both = progressOfRows(await selectKeyResultMeasures(scope, [q.goal.id]), 1).goals.get(q.goal.id);
      expect(await q.stored(), `${label}, with a second KR`).toBeCloseTo(both!, 12);
    }
  });

  it('is forgotten when the company changes its progress cap, and refilled with the new cap', async () => {
    const q = await team();
    await q.checkIn(q.kr1, 150);
    await q.checkIn(q.kr2, 10);
    await q.fill();
    // KR1 150% is capped at 100% by default: 60% + 40%.
    expect(await q.stored()).toBeCloseTo(1, 12);
    const hr = await signIn(app, q.tenant.admin.login);
    const read = await app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie: hr } });
    const patch = await app.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { cookie: hr, 'if-match': read.headers.etag as string },
      payload: { progressCap: 1.2 },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(await q.stored()).toBeNull();
    expect(await q.bucket()).toBe('100+');
    await q.fill();
    expect(await q.stored()).toBeCloseTo(0.6 * 1.2 + 0.4, 12);
  });
});
