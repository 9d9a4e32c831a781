import type { Cycle, CycleStatus, CycleWarningOverride, Phases } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import { cycles } from '../../db/schema.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Page } from '../../shared/pagination.ts';

type CycleRow = {
  id: string;
  name: string;
  kind: Cycle['kind'];
  start_date: string;
  end_date: string;
  time_zone: string;
  phases: Phases;
  warning_settings: CycleWarningOverride | null;
  status: CycleStatus;
  goal_count?: number;
  version: number;
  created_at: string;
  updated_at: string;
};

/** A cycle without its goal count: what rules and checks read, without counting the cycle's goals. */
export type CycleState = Omit<Cycle, 'goalCount'>;

function toCycleState(r: CycleRow): CycleState {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    startDate: r.start_date,
    endDate: r.end_date,
    timeZone: r.time_zone,
    phases: r.phases,
    warningSettings: r.warning_settings,
    status: r.status,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const CYCLE_COLUMNS = sql`c.id, c.name, c.kind, c.start_date::text as start_date, c.end_date::text as end_date,
  c.time_zone, c.phases, c.warning_settings, c.status, c.version, c.created_at::text as created_at,
  c.updated_at::text as updated_at`;

/** Cycles as the API shows them, with how many goals each has (a count over the cycle's goals). */
async function selectCycles(scope: TenantScope, where: SQL, tail: SQL): Promise<Cycle[]> {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select ${CYCLE_COLUMNS},
      (select count(*) from goals g where g.tenant_id = ${t} and g.cycle_id = c.id and g.status <> 'cancelled')::int as goal_count
    from cycles c where c.tenant_id = ${t} and ${where} ${tail}`);
  return rowsOf<CycleRow>(result).map((r) => ({ ...toCycleState(r), goalCount: Number(r.goal_count) }));
}

/**
 * A cycle's dates, phases and status by primary key, for checks on every goal read and write:
 * counting the cycle's goals scanned all of them (8 ms at 10k employees, ten times that at 100k).
 */
export async function findCycleState(scope: TenantScope, id: string): Promise<CycleState | null> {
  const result = await scope.db.execute(sql`
    select ${CYCLE_COLUMNS} from cycles c where c.tenant_id = ${scope.tenantId} and c.id = ${id}`);
  const [row] = rowsOf<CycleRow>(result);
  return row ? toCycleState(row) : null;
}

const CYCLE_KEYSET: Keyset<Cycle> = {
  parts: [
    { column: sql`c.start_date`, kind: 'date', of: (c) => c.startDate },
    { column: sql`c.id`, kind: 'uuid', of: (c) => c.id },
  ],
  descending: true,
};

/** Newest first; the cursor is (start date, id). */
export async function listCycles(
  scope: TenantScope,
  filter: { status?: CycleStatus; limit: number; cursor?: string },
): Promise<Page<Cycle>> {
  const conditions: SQL[] = [sql`true`];
  if (filter.status) conditions.push(sql`c.status = ${filter.status}`);
  const after = afterCursor(CYCLE_KEYSET, filter.cursor);
  if (after) conditions.push(after);
  const items = await selectCycles(
    scope,
    sql.join(conditions, sql` and `),
    sql`order by c.start_date desc, c.id desc limit ${filter.limit + 1}`,
  );
  const { rows, nextCursor } = pageOf(CYCLE_KEYSET, items, filter.limit);
  return { items: rows, nextCursor };
}

export async function findCycle(scope: TenantScope, id: string, lock = false): Promise<Cycle | null> {
  const [cycle] = await selectCycles(scope, sql`c.id = ${id}`, lock ? sql`for update of c` : sql``);
  return cycle ?? null;
}

export type CycleWrite = {
  name: string;
  kind: Cycle['kind'];
  startDate: string;
  endDate: string;
  timeZone: string;
  phases: Phases;
  warningSettings: CycleWarningOverride | null;
};

export async function insertCycle(scope: TenantScope, row: CycleWrite) {
  const [created] = await scope.db.insert(cycles).values(scope.values(row)).returning({ id: cycles.id });
  return created!.id;
}

export async function updateCycle(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  changes: Partial<CycleWrite> & { status?: CycleStatus },
) {
  const rows = await scope.db
    .update(cycles)
    .set({ ...changes, version: sql`${cycles.version} + 1`, updatedAt: sql`now()` })
    .where(scope.where(cycles, sql`${cycles.id} = ${id} and ${cycles.version} = ${expectedVersion}`))
    .returning({ id: cycles.id });
  return rows.length === 1;
}

/** Closing a cycle closes its approved goals; reopening brings them back. */
export async function setGoalsClosed(scope: TenantScope, cycleId: string, closed: boolean) {
  const [from, to] = closed ? ['approved', 'closed'] : ['closed', 'approved'];
  await scope.db.execute(sql`
    update goals set status = ${to}, version = version + 1, updated_at = now()
    where tenant_id = ${scope.tenantId} and cycle_id = ${cycleId} and status = ${from}`);
}

export async function deleteCycle(scope: TenantScope, id: string) {
  await scope.db.execute(sql`delete from cycles where tenant_id = ${scope.tenantId} and id = ${id}`);
}
