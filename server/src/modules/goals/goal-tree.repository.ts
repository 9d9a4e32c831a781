import {
  GOAL_LEVELS,
  type GoalKind,
  type GoalLevel,
  type GoalStatus,
  type KrDirection,
  type KrKind,
} from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { departmentAndBelow } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { Page } from '../../shared/pagination.ts';
import {
  goalIdsInDepartments,
  ownerAndDepartment,
  scopeCoversCompany,
  visibleGoalByWalk,
  visibleGoalIds,
} from './goal.repository.ts';
import { type KeyResultMeasureRow, selectKeyResultMeasures, withRolledUp } from './key-result.repository.ts';

type TreeLevelRow = { id: string; created_at: string; level: GoalLevel; child_count: number };

/** A tree level's order: company → department → person, then by creation. */
const TREE_KEYSET: Keyset<TreeLevelRow> = {
  parts: [
    { column: sql`g.level`, kind: GOAL_LEVELS, of: (g) => g.level },
    { column: sql`g.created_at`, kind: 'timestamptz', of: (g) => g.created_at },
    { column: sql`g.id`, kind: 'uuid', of: (g) => g.id },
  ],
  descending: false,
};

/**
 * One page of one level of a cycle's alignment tree, as ids with how many shown goals align to
 * each: the goals aligned to `parentId`, or (null) the roots, whose parent is not shown. Shown:
 * not cancelled, and in every one of `shownIds` (subqueries of ids; none: every goal). Their
 * intersection is built once per statement, as it is the caller's whole reach.
 */
export async function selectTreeLevel(
  scope: TenantScope,
  query: {
    cycleId: string;
    parentId: string | null;
    shownIds: readonly SQL[];
    /** A condition each shown goal must also meet, on the alias it is given (levels below a goal). */
    shownWhere?: ((alias: string) => SQL) | null;
    /** After this cursor (a 400 if it is not one of this list). */
    cursor?: string;
    limit: number;
  },
): Promise<Page<TreeLevelRow>> {
  const t = scope.tenantId;
  const limit = query.limit + 1;
  const { cycleId, shownIds } = query;
  const shown = (alias: string) => {
    const a = sql.raw(alias);
    return sql.join(
      [
        sql`${a}.status <> 'cancelled'`,
        ...(shownIds.length > 0 ? [sql`${a}.id in (select id from shown)`] : []),
        ...(query.shownWhere ? [query.shownWhere(alias)] : []),
      ],
      sql` and `,
    );
  };
  const prelude =
    shownIds.length > 0
      ? sql`with shown as materialized (${sql.join(
          shownIds.map((ids) => sql`(${ids})`),
          sql` intersect `,
        )}),`
      : sql`with`;
  const afterRow = afterCursor(TREE_KEYSET, query.cursor);
  const after = afterRow ? sql`and ${afterRow}` : sql``;
  const childCount = sql`(select count(*) from goals c
    where c.tenant_id = ${t} and c.parent_goal_id = page.id and ${shown('c')})::int as child_count`;
  let result: Awaited<ReturnType<typeof scope.db.execute>>;
  if (query.parentId)
    result = await scope.db.execute(sql`
      ${prelude} page as materialized (
        select g.id, g.level, g.created_at from goals g
        where g.tenant_id = ${t} and g.parent_goal_id = ${query.parentId} and g.cycle_id = ${cycleId}
          and ${shown('g')} ${after}
        order by g.level, g.created_at, g.id limit ${limit}
      )
      select page.id, page.level, page.created_at::text as created_at, ${childCount}
      from page order by page.level, page.created_at, page.id`);
  else if (shownIds.length > 0)
    // The roots of a reach: its goals read once (live), those whose parent is not among them found
    // by a hash anti-join, and the children counted by one hash aggregate. A correlated "parent
    // not shown" test scanned the whole reach once per goal.
    result = await scope.db.execute(sql`
      ${prelude} live as materialized (
        select g.id, g.parent_goal_id, g.level, g.created_at from (select distinct id from shown) s
        cross join lateral (select g.id, g.parent_goal_id, g.level, g.created_at, g.status from goals g
          where g.tenant_id = ${t} and g.id = s.id and g.cycle_id = ${cycleId} offset 0) g
        where g.status <> 'cancelled'
      ), page as materialized (
        select g.id, g.level, g.created_at from live g left join live p on p.id = g.parent_goal_id
        where p.id is null ${after}
        order by g.level, g.created_at, g.id limit ${limit}
      ), counts as (
        select parent_goal_id as id, count(*)::int as n from live where parent_goal_id is not null group by 1
      )
      select page.id, page.level, page.created_at::text as created_at, coalesce(counts.n, 0) as child_count
      from page left join counts on counts.id = page.id
      order by page.level, page.created_at, page.id`);
  // Everything is shown: the roots in order through (tenant, cycle, level, created_at, id),
  // stopping at a page, each parent an index lookup (offset 0: hashed, it read the whole tenant).
  else
    result = await scope.db.execute(sql`
      with page as materialized (
        select g.id, g.level, g.created_at from goals g
        where g.tenant_id = ${t} and g.cycle_id = ${cycleId} and ${shown('g')}
          and (g.parent_goal_id is null or not exists (select 1 from goals p
            where p.tenant_id = ${t} and p.id = g.parent_goal_id and ${shown('p')} offset 0)) ${after}
        order by g.level, g.created_at, g.id limit ${limit}
      )
      select page.id, page.level, page.created_at::text as created_at, ${childCount}
      from page order by page.level, page.created_at, page.id`);
  const { rows, nextCursor } = pageOf(TREE_KEYSET, rowsOf<TreeLevelRow>(result), query.limit);
  return { items: rows, nextCursor };
}

