import { addDays } from '@perfloop/core';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/database.ts';
import { checkIns, cycles } from '../db/schema.ts';
import type { TenantScope } from '../db/tenant-scope.ts';
import { runWeeklySnapshot } from '../modules/early-warning/snapshot.service.ts';
import { insertGoals, type KeyResultWrite } from '../modules/goals/goal.repository.ts';

const kr = (title: string, fields: Partial<KeyResultWrite> & { weightBp: number }): KeyResultWrite => ({
  title,
  kind: 'metric',
  direction: 'increase',
  startValue: 0,
  targetValue: null,
  unit: null,
  startDate: null,
  dueDate: null,
  rollUp: false,
  externalKey: null,
  ownerId: null,
  ...fields,
});

/**
 * The demo's goals: Q3 2026 with the seed's own example — 张三 (华东区, 销售部) owns 提升华东区市场份额
 * with KR1 40%, KR2 30%, KR3 30%, due 9.30, aligned to 销售部 and the company — approved and
 * checked in through the quarter; and an open Q4 2026 with the company's goal, ready for drafting.
 * Returns Q3 and the two personal goals the reviews of Q3 talk about.
 */
export async function seedDemoGoals(
  scope: TenantScope,
  people: ReadonlyMap<string, string>,
  departments: ReadonlyMap<string, string>,
): Promise<{ q3: string; goals: { zhangsan: string; lisi: string } }> {
  const id = (no: string) => people.get(no)!;
  const [q3, q4] = await scope.db
    .insert(cycles)
    .values([
      scope.values({
        name: '2026年第三季度',
        kind: 'quarter' as const,
        startDate: '2026-07-01',
        endDate: '2026-09-30',
        timeZone: 'Asia/Shanghai',
        status: 'open' as const,
        phases: {
          goalSetting: { start: '2026-06-20', end: '2026-07-10' },
          midReview: { start: '2026-08-10', end: '2026-08-20' },
          selfReview: { start: '2026-09-25', end: '2026-10-08' },
          // The review rounds' deadlines follow these (nominations by 9.25, self and peers 10.8, managers 10.16).
          managerReview: { start: '2026-10-09', end: '2026-10-16' },
        },
      }),
      scope.values({
        name: '2026年第四季度',
        kind: 'quarter' as const,
        startDate: '2026-10-01',
        endDate: '2026-12-31',
        timeZone: 'Asia/Shanghai',
        status: 'open' as const,
        phases: {
          goalSetting: { start: '2026-09-20', end: '2026-10-15' },
          midReview: { start: '2026-11-10', end: '2026-11-25' },
          selfReview: { start: '2026-12-20', end: '2027-01-08' },
        },
      }),
    ])
    .returning({ id: cycles.id });
  const base = (
    cycleId: string,
    fields: { title: string; level: 'company' | 'department' | 'personal' },
  ) => ({
    cycleId,
    kind: 'okr' as const,
    description: null,
    ownerId: null,
    departmentId: null,
    weightBp: 10_000,
    dueDate: null,
    status: 'approved' as const,
    parentGoalId: null,
    parentKeyResultId: null,
    createdById: id('E0005'),
    ...fields,
  });
  const [company] = await insertGoals(scope, [
    {
      goal: { ...base(q3!.id, { title: '华东区市场份额做到第一', level: 'company' }), dueDate: '2026-09-30' },
      keyResults: [
        kr('华东区销售额同比增长15%', { targetValue: 15, unit: '%', weightBp: 6000, rollUp: true }),
        kr('新客户占比达到30%', { startValue: 22, targetValue: 30, unit: '%', weightBp: 4000 }),
      ],
    },
  ]);
  const companyKr = await firstKeyResult(scope, company!);
  const [sales] = await insertGoals(scope, [
    {
      goal: {
        ...base(q3!.id, { title: '销售部：华东区签约与复购', level: 'department' }),
        departmentId: departments.get('sales')!,
        parentGoalId: company!,
        parentKeyResultId: companyKr,
        dueDate: '2026-09-30',
      },
      keyResults: [
        kr('华东区新签约客户120家', { targetValue: 120, unit: '家', weightBp: 5000, rollUp: true }),
        kr('老客户复购率达到85%', { startValue: 70, targetValue: 85, unit: '%', weightBp: 5000 }),
      ],
    },
  ]);
  const salesKr = await firstKeyResult(scope, sales!);
  const due = '2026-09-30';
  const [zhangsan, lisi] = await insertGoals(scope, [
    {
      goal: {
        ...base(q3!.id, { title: '提升华东区市场份额', level: 'personal' }),
        ownerId: id('E0003'),
        departmentId: departments.get('east')!,
        parentGoalId: sales!,
        parentKeyResultId: salesKr,
        dueDate: due,
        createdById: id('E0003'),
      },
      keyResults: [
        kr('KR1:新客户签约量较上季度增长20%', {
          targetValue: 20,
          unit: '%',
          weightBp: 4000,
          dueDate: due,
          externalKey: 'crm:east:new-contracts',
        }),
        kr('KR2:老客户复购率达到85%', {
          startValue: 70,
          targetValue: 85,
          unit: '%',
          weightBp: 3000,
          dueDate: due,
        }),
        kr('KR3:客户满意度评分不低于4.8/5分', {
          direction: 'at_least',
          startValue: 4.8,
          targetValue: 4.8,
          unit: '分',
          weightBp: 3000,
          dueDate: due,
        }),
      ],
    },
    {
      goal: {
        ...base(q3!.id, { title: '拓展华东一组新客户', level: 'personal' }),
        ownerId: id('E0004'),
        departmentId: departments.get('east1')!,
        parentGoalId: null,
        dueDate: due,
        createdById: id('E0004'),
      },
      keyResults: [
        kr('签约新客户8家', { targetValue: 8, unit: '家', weightBp: 6000, dueDate: due }),
        kr('完成客户拜访60次', { targetValue: 60, unit: '次', weightBp: 4000, dueDate: due }),
      ],
    },
  ]);
  await scope.db.execute(
    sql`update goals set parent_goal_id = ${zhangsan!} where tenant_id = ${scope.tenantId} and id = ${lisi!}`,
  );
  // Weekly-ish check-ins through the quarter: the last value of each list is the current one.
  // 李四 falls behind in September (5 of 8 contracts), so the Q3 snapshots leave her an open alert.
  const history: [string, string, (number | null)[], number][] = [
    [zhangsan!, 'KR1', [5, 9, 12, 16], 7],
    [zhangsan!, 'KR2', [72, 76, 79, 82], 7],
    [zhangsan!, 'KR3', [4.7, 4.75, 4.85], 8],
    [lisi!, '签约', [1, 3, 4, 5], 6],
    [lisi!, '拜访', [12, 25, 38, 47], 7],
  ];
  const dates = ['2026-07-20', '2026-08-10', '2026-08-31', '2026-09-21'];
  const rows = rowsOf<{ id: string; goal_id: string; title: string }>(
    await scope.db.execute(
      sql`select id, goal_id, title from key_results where tenant_id = ${scope.tenantId} and goal_id in (${zhangsan!}, ${lisi!})`,
    ),
  );
  for (const [goalId, prefix, values, confidence] of history) {
    const row = rows.find((r) => r.goal_id === goalId && r.title.includes(prefix))!;
    const author = goalId === zhangsan ? id('E0003') : id('E0004');
    const entries = values.map((value, i) => ({
      keyResultId: row.id,
      goalId,
      value,
      confidence,
      comment: i === values.length - 1 ? '按计划推进' : '',
      authorId: author,
      at: `${dates[i]}T18:00:00+08:00`,
    }));
    await scope.db.insert(checkIns).values(entries.map((e) => scope.values(e)));
    const last = entries.at(-1)!;
    await scope.db.execute(sql`update key_results set current_value = ${last.value}, confidence = ${confidence},
      last_check_in_at = ${last.at}::timestamptz where tenant_id = ${scope.tenantId} and id = ${row.id}`);
    await scope.db.execute(sql`update goals set last_check_in_at = ${last.at}::timestamptz
      where tenant_id = ${scope.tenantId} and id = ${goalId}`);
  }
  // Approved goals have their first version on record (备案).
  await scope.db.execute(sql`update goals set approved_at = '2026-07-08T10:00:00+08:00', submitted_at = '2026-07-06T10:00:00+08:00'
    where tenant_id = ${scope.tenantId} and cycle_id = ${q3!.id}`);
  await scope.db.execute(sql`
    insert into goal_versions (tenant_id, goal_id, revision_no, snapshot)
    select g.tenant_id, g.id, 1, jsonb_build_object('title', g.title, 'description', g.description,
      'weightBp', g.weight_bp, 'dueDate', g.due_date, 'status', g.status, 'keyResults',
      (select jsonb_agg(jsonb_build_object('id', k.id, 'title', k.title, 'kind', k.kind, 'direction', k.direction,
        'startValue', k.start_value, 'targetValue', k.target_value, 'unit', k.unit, 'weightBp', k.weight_bp,
        'dueDate', k.due_date) order by k.position)
       from key_results k where k.tenant_id = g.tenant_id and k.goal_id = g.id))
    from goals g where g.tenant_id = ${scope.tenantId} and g.cycle_id = ${q3!.id}`);
  await insertGoals(scope, [
    {
      goal: {
        ...base(q4!.id, { title: '全年收入目标收官：Q4 收入增长12%', level: 'company' }),
        dueDate: '2026-12-31',
      },
      keyResults: [
        kr('Q4 收入同比增长12%', { targetValue: 12, unit: '%', weightBp: 7000 }),
        kr('重点客户续约率不低于90%', {
          direction: 'at_least',
          startValue: 90,
          targetValue: 90,
          unit: '%',
          weightBp: 3000,
        }),
      ],
    },
  ]);
  return { q3: q3!.id, goals: { zhangsan: zhangsan!, lisi: lisi! } };
}

async function firstKeyResult(scope: TenantScope, goalId: string): Promise<string> {
  const result = await scope.db.execute(
    sql`select id from key_results where tenant_id = ${scope.tenantId} and goal_id = ${goalId} order by position limit 1`,
  );
  return rowsOf<{ id: string }>(result)[0]!.id;
}

/**
 * Runs the weekly snapshot for every Monday of the demo's Q3, as the schedule would have: the
 * snapshots and dashboards have history, and 李四's September slip is an open pace alert for her
 * and her manager 张三.
 */
export async function seedDemoSnapshots(db: Db, tenantId: string, publicUrl: string) {
  for (let date = '2026-07-06'; date <= '2026-09-30'; date = addDays(date, 7)) {
    await runWeeklySnapshot({ db, now: new Date(), publicUrl }, tenantId, date, 'schedule');
  }
}
