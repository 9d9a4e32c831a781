import type { FastifyInstance } from 'fastify';
import { cycles, departments } from '../src/db/schema.ts';
import { buildEmployee, json, type TestTenant } from './helpers.ts';

/** An open Q3 2026 cycle (the seed's quarter: goals due 9.30). */
export async function buildCycle(tenant: TestTenant, overrides: Partial<typeof cycles.$inferInsert> = {}) {
  const [row] = await tenant.scope.db
    .insert(cycles)
    .values(
      tenant.scope.values({
        name: '2026年第三季度',
        kind: 'quarter' as const,
        startDate: '2026-07-01',
        endDate: '2026-09-30',
        timeZone: 'Asia/Shanghai',
        status: 'open' as const,
        ...overrides,
      }),
    )
    .returning();
  return row!;
}

/**
 * The seed's sales team: 销售部 headed by 王总 (head), 李经理 managing 张三, and an HRBP for the
 * department. HR is the tenant admin.
 */
export async function buildSalesTeam(tenant: TestTenant) {
  const head = await buildEmployee(tenant, { name: '王总' });
  const [sales] = await tenant.scope.db
    .insert(departments)
    .values(tenant.scope.values({ name: '销售部', parentId: tenant.rootId, headId: head.id }))
    .returning();
  const manager = await buildEmployee(tenant, {
    name: '李经理',
    departmentId: sales!.id,
    managerId: head.id,
  });
  const zhangsan = await buildEmployee(tenant, {
    name: '张三',
    departmentId: sales!.id,
    managerId: manager.id,
  });
  const peer = await buildEmployee(tenant, { name: '赵六', departmentId: sales!.id, managerId: manager.id });
  const outsider = await buildEmployee(tenant, { name: '外人' });
  const hrbp = await buildEmployee(tenant, {
    name: '刘HRBP',
    roles: ['hrbp'],
    hrbpDepartmentIds: [sales!.id],
  });
  return { sales: sales!, head, manager, zhangsan, peer, outsider, hrbp };
}

/** The seed's goal: 提升华东区市场份额 with KR1 40%, KR2 30%, KR3 30%, all due 9.30. */
export function seedGoalBody(
  cycleId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> & { keyResults: Record<string, unknown>[] } {
  return {
    cycleId,
    kind: 'okr',
    title: '提升华东区市场份额',
    weightBp: 10000,
    dueDate: '2026-09-30',
    keyResults: [
      {
        title: 'KR1:新客户签约量较上季度增长20%',
        startValue: 0,
        targetValue: 20,
        unit: '%',
        weightBp: 4000,
        dueDate: '2026-09-30',
      },
      {
        title: 'KR2:老客户复购率达到85%',
        startValue: 70,
        targetValue: 85,
        unit: '%',
        weightBp: 3000,
        dueDate: '2026-09-30',
      },
      {
        title: 'KR3:客户满意度评分不低于4.8/5分',
        direction: 'at_least',
        startValue: 4.8,
        targetValue: 4.8,
        unit: '分',
        weightBp: 3000,
        dueDate: '2026-09-30',
      },
    ],
    ...overrides,
  };
}

export type GoalJson = {
  id: string;
  status: string;
  version: number;
  progress: number;
  expected: number;
  pace: number | null;
  revisionNo: number;
  weightBp: number;
  dueDate: string | null;
  title: string;
  ownerId: string | null;
  keyResults: {
    id: string;
    title: string;
    weightBp: number;
    progress: number;
    targetValue: number | null;
    currentValue: number | null;
    dueDate: string | null;
  }[];
};

export async function createGoal(app: FastifyInstance, cookie: string, body: Record<string, unknown>) {
  const r = await app.inject({ method: 'POST', url: '/api/v1/goals', headers: { cookie }, payload: body });
  if (r.statusCode !== 201) throw new Error(`create goal: ${r.statusCode} ${r.body}`);
  return json<GoalJson>(r);
}

/** Creates, submits (as the creator) and approves (as the approver) a goal. */
export async function buildApprovedGoal(
  app: FastifyInstance,
  owner: string,
  approver: string,
  body: Record<string, unknown>,
): Promise<GoalJson> {
  const goal = await createGoal(app, owner, body);
  const submit = await app.inject({
    method: 'POST',
    url: `/api/v1/goals/${goal.id}/submit`,
    headers: { cookie: owner },
  });
  if (submit.statusCode !== 200) throw new Error(`submit: ${submit.statusCode} ${submit.body}`);
  const approve = await app.inject({
    method: 'POST',
    url: `/api/v1/goals/${goal.id}/approve`,
    headers: { cookie: approver },
  });
  if (approve.statusCode !== 200) throw new Error(`approve: ${approve.statusCode} ${approve.body}`);
  return json<GoalJson>(approve);
}

export async function checkIn(
  app: FastifyInstance,
  cookie: string,
  keyResultId: string,
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/key-results/${keyResultId}/check-ins`,
    headers: { cookie, ...headers },
    payload: { confidence: 7, ...payload },
  });
}

export type SnapshotRunJson = {
  goals: number;
  keyResults: number;
  alertsOpened: number;
  alertsResolved: number;
  alreadyRun: boolean;
};

/** HR runs the weekly snapshot for a date (POST /snapshots) at the test clock's time; it must succeed. */
export async function runSnapshot(
  app: FastifyInstance,
  cookie: string,
  date: string,
): Promise<SnapshotRunJson> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/snapshots',
    headers: { cookie },
    payload: { date },
  });
  if (r.statusCode !== 200) throw new Error(`snapshot ${date}: ${r.statusCode} ${r.body}`);
  return json<SnapshotRunJson>(r);
}
