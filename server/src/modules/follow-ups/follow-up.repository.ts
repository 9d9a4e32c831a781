import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';

export type FollowUpRow = {
  id: string;
  date: string;
  employee_id: string;
  employee_name: string;
  topic: string;
  summary: string;
  action: string;
  responsible_id: string;
  responsible_name: string;
  due_date: string | null;
  status: 'open' | 'done';
  done_at: string | null;
  goal_id: string | null;
  goal_title: string | null;
  key_result_id: string | null;
  key_result_title: string | null;
  source: 'manual' | 'one_on_one' | 'gap_analysis';
  source_id: string | null;
  created_by_id: string | null;
  version: number;
  created_at: string;
};

/** Follow-ups with names and titles joined; `where` is on aliases f and e (the employee). */
export async function selectFollowUps(
  scope: TenantScope,
  where: SQL,
  tail: SQL = sql`order by f.date desc, f.id desc`,
) {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select f.id, f.date::text as date, f.employee_id, e.name as employee_name, f.topic, f.summary, f.action,
      f.responsible_id, r.name as responsible_name, f.due_date::text as due_date, f.status, f.done_at::text as done_at,
      f.goal_id, g.title as goal_title, f.key_result_id, k.title as key_result_title, f.source, f.source_id,
      f.created_by_id, f.version, f.created_at::text as created_at
    from follow_ups f
    join employees e on e.tenant_id = f.tenant_id and e.id = f.employee_id
    join employees r on r.tenant_id = f.tenant_id and r.id = f.responsible_id
    left join goals g on g.tenant_id = f.tenant_id and g.id = f.goal_id
    left join key_results k on k.tenant_id = f.tenant_id and k.id = f.key_result_id
    where f.tenant_id = ${t} and ${where} ${tail}`);
  return rowsOf<FollowUpRow>(result);
}

export type FollowUpWrite = {
  date: string;
  employee_id: string;
  topic: string;
  summary: string;
  action: string;
  responsible_id: string;
  due_date: string | null;
  goal_id: string | null;
  key_result_id: string | null;
  source: 'manual' | 'one_on_one' | 'gap_analysis';
  source_id: string | null;
  created_by_id: string | null;
};

export async function insertFollowUps(scope: TenantScope, rows: readonly FollowUpWrite[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const result = await scope.db.execute(sql`
    insert into follow_ups (tenant_id, date, employee_id, topic, summary, action, responsible_id, due_date, goal_id,
      key_result_id, source, source_id, created_by_id)
    select ${scope.tenantId}, x.date, x.employee_id, x.topic, x.summary, x.action, x.responsible_id, x.due_date,
      x.goal_id, x.key_result_id, x.source, x.source_id, x.created_by_id
    from jsonb_to_recordset(${JSON.stringify(rows.map((row, n) => ({ ...row, n })))}::jsonb)
      as x(date date, employee_id uuid, topic text, summary text, action text, responsible_id uuid, due_date date,
        goal_id uuid, key_result_id uuid, source text, source_id uuid, created_by_id uuid, n bigint)
    order by x.n
    returning id`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

export async function updateFollowUp(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<FollowUpWrite, 'employee_id' | 'source' | 'source_id' | 'created_by_id'>> & {
    status?: 'open' | 'done';
  },
  now: Date,
) {
  const sets: SQL[] = [sql`version = version + 1`, sql`updated_at = ${now.toISOString()}::timestamptz`];
  const columns: Record<string, string> = {
    date: 'date',
    topic: 'topic',
    summary: 'summary',
    action: 'action',
    responsible_id: 'responsible_id',
    due_date: 'due_date',
    goal_id: 'goal_id',
    key_result_id: 'key_result_id',
  };
  for (const [key, column] of Object.entries(columns)) {
    const value = (changes as Record<string, unknown>)[key];
    if (value !== undefined) sets.push(sql`${sql.identifier(column)} = ${value}`);
  }
  if (changes.status)
    sets.push(
      sql`status = ${changes.status}`,
      changes.status === 'done'
        ? sql`done_at = coalesce(done_at, ${now.toISOString()}::timestamptz)`
        : sql`done_at = null`,
    );
  const result = await scope.db.execute(sql`
    update follow_ups set ${sql.join(sets, sql`, `)}
    where tenant_id = ${scope.tenantId} and id = ${id} and version = ${expectedVersion} returning id`);
  return rowsOf(result).length === 1;
}

export async function deleteFollowUp(scope: TenantScope, id: string) {
  await scope.db.execute(sql`delete from follow_ups where tenant_id = ${scope.tenantId} and id = ${id}`);
}
