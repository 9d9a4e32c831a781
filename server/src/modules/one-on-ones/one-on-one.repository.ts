import type { Grow } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { isTenantAdmin } from '../../access/reach.ts';
import { reportsOf } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { Page } from '../../shared/pagination.ts';

export type OneOnOneRow = {
  id: string;
  series_id: string | null;
  manager_id: string;
  manager_name: string;
  employee_id: string;
  employee_name: string;
  starts_at: string;
  duration_minutes: number;
  location: string;
  agenda: string[];
  shared_notes: string;
  grow: Partial<Grow>;
  recurrence: 'none' | 'weekly' | 'biweekly' | 'monthly';
  status: 'scheduled' | 'done' | 'cancelled';
  private_note: string | null;
  version: number;
};

/**
 * Who sees a 1:1: its two participants, and those above the employee on the reporting line
 * (HR admins too). Private notes are only ever their author's.
 */
function visibleOneOnOnes(scope: TenantScope, actor: Actor): SQL {
  if (isTenantAdmin(actor)) return sql`true`;
  const me = actor.employeeId;
  if (!me) return sql`false`;
  return sql`(m.manager_id = ${me} or m.employee_id = ${me} or m.employee_id in (${reportsOf(scope.tenantId, me)}))`;
}

/** One meeting the actor may see, with their own private note. */
export async function findOneOnOne(
  scope: TenantScope,
  actor: Actor,
  id: string,
): Promise<OneOnOneRow | null> {
  const [row] = await selectOneOnOnes(
    scope,
    actor.employeeId,
    sql`m.id = ${id} and ${visibleOneOnOnes(scope, actor)}`,
    sql``,
  );
  return row ?? null;
}

/**
 * The meetings the actor may see, of one person (as employee or manager) if asked: upcoming ones
 * (scheduled, from `now`) soonest first, past or any newest first.
 */
export async function listOneOnOnes(
  scope: TenantScope,
  actor: Actor,
  query: {
    employeeId?: string;
    when: 'upcoming' | 'past' | 'any';
    now: string;
    cursor?: string;
    limit: number;
  },
): Promise<Page<OneOnOneRow>> {
  const { now } = query;
  const conditions: SQL[] = [visibleOneOnOnes(scope, actor)];
  if (query.employeeId)
    conditions.push(sql`(m.employee_id = ${query.employeeId} or m.manager_id = ${query.employeeId})`);
  const upcoming = query.when === 'upcoming';
  if (upcoming) conditions.push(sql`m.starts_at >= ${now}::timestamptz and m.status = 'scheduled'`);
  if (query.when === 'past') conditions.push(sql`m.starts_at < ${now}::timestamptz`);
  const keyset: Keyset<OneOnOneRow> = {
    parts: [
      { column: sql`m.starts_at`, kind: 'timestamptz', of: (m) => m.starts_at },
      { column: sql`m.id`, kind: 'uuid', of: (m) => m.id },
    ],
    descending: !upcoming,
  };
  const after = afterCursor(keyset, query.cursor);
  if (after) conditions.push(after);
  const rows = await selectOneOnOnes(
    scope,
    actor.employeeId,
    sql.join(conditions, sql` and `),
    upcoming
      ? sql`order by m.starts_at, m.id limit ${query.limit + 1}`
      : sql`order by m.starts_at desc, m.id desc limit ${query.limit + 1}`,
  );
  const { rows: items, nextCursor } = pageOf(keyset, rows, query.limit);
  return { items, nextCursor };
}

/** The meetings of a series the actor may see that are not cancelled, in order. */
export async function selectSeries(
  scope: TenantScope,
  actor: Actor,
  seriesId: string,
): Promise<OneOnOneRow[]> {
  return selectOneOnOnes(
    scope,
    actor.employeeId,
    sql`m.series_id = ${seriesId} and m.status <> 'cancelled' and ${visibleOneOnOnes(scope, actor)}`,
    sql`order by m.starts_at`,
  );
}

