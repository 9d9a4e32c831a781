import type { GoalStatus, KrDirection, KrKind } from '@perfloop/core';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import { type GoalRow, OWN_KEY_RESULT_COLUMNS } from './goal.repository.ts';

export type KeyResultRow = {
  id: string;
  goal_id: string;
  position: number;
  title: string;
  kind: KrKind;
  direction: KrDirection;
  start_value: string | number;
  target_value: string | number | null;
  current_value: string | number | null;
  unit: string | null;
  weight_bp: number;
  start_date: string | null;
  due_date: string | null;
  done: boolean;
  manual_percent: string | number | null;
  roll_up: boolean;
  external_key: string | null;
  owner_id: string | null;
  confidence: number | null;
  last_check_in_at: string | null;
  /** Of the goal the KR belongs to, for progress and roll-up. */
  goal_weight_bp: number;
  goal_status: GoalStatus;
  goal_parent_key_result_id: string | null;
  goal_due_date: string | null;
  cycle_start: string;
  cycle_end: string;
};

/**
 * Goals given and every goal that rolls up into them (transitively), as the CTE `tree` with the
 * goal columns progress reads, every step through indexes: the given goals by id (a list of
 * 3,600 was a scan of the tenant's goals), then the goals aligned to the roll-up KRs of the step
 * above through the partial roll-up index (as a join it hashed every KR of the tenant).
 */
function rollUpTree(t: string, goalIds: readonly string[]) {
  return sql`with recursive tree as (
      select g.id, g.cycle_id, g.weight_bp, g.status, g.parent_key_result_id, g.due_date
      from unnest(${uuidArray(goalIds)}) x(id) cross join lateral (
        select * from goals g where g.tenant_id = ${t} and g.id = x.id offset 0
      ) g
      union
      select c.id, c.cycle_id, c.weight_bp, c.status, c.parent_key_result_id, c.due_date
      from tree cross join lateral (
        select c.id, c.cycle_id, c.weight_bp, c.status, c.parent_key_result_id, c.due_date
        from key_results k join goals c on c.tenant_id = k.tenant_id and c.parent_key_result_id = k.id
        where k.tenant_id = ${t} and k.goal_id = tree.id and k.roll_up and c.status in ('approved', 'closed')
        offset 0
      ) c
    )`;
}

/**
 * The key results of the goals of `tree` (aliased g), goal by goal through the (tenant, goal)
 * index: a list of goals is a small part of the tenant, which a join would hash whole.
 */
const KEY_RESULTS_OF_TREE = (t: string) => sql`tree g cross join lateral (
    select * from key_results k where k.tenant_id = ${t} and k.goal_id = g.id offset 0
  ) k`;

/**
 * The key results of the given goals and of every goal that rolls up into them (transitively),
 * in one statement: everything progress needs, whatever the depth of the roll-up.
 */
