import { type SQL, sql } from 'drizzle-orm';
import { visibleEmployeesCondition } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { Page } from '../../shared/pagination.ts';

export type KeyEventPolarity = 'positive' | 'negative';
export type KeyEventKind = 'event' | 'behaviour';

export type KeyEventRow = {
  id: string;
  employee_id: string;
  employee_name: string;
  author_id: string;
  author_name: string;
  cycle_id: string | null;
  occurred_on: string;
  kind: KeyEventKind;
  polarity: KeyEventPolarity;
  description: string;
  goal_id: string | null;
  goal_title: string | null;
  version: number;
  created_at: string;
};

/** Which key events a list holds: every condition given must hold. */
export type KeyEventFilter = {
  employeeId?: string;
  /** Events that happened within this cycle's dates (cycles may overlap: a quarter within a year). */
  cycleId?: string;
  polarity?: KeyEventPolarity;
};

/**
 * The key events an actor may read, on aliases k and e (the employee): those about people they
 * may see — themself, everyone below them on the reporting line, the departments they head or
 * are HRBP for; HR admins all. The one `in` of visibleEmployeesCondition, kept as it is tuned.
 */
function visibleKeyEvents(scope: TenantScope, actor: Actor): SQL {
  return visibleEmployeesCondition(scope, actor) ?? sql`true`;
}

function filterConditions(scope: TenantScope, filter: KeyEventFilter): SQL[] {
  const t = scope.tenantId;
  const conditions: SQL[] = [];
  if (filter.employeeId) conditions.push(sql`k.employee_id = ${filter.employeeId}`);
  if (filter.cycleId)
    // Two scalar look-ups of one cycle: the (tenant, employee, occurred_on) index then serves
    // a range. An unknown cycle compares with null and keeps nothing.
    conditions.push(sql`k.occurred_on between
      (select c.start_date from cycles c where c.tenant_id = ${t} and c.id = ${filter.cycleId})
      and (select c.end_date from cycles c where c.tenant_id = ${t} and c.id = ${filter.cycleId})`);
  if (filter.polarity) conditions.push(sql`k.polarity = ${filter.polarity}`);
  return conditions;
}

const KEY_EVENT_KEYSET: Keyset<KeyEventRow> = {
  parts: [
    { column: sql`k.occurred_on`, kind: 'date', of: (k) => k.occurred_on },
    // Ids are time-ordered: within a day, the last recorded first.
    { column: sql`k.id`, kind: 'uuid', of: (k) => k.id },
  ],
  descending: true,
};

/** A page of the key events the actor may read, the newest occurrence first. */
export async function listKeyEvents(
  scope: TenantScope,
  actor: Actor,
  filter: KeyEventFilter,
  page: { cursor?: string; limit: number },
): Promise<Page<KeyEventRow>> {
  const conditions = [visibleKeyEvents(scope, actor), ...filterConditions(scope, filter)];
  const after = afterCursor(KEY_EVENT_KEYSET, page.cursor);
  if (after) conditions.push(after);
  const rows = await selectKeyEvents(
    scope,
    sql.join(conditions, sql` and `),
    sql`order by k.occurred_on desc, k.id desc limit ${page.limit + 1}`,
  );
  const { rows: items, nextCursor } = pageOf(KEY_EVENT_KEYSET, rows, page.limit);
  return { items, nextCursor };
}

/** One key event the actor may read. */
export async function findKeyEvent(
  scope: TenantScope,
  actor: Actor,
  id: string,
): Promise<KeyEventRow | null> {
  const [row] = await selectKeyEvents(scope, sql`k.id = ${id} and ${visibleKeyEvents(scope, actor)}`);
  return row ?? null;
}

/** Key events with the employee's and author's names and the goal's title; `where` on aliases k and e. */
async function selectKeyEvents(scope: TenantScope, where: SQL, tail: SQL = sql``) {
  const result = await scope.db.execute(sql`
    select k.id, k.employee_id, e.name as employee_name, k.author_id, a.name as author_name, k.cycle_id,
      k.occurred_on::text as occurred_on, k.kind, k.polarity, k.description, k.goal_id, g.title as goal_title,
      k.version, k.created_at::text as created_at
    from key_events k
    join employees e on e.tenant_id = k.tenant_id and e.id = k.employee_id
    join employees a on a.tenant_id = k.tenant_id and a.id = k.author_id
    left join goals g on g.tenant_id = k.tenant_id and g.id = k.goal_id
    where k.tenant_id = ${scope.tenantId} and ${where} ${tail}`);
  return rowsOf<KeyEventRow>(result);
}

