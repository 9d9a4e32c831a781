import { type SQL, sql } from 'drizzle-orm';
import { visibleEmployeesCondition } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';

export type StoredItem = {
  dimension: string;
  target: number;
  actual: number;
  unit: string;
  rootCauses: string[];
  actions: { text: string; followUpId: string | null }[];
};

export type GapRow = {
  id: string;
  employee_id: string;
  employee_name: string;
  cycle_id: string | null;
  title: string;
  items: StoredItem[];
  created_by_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
};

/** Gap analyses of people the actor may see (themself included), of one person if asked: the newest 200. */
export async function selectGapAnalyses(
  scope: TenantScope,
  actor: Actor,
  filter: { employeeId?: string | undefined },
) {
  return queryGapAnalyses(
    scope,
    actor,
    filter.employeeId ? sql`a.employee_id = ${filter.employeeId}` : sql`true`,
  );
}

/** One gap analysis, if it is about someone the actor may see. */
export async function findGapAnalysis(scope: TenantScope, actor: Actor, id: string): Promise<GapRow | null> {
  const [row] = await queryGapAnalyses(scope, actor, sql`a.id = ${id}`);
  return row ?? null;
}

/** `where` on aliases a and e. */
async function queryGapAnalyses(scope: TenantScope, actor: Actor, where: SQL) {
  const people = visibleEmployeesCondition(scope, actor) ?? sql`true`;
  const result = await scope.db.execute(sql`
    select a.id, a.employee_id, e.name as employee_name, a.cycle_id, a.title, a.items, a.created_by_id, a.version,
      a.created_at::text as created_at, a.updated_at::text as updated_at
    from gap_analyses a join employees e on e.tenant_id = a.tenant_id and e.id = a.employee_id
    where a.tenant_id = ${scope.tenantId} and ${people} and ${where}
    order by a.created_at desc, a.id desc limit 200`);
  return rowsOf<GapRow>(result);
}

export async function insertGapAnalysis(
  scope: TenantScope,
  row: {
    employeeId: string;
    cycleId: string | null;
    title: string;
    items: StoredItem[];
    createdById: string | null;
  },
): Promise<string> {
  const result = await scope.db.execute(sql`
    insert into gap_analyses (tenant_id, employee_id, cycle_id, title, items, created_by_id)
    values (${scope.tenantId}, ${row.employeeId}, ${row.cycleId}, ${row.title}, ${JSON.stringify(row.items)}::jsonb,
      ${row.createdById})
    returning id`);
  return rowsOf<{ id: string }>(result)[0]!.id;
}

/** Saves at the expected version (null: whatever it is, under a lock); false when someone saved first. */
export async function updateGapAnalysis(
  scope: TenantScope,
  id: string,
  expectedVersion: number | null,
  changes: { title?: string; cycleId?: string | null; items: StoredItem[] },
): Promise<boolean> {
  const result = await scope.db.execute(sql`
    update gap_analyses set items = ${JSON.stringify(changes.items)}::jsonb, version = version + 1, updated_at = now()
      ${changes.title !== undefined ? sql`, title = ${changes.title}` : sql``}
      ${changes.cycleId !== undefined ? sql`, cycle_id = ${changes.cycleId}` : sql``}
    where tenant_id = ${scope.tenantId} and id = ${id} ${expectedVersion !== null ? sql`and version = ${expectedVersion}` : sql``}
    returning id`);
  return rowsOf(result).length === 1;
}

export async function lockGapAnalysis(scope: TenantScope, id: string) {
  await scope.db.execute(
    sql`select id from gap_analyses where tenant_id = ${scope.tenantId} and id = ${id} for update`,
  );
}
