import type { ListFollowUpsQuery } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { reportsOf, visibleEmployeesCondition } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { Page } from '../../shared/pagination.ts';

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
  source: 'manual' | 'one_on_one' | 'gap_analysis' | 'mid_review';
  source_id: string | null;
  created_by_id: string | null;
  version: number;
  created_at: string;
};

/**
 * The follow-ups an actor may see (§11): about them, assigned to them, written by them, or about
 * people they may see (their reporting line, departments they head or are HRBP for; HR all).
 */
function visibleFollowUps(scope: TenantScope, actor: Actor): SQL {
  const people = visibleEmployeesCondition(scope, actor);
  if (!people) return sql`true`;
  const me = actor.employeeId;
  return sql`(f.employee_id = ${me} or f.responsible_id = ${me} or f.created_by_id = ${me} or ${people})`;
}

function statusCondition(status: ListFollowUpsQuery['status'], today: string): SQL | null {
  switch (status) {
    case 'done':
      return sql`f.status = 'done'`;
    case 'overdue':
      return sql`f.status = 'open' and f.due_date < ${today}::date`;
    case 'open':
      return sql`f.status = 'open' and (f.due_date is null or f.due_date >= ${today}::date)`;
    default:
      return null;
  }
}

function listConditions(scope: TenantScope, actor: Actor, query: FollowUpFilter): SQL[] {
  const { today } = query;
  const conditions: SQL[] = [visibleFollowUps(scope, actor)];
  const me = actor.employeeId;
  // The service refused `mine` and `team` to an account that is not a person.
  if (query.view === 'mine')
    conditions.push(me ? sql`(f.employee_id = ${me} or f.responsible_id = ${me})` : sql`false`);
  if (query.view === 'team')
    conditions.push(me ? sql`f.employee_id in (${reportsOf(scope.tenantId, me)})` : sql`false`);
  if (query.employeeId) conditions.push(sql`f.employee_id = ${query.employeeId}`);
  if (query.responsibleId) conditions.push(sql`f.responsible_id = ${query.responsibleId}`);
  if (query.goalId) conditions.push(sql`f.goal_id = ${query.goalId}`);
  const status = statusCondition(query.status, today);
  if (status) conditions.push(status);
  if (query.from) conditions.push(sql`f.date >= ${query.from}::date`);
  if (query.to) conditions.push(sql`f.date <= ${query.to}::date`);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(f.topic ilike ${like} or f.summary ilike ${like} or f.action ilike ${like} or e.name ilike ${like})`,
    );
  }
  return conditions;
}

/** Which follow-ups a list or an export holds; `today` decides which open ones are overdue. */
export type FollowUpFilter = Pick<
  ListFollowUpsQuery,
  'view' | 'employeeId' | 'responsibleId' | 'goalId' | 'status' | 'from' | 'to' | 'q'
> & { today: string };

const FOLLOW_UP_KEYSET: Keyset<FollowUpRow> = {
  parts: [
    { column: sql`f.date`, kind: 'date', of: (f) => f.date },
    { column: sql`f.id`, kind: 'uuid', of: (f) => f.id },
  ],
  descending: true,
};

/** A page of the follow-ups the actor may see, newest first. */
export async function listFollowUps(
  scope: TenantScope,
  actor: Actor,
  filter: FollowUpFilter,
  page: { cursor?: string; limit: number },
): Promise<Page<FollowUpRow>> {
  const conditions = listConditions(scope, actor, filter);
  const after = afterCursor(FOLLOW_UP_KEYSET, page.cursor);
  if (after) conditions.push(after);
  const rows = await selectFollowUps(
    scope,
    sql.join(conditions, sql` and `),
    sql`order by f.date desc, f.id desc limit ${page.limit + 1}`,
  );
  const { rows: items, nextCursor } = pageOf(FOLLOW_UP_KEYSET, rows, page.limit);
  return { items, nextCursor };
}

/** The follow-ups of a list in date order for the workbook, up to 50,000. */
export async function selectFollowUpsToExport(scope: TenantScope, actor: Actor, filter: FollowUpFilter) {
  return selectFollowUps(
    scope,
    sql.join(listConditions(scope, actor, filter), sql` and `),
    sql`order by f.date, f.created_at, f.id limit 50000`,
  );
}

/** One follow-up the actor may see. */
export async function findFollowUp(
  scope: TenantScope,
  actor: Actor,
  id: string,
): Promise<FollowUpRow | null> {
  const [row] = await selectFollowUps(scope, sql`f.id = ${id} and ${visibleFollowUps(scope, actor)}`);
  return row ?? null;
}

export async function selectFollowUpsByIds(scope: TenantScope, ids: readonly string[]) {
  return selectFollowUps(scope, sql`f.id = any(${uuidArray(ids)})`);
}

/** The action items of a 1:1: the follow-ups it made, in the order they were written. */
export async function selectActionItems(scope: TenantScope, meetingId: string) {
  return selectFollowUps(
    scope,
    sql`f.source = 'one_on_one' and f.source_id = ${meetingId}`,
    sql`order by f.created_at, f.id`,
  );
}

/** Follow-ups with names and titles joined; `where` is on aliases f and e (the employee). */
async function selectFollowUps(
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
  source: 'manual' | 'one_on_one' | 'gap_analysis' | 'mid_review';
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
