import type { Grow } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';

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

/** Meetings with names and the reader's own private note; `where` is on alias m. */
export async function selectOneOnOnes(scope: TenantScope, readerId: string | null, where: SQL, tail: SQL) {
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