/** A key event as the review form's evidence panel shows it. */
export type KeyEventEvidence = {
  id: string;
  occurredOn: string;
  polarity: KeyEventPolarity;
  kind: KeyEventKind;
  description: string;
  goalTitle: string | null;
  authorName: string;
};

/**
 * The key events about one person that happened within a cycle's dates, in the order they
 * happened, for the evidence beside a review: one statement. Who may see them is the caller's
 * decision (the reviews module's policy), so no visibility is applied here.
 */
export async function listKeyEventsForEvidence(
  scope: TenantScope,
  employeeId: string,
  cycleId: string,
): Promise<KeyEventEvidence[]> {
  const result = await scope.db.execute(sql`
    select k.id, k.occurred_on::text as "occurredOn", k.polarity, k.kind, k.description,
      g.title as "goalTitle", a.name as "authorName"
    from cycles c
    join key_events k on k.tenant_id = c.tenant_id and k.employee_id = ${employeeId}
      and k.occurred_on between c.start_date and c.end_date
    join employees a on a.tenant_id = k.tenant_id and a.id = k.author_id
    left join goals g on g.tenant_id = k.tenant_id and g.id = k.goal_id
    where c.tenant_id = ${scope.tenantId} and c.id = ${cycleId}
    order by k.occurred_on, k.id
    limit 1000`);
  return rowsOf<KeyEventEvidence>(result);
}

/**
 * The cycle a day belongs to, or null: the tenant's cycle whose dates contain it. Where cycles
 * overlap (a quarter within a year) the shortest, the most specific, then the latest to start.
 */
export async function findCycleIdOn(scope: TenantScope, day: string): Promise<string | null> {
  const result = await scope.db.execute(sql`
    select id from cycles
    where tenant_id = ${scope.tenantId} and start_date <= ${day}::date and end_date >= ${day}::date
    order by end_date - start_date, start_date desc, id
    limit 1`);
  return rowsOf<{ id: string }>(result)[0]?.id ?? null;
}

/** Whether a goal is one of the person's own (a personal goal they own). */
export async function isGoalOf(scope: TenantScope, goalId: string, employeeId: string): Promise<boolean> {
  const result = await scope.db.execute(sql`
    select exists (
      select 1 from goals where tenant_id = ${scope.tenantId} and id = ${goalId} and owner_id = ${employeeId}
    ) as found`);
  return rowsOf<{ found: boolean }>(result)[0]?.found ?? false;
}

export type KeyEventWrite = {
  employeeId: string;
  authorId: string;
  cycleId: string | null;
  occurredOn: string;
  kind: KeyEventKind;
  polarity: KeyEventPolarity;
  description: string;
  goalId: string | null;
};

export async function insertKeyEvent(scope: TenantScope, row: KeyEventWrite, now: Date): Promise<string> {
  const at = now.toISOString();
  const result = await scope.db.execute(sql`
    insert into key_events (tenant_id, employee_id, author_id, cycle_id, occurred_on, kind, polarity, description,
      goal_id, created_at, updated_at)
    values (${scope.tenantId}, ${row.employeeId}, ${row.authorId}, ${row.cycleId}, ${row.occurredOn}::date,
      ${row.kind}, ${row.polarity}, ${row.description}, ${row.goalId}, ${at}::timestamptz, ${at}::timestamptz)
    returning id`);
  return rowsOf<{ id: string }>(result)[0]!.id;
}

/** Changes a key event if it is still at `expectedVersion`; false when another change came first. */
export async function updateKeyEvent(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  row: Omit<KeyEventWrite, 'employeeId' | 'authorId'>,
  now: Date,
): Promise<boolean> {
  const result = await scope.db.execute(sql`
    update key_events set cycle_id = ${row.cycleId}, occurred_on = ${row.occurredOn}::date, kind = ${row.kind},
      polarity = ${row.polarity}, description = ${row.description}, goal_id = ${row.goalId},
      version = version + 1, updated_at = ${now.toISOString()}::timestamptz
    where tenant_id = ${scope.tenantId} and id = ${id} and version = ${expectedVersion}
    returning id`);
  return rowsOf(result).length === 1;
}

export async function deleteKeyEvent(scope: TenantScope, id: string) {
  await scope.db.execute(sql`delete from key_events where tenant_id = ${scope.tenantId} and id = ${id}`);
}
