import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';

export type FeedbackRow = {
  id: string;
  from_id: string;
  from_name: string;
  to_id: string;
  to_name: string;
  kind: 'praise' | 'suggestion';
  body: string;
  audience: 'recipient' | 'recipient_and_manager';
  goal_id: string | null;
  created_at: string;
};

export async function selectFeedback(scope: TenantScope, where: SQL, limit: number) {
  const result = await scope.db.execute(sql`
    select f.id, f.from_id, s.name as from_name, f.to_id, r.name as to_name, f.kind, f.body, f.audience, f.goal_id,
      f.created_at::text as created_at
    from feedback f
    join employees s on s.tenant_id = f.tenant_id and s.id = f.from_id
    join employees r on r.tenant_id = f.tenant_id and r.id = f.to_id
    where f.tenant_id = ${scope.tenantId} and ${where}
    order by f.created_at desc, f.id desc limit ${limit}`);
  return rowsOf<FeedbackRow>(result);
}

export async function insertFeedback(
  scope: TenantScope,
  row: {
    fromId: string;
    toId: string;
    kind: string;
    body: string;
    audience: string;
    goalId: string | null;
    at: Date;
  },
): Promise<string> {
  const result = await scope.db.execute(sql`
    insert into feedback (tenant_id, from_id, to_id, kind, body, audience, goal_id, created_at)
    values (${scope.tenantId}, ${row.fromId}, ${row.toId}, ${row.kind}, ${row.body}, ${row.audience}, ${row.goalId},
      ${row.at.toISOString()}::timestamptz)
    returning id`);
  return rowsOf<{ id: string }>(result)[0]!.id;
}