export async function selectKeyResultsForProgress(
  scope: TenantScope,
  goalIds: readonly string[],
): Promise<KeyResultRow[]> {
  if (goalIds.length === 0) return [];
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    ${rollUpTree(t, goalIds)}
    select ${OWN_KEY_RESULT_COLUMNS}, k.goal_id, g.weight_bp as goal_weight_bp, g.status as goal_status, g.parent_key_result_id as goal_parent_key_result_id,
      g.due_date::text as goal_due_date, c.start_date::text as cycle_start, c.end_date::text as cycle_end
    from ${KEY_RESULTS_OF_TREE(t)}
    join cycles c on c.tenant_id = ${t} and c.id = g.cycle_id
    order by k.goal_id, k.position`);
  return rowsOf<KeyResultRow>(result);
}

/**
 * The key results progress needs for goals read by selectGoals: their own, nested in them, and,
 * for goals with a roll-up KR, those of every goal that rolls up into them (a second statement,
 * only then).
 */
export function keyResultsOfGoals(scope: TenantScope, goals: readonly GoalRow[]): Promise<KeyResultRow[]> {
  return withRolledUp(
    goals,
    (g) => g.key_results,
    // Field by field, not by spreading: a spread of these JSON objects took 20 µs a key result.
    (kr, g) => ({
      id: kr.id,
      goal_id: g.id,
      position: kr.position,
      title: kr.title,
      kind: kr.kind,
      direction: kr.direction,
      start_value: kr.start_value,
      target_value: kr.target_value,
      current_value: kr.current_value,
      unit: kr.unit,
      weight_bp: kr.weight_bp,
      start_date: kr.start_date,
      due_date: kr.due_date,
      done: kr.done,
      manual_percent: kr.manual_percent,
      roll_up: kr.roll_up,
      external_key: kr.external_key,
      owner_id: kr.owner_id,
      confidence: kr.confidence,
      last_check_in_at: kr.last_check_in_at,
      goal_weight_bp: g.weight_bp,
      goal_status: g.status,
      goal_parent_key_result_id: g.parent_key_result_id,
      goal_due_date: g.due_date,
      cycle_start: g.cycle_start,
      cycle_end: g.cycle_end,
    }),
    (ids) => selectKeyResultsForProgress(scope, ids),
  );
}

/**
 * The key results nested in `goals`, each made a row by `toRow`, and, for goals with a roll-up KR,
 * those of every goal that rolls up into them, read by `read` (a second statement, only then),
 * each key result once.
 */
export async function withRolledUp<
  G extends { id: string },
  Kr,
  Row extends { id: string; roll_up: boolean },
>(
  goals: readonly G[],
  nested: (goal: G) => readonly Kr[],
  toRow: (kr: Kr, goal: G) => Row,
  read: (goalIds: readonly string[]) => Promise<Row[]>,
): Promise<Row[]> {
  const rows: Row[] = [];
  const rollingUp: string[] = [];
  for (const g of goals) {
    let rollsUp = false;
    for (const kr of nested(g)) {
      const row = toRow(kr, g);
      rows.push(row);
      rollsUp ||= row.roll_up;
    }
    if (rollsUp) rollingUp.push(g.id);
  }
  if (rollingUp.length === 0) return rows;
  const own = new Set(rows.map((kr) => kr.id));
  for (const kr of await read(rollingUp)) if (!own.has(kr.id)) rows.push(kr);
  return rows;
}

/** What progress alone needs of a key result and its goal. */
export type KeyResultMeasureRow = Pick<
  KeyResultRow,
  | 'id'
  | 'goal_id'
  | 'kind'
  | 'direction'
  | 'start_value'
  | 'target_value'
  | 'current_value'
  | 'weight_bp'
  | 'done'
  | 'manual_percent'
  | 'roll_up'
  | 'goal_weight_bp'
  | 'goal_status'
  | 'goal_parent_key_result_id'
>;

/** The columns of KeyResultMeasureRow, on aliases k (key result) and g (its goal). */
const MEASURE_COLUMNS = sql`k.id, k.goal_id, k.kind, k.direction, k.start_value, k.target_value, k.current_value,
  k.weight_bp, k.done, k.manual_percent, k.roll_up, g.weight_bp as goal_weight_bp, g.status as goal_status,
  g.parent_key_result_id as goal_parent_key_result_id`;

/**
 * selectKeyResultsForProgress with only the columns progress reads: for aggregates over thousands
 * of goals, where reading and parsing the other columns was most of the time.
 */
export async function selectKeyResultMeasures(
  scope: TenantScope,
  goalIds: readonly string[],
): Promise<KeyResultMeasureRow[]> {
  if (goalIds.length === 0) return [];
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    ${rollUpTree(t, goalIds)}
    select ${MEASURE_COLUMNS} from ${KEY_RESULTS_OF_TREE(t)}`);
  return rowsOf<KeyResultMeasureRow>(result);
}

/** A KR's measure and the dates of its span: what the weekly snapshot needs. */
export type KeyResultSpanRow = KeyResultMeasureRow &
  Pick<KeyResultRow, 'position' | 'start_date' | 'due_date' | 'goal_due_date' | 'cycle_start' | 'cycle_end'>;

/**
 * selectKeyResultMeasures with each KR's span, for the snapshot of every open goal: a join, as
 * the whole tenant is read.
 */
export async function selectKeyResultSpans(
  scope: TenantScope,
  goalIds: readonly string[],
): Promise<KeyResultSpanRow[]> {
  if (goalIds.length === 0) return [];
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    ${rollUpTree(t, goalIds)}
    select ${MEASURE_COLUMNS}, k.position, k.start_date::text as start_date,
      k.due_date::text as due_date, g.due_date::text as goal_due_date, c.start_date::text as cycle_start,
      c.end_date::text as cycle_end
    from tree g
    join key_results k on k.tenant_id = ${t} and k.goal_id = g.id
    join cycles c on c.tenant_id = ${t} and c.id = g.cycle_id`);
  return rowsOf<KeyResultSpanRow>(result);
}

export async function findKeyResultGoalId(scope: TenantScope, keyResultId: string) {
  const result = await scope.db.execute(
    sql`select goal_id from key_results where tenant_id = ${scope.tenantId} and id = ${keyResultId}`,
  );
  return rowsOf<{ goal_id: string }>(result)[0]?.goal_id ?? null;
}