/** A key result as selectTreeNodes nests it: what the tree shows and what its progress reads. */
export type TreeKeyResultEntry = [
  id: string,
  title: string,
  weightBp: number,
  rollUp: boolean,
  kind: KrKind,
  direction: KrDirection,
  startValue: number,
  targetValue: number | null,
  currentValue: number | null,
  done: boolean,
  manualPercent: number | null,
];

export type TreeNodeRow = {
  id: string;
  parent_goal_id: string | null;
  parent_key_result_id: string | null;
  level: GoalLevel;
  kind: GoalKind;
  title: string;
  status: GoalStatus;
  weight_bp: number;
  owner_name: string | null;
  department_name: string | null;
  key_results: TreeKeyResultEntry[];
};

/**
 * The goals of a level of the alignment tree, in the order of `ids`: only what a node shows, with
 * its key results as JSON arrays. A page of 100 read through selectGoals (cycle, parent titles,
 * open revisions, every key-result column) and built whole API goals to keep a dozen fields.
 */
export async function selectTreeNodes(scope: TenantScope, ids: readonly string[]): Promise<TreeNodeRow[]> {
  if (ids.length === 0) return [];
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select g.id, g.parent_goal_id, g.parent_key_result_id, g.level, g.kind, g.title, g.status, g.weight_bp,
      o.name as owner_name, d.name as department_name,
      (select coalesce(json_agg(json_build_array(k.id, k.title, k.weight_bp, k.roll_up, k.kind, k.direction,
          k.start_value, k.target_value, k.current_value, k.done, k.manual_percent) order by k.position), '[]')
        from key_results k where k.tenant_id = ${t} and k.goal_id = g.id) as key_results
    from unnest(${uuidArray(ids)}) with ordinality as x(id, n)
    cross join lateral (select * from goals g where g.tenant_id = ${t} and g.id = x.id offset 0) g
    ${ownerAndDepartment(t)}
    order by x.n`);
  return rowsOf<TreeNodeRow>(result);
}

/**
 * What progress needs for tree nodes: their own key results, nested in them, and, for nodes with a
 * roll-up KR, those of every goal that rolls up into them (a second statement, only then).
 */
export function keyResultMeasuresOfNodes(
  scope: TenantScope,
  nodes: readonly TreeNodeRow[],
): Promise<KeyResultMeasureRow[]> {
  return withRolledUp(
    nodes,
    (g) => g.key_results,
    ([id, , weightBp, rollUp, kind, direction, start, target, current, done, manual], g) => ({
      id,
      goal_id: g.id,
      kind,
      direction,
      start_value: start,
      target_value: target,
      current_value: current,
      weight_bp: weightBp,
      done,
      manual_percent: manual,
      roll_up: rollUp,
      goal_weight_bp: g.weight_bp,
      goal_status: g.status,
      goal_parent_key_result_id: g.parent_key_result_id,
    }),
    (ids) => selectKeyResultMeasures(scope, ids),
  );
}

/**
 * One page of one level of the alignment tree as the actor sees it: visible to them, and in the
 * department filter.
 */
export async function selectTreeLevelShown(
  scope: TenantScope,
  actor: Actor,
  query: {
    cycleId: string;
    parentId?: string | undefined;
    departmentId?: string | undefined;
    cursor?: string;
    limit: number;
  },
): Promise<Page<TreeLevelRow>> {
  const t = scope.tenantId;
  // The goals the tree shows: visible to the caller, and in the department filter.
  const shownIds: SQL[] = [];
  const visible = visibleGoalIds(scope, actor, actor.tenant.goalSettings.goalsVisibleToAll, query.cycleId);
  // The head of the whole company sees every goal: the index-ordered walk HR takes, not a reach.
  const reach = visible !== null && !(await scopeCoversCompany(scope, actor));
  // The first level needs the caller's whole reach (a root is a goal whose parent they cannot see);
  // a level below a goal asks each of its goals (and of the level below, for the counts) instead,
  // walking up from it, at a cost that does not grow with the reach.
  if (reach && !query.parentId) shownIds.push(visible);
  if (query.departmentId)
    shownIds.push(
      goalIdsInDepartments(t, departmentAndBelow(t, query.departmentId), {
        cycleId: query.cycleId,
        withCompanyGoals: true,
      }),
    );
  return selectTreeLevel(scope, {
    cycleId: query.cycleId,
    parentId: query.parentId ?? null,
    shownIds,
    shownWhere: reach && query.parentId ? (alias) => visibleGoalByWalk(t, actor, alias) : null,
    cursor: query.cursor,
    limit: query.limit,
  });
}