/** Meetings with names and the reader's own private note; `where` is on alias m. */
async function selectOneOnOnes(scope: TenantScope, readerId: string | null, where: SQL, tail: SQL) {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select m.id, m.series_id, m.manager_id, mg.name as manager_name, m.employee_id, e.name as employee_name,
      m.starts_at::text as starts_at, m.duration_minutes, m.location, m.agenda, m.shared_notes, m.grow, m.recurrence,
      m.status, n.body as private_note, m.version
    from one_on_ones m
    join employees mg on mg.tenant_id = m.tenant_id and mg.id = m.manager_id
    join employees e on e.tenant_id = m.tenant_id and e.id = m.employee_id
    left join one_on_one_notes n on n.tenant_id = m.tenant_id and n.meeting_id = m.id and n.author_id = ${readerId}
    where m.tenant_id = ${t} and ${where} ${tail}`);
  return rowsOf<OneOnOneRow>(result);
}

export async function insertOneOnOnes(
  scope: TenantScope,
  rows: readonly {
    series_id: string | null;
    manager_id: string;
    employee_id: string;
    starts_at: string;
    duration_minutes: number;
    location: string;
    agenda: string[];
    recurrence: string;
    created_by_id: string | null;
  }[],
) {
  const result = await scope.db.execute(sql`
    insert into one_on_ones (tenant_id, series_id, manager_id, employee_id, starts_at, duration_minutes, location, agenda,
      recurrence, created_by_id)
    select ${scope.tenantId}, x.series_id, x.manager_id, x.employee_id, x.starts_at, x.duration_minutes, x.location,
      x.agenda, x.recurrence, x.created_by_id
    from jsonb_to_recordset(${JSON.stringify(rows.map((row, n) => ({ ...row, n })))}::jsonb)
      as x(series_id uuid, manager_id uuid, employee_id uuid, starts_at timestamptz, duration_minutes int, location text,
        agenda jsonb, recurrence text, created_by_id uuid, n bigint)
    order by x.n returning id`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

export async function updateOneOnOne(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  changes: {
    starts_at?: string;
    duration_minutes?: number;
    location?: string;
    agenda?: string[];
    shared_notes?: string;
    grow?: Grow;
    status?: string;
  },
) {
  const sets: SQL[] = [sql`version = version + 1`, sql`updated_at = now()`];
  if (changes.starts_at !== undefined) sets.push(sql`starts_at = ${changes.starts_at}::timestamptz`);
  if (changes.duration_minutes !== undefined) sets.push(sql`duration_minutes = ${changes.duration_minutes}`);
  if (changes.location !== undefined) sets.push(sql`location = ${changes.location}`);
  if (changes.agenda !== undefined) sets.push(sql`agenda = ${JSON.stringify(changes.agenda)}::jsonb`);
  if (changes.shared_notes !== undefined) sets.push(sql`shared_notes = ${changes.shared_notes}`);
  if (changes.grow !== undefined) sets.push(sql`grow = ${JSON.stringify(changes.grow)}::jsonb`);
  if (changes.status !== undefined) sets.push(sql`status = ${changes.status}`);
  const result = await scope.db.execute(sql`
    update one_on_ones set ${sql.join(sets, sql`, `)}
    where tenant_id = ${scope.tenantId} and id = ${id} and version = ${expectedVersion} returning id`);
  return rowsOf(result).length === 1;
}

export async function savePrivateNote(scope: TenantScope, meetingId: string, authorId: string, body: string) {
  await scope.db.execute(sql`
    insert into one_on_one_notes (tenant_id, meeting_id, author_id, body) values (${scope.tenantId}, ${meetingId}, ${authorId}, ${body})
    on conflict (tenant_id, meeting_id, author_id) do update set body = excluded.body, updated_at = now()`);
}

export async function deleteOneOnOnes(scope: TenantScope, ids: readonly string[]) {
  await scope.db.execute(
    sql`delete from one_on_ones where tenant_id = ${scope.tenantId} and id = any(${uuidArray(ids)})`,
  );
}
