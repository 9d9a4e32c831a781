import {
  ATTAINMENT_LEVEL,
  ATTAINMENT_STATUSES,
  type CycleWarningOverride,
  type GoalKind,
  type GoalLevel,
  type GoalStatus,
  type KrDirection,
  type KrKind,
} from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { isTenantAdmin } from '../../access/reach.ts';
import {
  departmentAndBelow,
  peopleOfDepartments,
  reportsOf,
  scopedDepartmentRoots,
  scopedDepartments,
  visibleEmployeesCondition,
} from '../../access/visibility.sql.ts';
import { type Executor, rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import { goals, goalVersions, keyResults } from '../../db/schema.ts';
import { textArray, uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { Page } from '../../shared/pagination.ts';
import type { KeyResultRow } from './key-result.repository.ts';

/** The department a goal belongs to: the owner's current one for personal goals. Aliases g, o. */
const EFFECTIVE_DEPARTMENT = sql`coalesce(o.department_id, g.department_id)`;

/**
 * The goals an actor may see, as a condition on aliases g (goal) and o (owner): company goals;
 * goals of the people they may see (themself, their reporting line, departments they head or
 * are HRBP for); their managers' goals, up the line, to align with; department goals of their
 * own department and the departments above it. With
 * OKR transparency on, or for HR admins and tokens, everything (null).
 *
 * Given a cycle, the same rule is one `in` over index lookups of those goals (see
 * visibleGoalIdsInCycle), for reads that would otherwise test every goal of the cycle.
 */
export function visibleGoalsCondition(
  scope: TenantScope,
  actor: Actor,
  transparent: boolean,
  options: { cycleId?: string } = {},
): SQL | null {
  if (seesEveryGoal(actor, transparent)) return null;
  const me = actor.employeeId;
  if (!me) return sql`false`;
  const t = scope.tenantId;
  if (options.cycleId) return sql`g.id in (${visibleGoalIdsInCycle(t, actor, me, options.cycleId)})`;
  // The people the actor sees (visibleEmployeesCondition), spelt on the owner: themself, their
  // reports, and (below) owners in the departments they head or are HRBP for. Each subquery is
  // bounded by the actor's reach, never by the size of the company.
  return sql`(g.level = 'company'
    or g.owner_id = ${me}
    or g.owner_id in (${reportsOf(t, me)})
    or g.owner_id in (${managersAbove(t, me)})
    or ${EFFECTIVE_DEPARTMENT} in (${scopedDepartments(t, actor)})
    or (g.level = 'department' and g.department_id in (${ownDepartmentChain(t, me)})))`;
}

/** visibleGoalsCondition in one cycle as a subquery of ids, for any alias; null: every goal. */
export function visibleGoalIds(
  scope: TenantScope,
  actor: Actor,
  transparent: boolean,
  cycleId: string,
): SQL | null {
  if (seesEveryGoal(actor, transparent)) return null;
  const me = actor.employeeId;
  if (!me) return sql`select null::uuid where false`;
  return visibleGoalIdsInCycle(scope.tenantId, actor, me, cycleId);
}

/**
 * Whether the departments the actor heads or is HRBP for, with those below, are all of the
 * tenant's: then visibleGoalsCondition lets them see every goal, as HR does, and a reach built
 * goal by goal would be the whole company (5 s for the head of a company of 100,000).
 */
export async function scopeCoversCompany(scope: TenantScope, actor: Actor): Promise<boolean> {
  if (!actor.employeeId || (!actor.roles.has('department_head') && actor.hrbpDepartmentIds.length === 0))
    return false;
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select not exists (select 1 from departments d
      where d.tenant_id = ${t} and d.id not in (${scopedDepartments(t, actor)})) as covers`);
  return rowsOf<{ covers: boolean }>(result)[0]?.covers ?? false;
}

/**
 * The managers above a person (an id, or an expression of one), up the reporting line, as a
 * subquery of ids. One primary-key probe per step (the lateral subquery): joined as a set, the
 * planner read every employee of a small company to find a chain of three.
 */
function managersAbove(t: string, me: string | SQL): SQL {
  return sql`with recursive above as (
      select manager_id as id from employees where tenant_id = ${t} and id = ${me} and manager_id is not null
      union
      select m.manager_id from above cross join lateral (
        select e.manager_id from employees e where e.tenant_id = ${t} and e.id = above.id and e.manager_id is not null offset 0
      ) m
    ) select id from above`;
}

/** A person's department and the departments above it, as a subquery of ids. */
function ownDepartmentChain(t: string, me: string): SQL {
  return departmentChain(
    t,
    sql`(select e.department_id from employees e where e.tenant_id = ${t} and e.id = ${me})`,
  );
}

/** A department (an expression of its id) and the departments above it, as a subquery of ids. */
function departmentChain(t: string, department: SQL): SQL {
  return sql`with recursive mine as (
      select d.id, d.parent_id from departments d where d.tenant_id = ${t} and d.id = ${department}
      union
      select p.id, p.parent_id from mine cross join lateral (
        select p.id, p.parent_id from departments p where p.tenant_id = ${t} and p.id = mine.parent_id offset 0
      ) p
    ) select id from mine`;
}

/**
 * visibleGoalIdsInCycle asked of one goal at a time (alias `alias`), by walking up from it: the
 * owner's reporting line (does it reach the actor?) and the chain of the goal's department, its
 * owner's or its own (does the actor head, or partner as HRBP, a department on it?). It agrees
 * with the set on every goal (tested); for a few goals, such as one level of the alignment tree
 * and the level below it, it costs the same whatever the size of the actor's reach. The actor's
 * own managers and department chain are few, and read once.
 */
export function visibleGoalByWalk(t: string, actor: Actor, alias: string): SQL {
  const me = actor.employeeId;
  if (!me) return sql`false`;
  const g = sql.raw(alias);
  return sql`coalesce(${g}.level = 'company'
    or ${g}.owner_id = ${me}
    or ${g}.owner_id in (${managersAbove(t, me)})
    or (${g}.owner_id is not null and ${me} in (${managersAbove(t, sql`${g}.owner_id`)}))
    or exists (select 1 from (${departmentChain(
      t,
      sql`coalesce((select o.department_id from employees o where o.tenant_id = ${t} and o.id = ${g}.owner_id),
        ${g}.department_id)`,
    )}) up where up.id in (${scopedDepartmentRoots(t, actor)}))
    or (${g}.level = 'department' and ${g}.department_id in (${ownDepartmentChain(t, me)})), false)`;
}

/**
 * visibleGoalsCondition for one goal (alias g), asked by walking up from it (visibleGoalByWalk):
 * what reads and writes of a single goal, key result or revision use, so that their cost does not
 * grow with the actor's reach (the whole company for its head). Null: the actor sees every goal.
 */
export function oneGoalVisible(scope: TenantScope, actor: Actor, transparent: boolean): SQL | null {
  if (seesEveryGoal(actor, transparent)) return null;
  return visibleGoalByWalk(scope.tenantId, actor, 'g');
}

/** HR and system admins see every goal; everyone does with OKR transparency on. */
function seesEveryGoal(actor: Actor, transparent: boolean): boolean {
  return isTenantAdmin(actor) || transparent;
}

/**
 * visibleGoalsCondition's goals in one cycle, as a subquery of ids found through indexes: the
 * company goals (partial index), the goals of each person the actor sees or reports to, the
 * goals of the departments they head or are HRBP for, and the department goals up their own
 * chain. A manager's alignment tree reads its 2,300 goals instead of testing all 40,000 of the
 * cycle (400,000 at 100k people).
 */
function visibleGoalIdsInCycle(t: string, actor: Actor, me: string, cycleId: string): SQL {
  return sql`select vg.id from goals vg where vg.tenant_id = ${t} and vg.cycle_id = ${cycleId} and vg.level = 'company'
    union all
    ${goalIdsOfPeople(
      t,
      sql`select ${me}::uuid as id
        union all select r.id from (${reportsOf(t, me)}) r
        union all select a.id from (${managersAbove(t, me)}) a`,
      cycleId,
    )}
    union all
    ${goalIdsOfDepartments(t, scopedDepartments(t, actor), cycleId)}
    union all
    select vg.id from (${ownDepartmentChain(t, me)}) vd
      cross join lateral (select vg.id from goals vg
        where vg.tenant_id = ${t} and vg.cycle_id = ${cycleId} and vg.department_id = vd.id and vg.level = 'department'
        offset 0) vg`;
}

/**
 * Goals whose department (the owner's, or the goal's own when it has no owner) is one of
 * `departments`, as a condition on alias g: one `in` over index lookups (the people of those
 * departments, then their goals; the ownerless goals of those departments). Written as
 * coalesce(o.department_id, g.department_id) in (…) it could only be tested goal by goal over the
 * whole cycle: 400,000 goals at 100k people for a department of 200 goals.
 */
export function goalsOfDepartments(
  t: string,
  departments: SQL,
  options: { cycleId?: string | undefined; withCompanyGoals?: boolean } = {},
): SQL {
  return sql`g.id in (${goalIdsInDepartments(t, departments, options)})`;
}

/** goalsOfDepartments as a subquery of ids. */
export function goalIdsInDepartments(
  t: string,
  departments: SQL,
  options: { cycleId?: string | undefined; withCompanyGoals?: boolean } = {},
): SQL {
  const { cycleId } = options;
  const company = options.withCompanyGoals
    ? sql`union all select dg.id from goals dg where dg.tenant_id = ${t} and dg.level = 'company'
        ${cycleId ? sql`and dg.cycle_id = ${cycleId}` : sql``}`
    : sql``;
  return sql`${goalIdsOfDepartments(t, departments, cycleId)} ${company}`;
}

/**
 * The goals some people own in a cycle (`people`: a subquery of column `id`), as a subquery of
 * ids: person by person through the (tenant, cycle, owner) index, fenced by `offset 0`, or the
 * planner hashes the whole cycle.
 */
export function goalIdsOfPeople(t: string, people: SQL, cycleId: string): SQL {
  return sql`select og.id from (${people}) op cross join lateral (
      select og.id from goals og where og.tenant_id = ${t} and og.cycle_id = ${cycleId} and og.owner_id = op.id
      offset 0) og`;
}

/** The goals without an owner of some departments in a cycle (department goals), by index. */
export function ownerlessGoalIdsOf(t: string, departments: SQL, cycleId: string): SQL {
  return sql`select dg.id from (${departments}) dd cross join lateral (
      select dg.id from goals dg where dg.tenant_id = ${t} and dg.cycle_id = ${cycleId}
        and dg.department_id = dd.id and dg.owner_id is null offset 0) dg`;
}

function goalIdsOfDepartments(t: string, departments: SQL, cycleId: string | undefined): SQL {
  // In a cycle, each person's goals and each department's ownerless goals are index lookups
  // (fenced by offset 0, or the planner hashes the whole cycle); across cycles there is no such
  // index, and the planner joins.
  if (cycleId)
    return sql`${goalIdsOfPeople(t, peopleOfDepartments(t, departments), cycleId)}
      union all
      ${ownerlessGoalIdsOf(t, departments, cycleId)}`;
  return sql`select dg.id from goals dg
      where dg.tenant_id = ${t} and dg.owner_id in (${peopleOfDepartments(t, departments)})
    union all
    select dg.id from goals dg
      where dg.tenant_id = ${t} and dg.owner_id is null and dg.department_id in (${departments})`;
}

/** Whether a goal of the tenant matches a condition on aliases g and o (owner), without loading it. */
async function goalMatches(scope: TenantScope, id: string, where: SQL): Promise<boolean> {
  const result = await scope.db.execute(sql`
    select exists (select 1 from goals g left join employees o on o.tenant_id = g.tenant_id and o.id = g.owner_id
      where g.tenant_id = ${scope.tenantId} and g.id = ${id} and ${where}) as ok`);
  return rowsOf<{ ok: boolean }>(result)[0]?.ok === true;
}

/**
 * Goal `g` counts toward its owner's attainment (§2): core's `countsTowardAttainment` as SQL, from
 * the same constants, for the queries that pick those goals in the database. A test runs both over
 * every status and level (attainment.int.test.ts).
 */
export function countsTowardAttainmentSql(g: SQL): SQL {
  const statuses = sql.join(
    ATTAINMENT_STATUSES.map((status) => sql`${status}`),
    sql`, `,
  );
  return sql`(${g}.level = ${ATTAINMENT_LEVEL} and ${g}.status in (${statuses}))`;
}

export type GoalRow = {
  id: string;
  cycle_id: string;
  cycle_name: string;
  cycle_start: string;
  cycle_end: string;
  cycle_status: 'draft' | 'open' | 'closed';
  /** The cycle's own early-warning settings (its pace threshold over the company's), if any. */
  cycle_warning_settings: CycleWarningOverride | null;
  level: GoalLevel;
  kind: GoalKind;
  title: string;
  description: string | null;
  owner_id: string | null;
  owner_name: string | null;
  owner_manager_id: string | null;
  department_id: string | null;
  department_name: string | null;
  weight_bp: number;
  due_date: string | null;
  status: GoalStatus;
  return_comment: string | null;
  parent_goal_id: string | null;
  parent_key_result_id: string | null;
  parent_title: string | null;
  revision_no: number;
  created_by_id: string | null;
  last_check_in_at: string | null;
  has_open_revision: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  /** The goal's own key results, in position order, with the columns of KeyResultRow they own. */
  key_results: OwnKeyResultRow[];
};

/** A key result's own columns over alias k, as KeyResultRow names them (selectGoals nests them as JSON). */
const OWN_KEY_RESULT_FIELDS: readonly (readonly [name: string, expression: string])[] = [
  ['id', 'k.id'],
  ['position', 'k.position'],
  ['title', 'k.title'],
  ['kind', 'k.kind'],
  ['direction', 'k.direction'],
  ['start_value', 'k.start_value'],
  ['target_value', 'k.target_value'],
  ['current_value', 'k.current_value'],
  ['unit', 'k.unit'],
  ['weight_bp', 'k.weight_bp'],
  ['start_date', 'k.start_date::text'],
  ['due_date', 'k.due_date::text'],
  ['done', 'k.done'],
  ['manual_percent', 'k.manual_percent'],
  ['roll_up', 'k.roll_up'],
  ['external_key', 'k.external_key'],
  ['owner_id', 'k.owner_id'],
  ['confidence', 'k.confidence'],
  ['last_check_in_at', 'k.last_check_in_at::text'],
];
export const OWN_KEY_RESULT_COLUMNS = sql.raw(
  OWN_KEY_RESULT_FIELDS.map(([n, e]) => `${e} as ${n}`).join(', '),
);
const OWN_KEY_RESULT_JSON = sql.raw(
  `json_build_object(${OWN_KEY_RESULT_FIELDS.map(([n, e]) => `'${n}', ${e}`).join(', ')})`,
);

/** A key result as selectGoals nests it in its goal (JSON: numerics arrive as numbers). */
export type OwnKeyResultRow = Omit<
  KeyResultRow,
  | 'goal_id'
  | 'goal_weight_bp'
  | 'goal_status'
  | 'goal_parent_key_result_id'
  | 'goal_due_date'
  | 'cycle_start'
  | 'cycle_end'
>;

export type GoalOrder = { by: SQL; limit?: number };

/**
 * Goal g's owner (o: name, manager, department) and effective department (d: name), each an index
 * probe for the row (fenced by `offset 0`).
 */
export const ownerAndDepartment = (
  t: string,
) => sql`left join lateral (select o.name, o.manager_id, o.department_id
      from employees o where o.tenant_id = ${t} and o.id = g.owner_id offset 0) o on true
    left join lateral (select d.name from departments d
      where d.tenant_id = ${t} and d.id = ${EFFECTIVE_DEPARTMENT} offset 0) d on true`;

/**
 * One statement for a list of goals with their own key results (nested as JSON, so a list is one
 * round trip, not two): cycle, owner, department and parent come from joins. The
 * page of ids is picked first, so a page of 5 out of 5,000 computes the joins for 5 rows only.
 * The page's goal, owner, department and parent are then index lookups row by row (fenced by
 * `offset 0`): the planner cannot count a materialized page, guessed most of the cycle, and
 * hashed every goal, key result and employee of the tenant for a page of 2,000.
 * `order.by` may only use columns of `g`.
 */
async function selectGoals(
  scope: TenantScope,
  where: SQL,
  order: GoalOrder = { by: sql`g.created_at, g.id` },
): Promise<GoalRow[]> {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    with page as materialized (
      select g.id from goals g
      left join employees o on o.tenant_id = g.tenant_id and o.id = g.owner_id
      where g.tenant_id = ${t} and ${where}
      order by ${order.by} ${order.limit !== undefined ? sql`limit ${order.limit}` : sql``}
    )
    select g.id, g.cycle_id, c.name as cycle_name, c.start_date::text as cycle_start, c.end_date::text as cycle_end,
      c.status as cycle_status, c.warning_settings as cycle_warning_settings, g.level, g.kind, g.title, g.description, g.owner_id, o.name as owner_name,
      o.manager_id as owner_manager_id, ${EFFECTIVE_DEPARTMENT} as department_id, d.name as department_name,
      g.weight_bp, g.due_date::text as due_date, g.status, g.return_comment, g.parent_goal_id, g.parent_key_result_id,
      coalesce(pk.title, pg.title) as parent_title, g.revision_no, g.created_by_id,
      g.last_check_in_at::text as last_check_in_at, g.version, g.created_at::text as created_at,
      g.updated_at::text as updated_at,
      exists (select 1 from goal_revisions r where r.tenant_id = ${t} and r.goal_id = g.id
        and r.status in ('submitted', 'head_approved')) as has_open_revision,
      (select coalesce(json_agg(${OWN_KEY_RESULT_JSON} order by k.position), '[]')
        from key_results k where k.tenant_id = ${t} and k.goal_id = g.id) as key_results
    from page
    cross join lateral (select * from goals g where g.tenant_id = ${t} and g.id = page.id offset 0) g
    join cycles c on c.tenant_id = g.tenant_id and c.id = g.cycle_id
    ${ownerAndDepartment(t)}
    left join lateral (select pg.title from goals pg
      where pg.tenant_id = ${t} and pg.id = g.parent_goal_id offset 0) pg on true
    left join lateral (select pk.title from key_results pk
      where pk.tenant_id = ${t} and pk.id = g.parent_key_result_id offset 0) pk on true
    order by ${order.by}`);
  return rowsOf<GoalRow>(result);
}

/** Goal g (of tenant `t`) has no stored progress and can have one: no roll-up KR. */
const toFill = (t: SQL) => sql`g.progress is null
  and not exists (select 1 from key_results k where k.tenant_id = ${t} and k.goal_id = g.id and k.roll_up)`;

/**
 * Up to `limit` goals of the tenant without stored progress, after the id `after` in id order,
 * locked for the fill. Goals a writer holds are skipped (its trigger nulls them again anyway), and
 * goals with a roll-up KR are never filled: their progress follows other goals, so it is computed
 * at read. Going on after the last id, a batch does not walk the index entries of the goals the
 * batches before it filled (dead until vacuumed). Ids are time-ordered (migration 0017), so id order
 * is mostly the order goals and their key results were written in: a batch reads pages, not rows
 * scattered over tables larger than the database's cache.
 */
export async function lockGoalsToFill(
  scope: TenantScope,
  limit: number,
  after: string | null,
): Promise<string[]> {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select g.id from goals g
    where g.tenant_id = ${t} and ${toFill(sql`${t}::uuid`)}
      ${after === null ? sql`` : sql`and g.id > ${after}`}
    order by g.id
    limit ${limit}
    for update of g skip locked`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/**
 * Computes and stores the progress of goals the fill has locked, in one statement (§2: Σ(w ·
 * min(max(p, 0), cap)) / Σw over the goal's own KRs, 0 without any; each KR's p by
 * perfloop_kr_progress, core's rule, migration 0011). Only for goals without a roll-up KR, which
 * lockGoalsToFill leaves out. The KRs are read after the locks, by a statement of their own: a
 * write that committed while the fill waited for a goal is seen.
 */
export async function storeComputedProgress(scope: TenantScope, ids: readonly string[], cap: number) {
  if (ids.length === 0) return;
  const t = scope.tenantId;
  await scope.db.execute(sql`
    update goals g set progress = x.progress
    from (
      select l.id, coalesce(sum(k.weight_bp * least(greatest(perfloop_kr_progress(k.kind, k.direction,
          k.start_value::float8, k.target_value::float8, k.current_value::float8, k.done,
          k.manual_percent::float8), 0), ${cap}::float8)) / nullif(sum(k.weight_bp), 0), 0) as progress
      from unnest(${uuidArray(ids)}) l(id)
      left join key_results k on k.tenant_id = ${t} and k.goal_id = l.id
      group by l.id
    ) x
    where g.tenant_id = ${t} and g.id = x.id`);
}

/** Forgets every stored progress of the tenant (its progress cap changed). */
export async function forgetStoredProgress(scope: TenantScope) {
  await scope.db.execute(
    sql`update goals set progress = null where tenant_id = ${scope.tenantId} and progress is not null`,
  );
}

/** The tenants with goals whose progress is to be filled. */
export async function selectTenantsToFill(db: Executor): Promise<string[]> {
  const result = await db.execute(sql`
    select t.id from tenants t
    where exists (select 1 from goals g where g.tenant_id = t.id and ${toFill(sql`t.id`)})`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/** Who the actor is to one goal, in one statement (reporting line and department chain in SQL). */
export type GoalRelation = {
  isAboveOwner: boolean;
  headsChain: boolean;
  headsAncestor: boolean;
  isHrbpForChain: boolean;
  /** Heads on the chain other than the given people, who could decide a revision's first step. */
  otherHeads: string[];
};

export async function findGoalRelation(
  scope: TenantScope,
  actor: Actor,
  goalId: string,
): Promise<GoalRelation> {
  const t = scope.tenantId;
  const me = actor.employeeId ?? '00000000-0000-0000-0000-000000000000';
  const result = await scope.db.execute(sql`
    with recursive goal as (
      select g.owner_id, coalesce(o.department_id, g.department_id) as department_id
      from goals g left join employees o on o.tenant_id = g.tenant_id and o.id = g.owner_id
      where g.tenant_id = ${t} and g.id = ${goalId}
    ), above as (
      select e.manager_id as id from employees e join goal on e.id = goal.owner_id
        where e.tenant_id = ${t} and e.manager_id is not null
      union
      select e.manager_id from employees e join above on e.id = above.id
        where e.tenant_id = ${t} and e.manager_id is not null
    ), chain as (
      select d.id, d.parent_id, d.head_id, 0 as depth from departments d join goal on d.id = goal.department_id
        where d.tenant_id = ${t}
      union all
      select p.id, p.parent_id, p.head_id, chain.depth + 1 from departments p join chain on p.id = chain.parent_id
        where p.tenant_id = ${t} and chain.depth < 64
    )
    select
      exists (select 1 from above where id = ${me}) as is_above_owner,
      exists (select 1 from chain where head_id = ${me}) as heads_chain,
      exists (select 1 from chain where head_id = ${me} and depth > 0) as heads_ancestor,
      exists (select 1 from chain where id = any(${uuidArray(actor.hrbpDepartmentIds)})) as is_hrbp,
      coalesce((select array_agg(distinct head_id) from chain where head_id is not null), '{}') as heads`);
  const row = rowsOf<{
    is_above_owner: boolean;
    heads_chain: boolean;
    heads_ancestor: boolean;
    is_hrbp: boolean;
    heads: string[] | string;
  }>(result)[0]!;
  return {
    isAboveOwner: row.is_above_owner,
    headsChain: row.heads_chain,
    headsAncestor: row.heads_ancestor,
    isHrbpForChain: row.is_hrbp,
    otherHeads: parsePgArray(row.heads),
  };
}

/** node-postgres parses uuid[]; PGlite may hand back the text form. */
export function parsePgArray(value: string[] | string | null): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value;
  return value
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}

export type GoalWrite = {
  cycleId: string;
  level: GoalLevel;
  kind: GoalKind;
  title: string;
  description: string | null;
  ownerId: string | null;
  departmentId: string | null;
  weightBp: number;
  dueDate: string | null;
  status: GoalStatus;
  parentGoalId: string | null;
  parentKeyResultId: string | null;
  createdById: string | null;
};

export type KeyResultWrite = {
  title: string;
  kind: KrKind;
  direction: KrDirection;
  startValue: number;
  targetValue: number | null;
  unit: string | null;
  weightBp: number;
  startDate: string | null;
  dueDate: string | null;
  rollUp: boolean;
  externalKey: string | null;
  ownerId: string | null;
};

/** Many goals with their key results in two multi-row statements per chunk (bulk assign, import). */
export async function insertGoals(
  scope: TenantScope,
  items: readonly { goal: GoalWrite; keyResults: readonly KeyResultWrite[] }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < items.length; i += 250) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const chunk = items.slice(i, i + 250);
    const created = await scope.db
      .insert(goals)
      .values(chunk.map((item) => scope.values(item.goal)))
      .returning({ id: goals.id });
    const krRows = chunk.flatMap((item, j) =>
      item.keyResults.map((kr, position) =>
        scope.values({
          ...kr,
          goalId: created[j]!.id,
          position,
          currentValue: kr.kind === 'metric' ? kr.startValue : null,
        }),
      ),
    );
    await scope.db.insert(keyResults).values(krRows);
    ids.push(...created.map((c) => c.id));
  }
  return ids;
}

export async function updateGoal(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  changes: Partial<GoalWrite> & {
    returnComment?: string | null;
    revisionNo?: number;
    submittedAt?: Date;
    approvedById?: string | null;
    approvedAt?: Date | null;
  },
): Promise<boolean> {
  const { submittedAt, approvedAt, ...rest } = changes;
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const rows = await scope.db
    .update(goals)
    .set({
      ...rest,
      ...(submittedAt && { submittedAt: at(submittedAt) }),
      ...(approvedAt !== undefined && { approvedAt: approvedAt && at(approvedAt) }),
      version: sql`${goals.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(scope.where(goals, sql`${goals.id} = ${id} and ${goals.version} = ${expectedVersion}`))
    .returning({ id: goals.id });
  return rows.length === 1;
}

/** Locks the goal row for the rest of the transaction (edits, approvals and revisions serialise). */
export async function lockGoal(scope: TenantScope, id: string): Promise<{ version: number } | null> {
  const result = await scope.db.execute(
    sql`select version from goals where tenant_id = ${scope.tenantId} and id = ${id} for update`,
  );
  return rowsOf<{ version: number }>(result)[0] ?? null;
}

/** Replaces a draft goal's key results: kept ids are updated, new ones inserted, missing ones deleted. */
export async function replaceKeyResults(
  scope: TenantScope,
  goalId: string,
  items: readonly (KeyResultWrite & { id?: string })[],
) {
  const t = scope.tenantId;
  const keep = items.map((kr) => kr.id).filter((id): id is string => !!id);
  await scope.db.execute(sql`
    delete from key_results where tenant_id = ${t} and goal_id = ${goalId}
      and not (id = any(${uuidArray(keep)}))`);
  for (const [position, kr] of items.entries()) {
    const { id, ...fields } = kr;
    const currentValue = kr.kind === 'metric' ? kr.startValue : null;
    if (id) {
      await scope.db
        .update(keyResults)
        .set({ ...fields, position, currentValue, updatedAt: sql`now()` })
        .where(scope.where(keyResults, sql`${keyResults.id} = ${id} and ${keyResults.goalId} = ${goalId}`));
    } else {
      await scope.db.insert(keyResults).values(scope.values({ ...fields, goalId, position, currentValue }));
    }
  }
}

export async function deleteGoal(scope: TenantScope, id: string) {
  await scope.db.execute(sql`delete from goals where tenant_id = ${scope.tenantId} and id = ${id}`);
}

/** Goal weights of an owner (a person, a department, or the company) in a cycle, without cancelled goals. */
export async function sumOwnerWeights(
  scope: TenantScope,
  owner: { cycleId: string; level: GoalLevel; ownerId: string | null; departmentId: string | null },
): Promise<number> {
  const t = scope.tenantId;
  const who =
    owner.level === 'personal'
      ? sql`owner_id = ${owner.ownerId}`
      : owner.level === 'department'
        ? sql`department_id = ${owner.departmentId}`
        : sql`true`;
  const result = await scope.db.execute(sql`
    select coalesce(sum(weight_bp), 0)::int as total from goals
    where tenant_id = ${t} and cycle_id = ${owner.cycleId} and level = ${owner.level} and ${who}
      and status <> 'cancelled'`);
  return rowsOf<{ total: number }>(result)[0]?.total ?? 0;
}

export async function insertGoalVersion(
  scope: TenantScope,
  row: { goalId: string; revisionNo: number; snapshot: unknown; revisionId: string | null },
) {
  await scope.db.insert(goalVersions).values(scope.values(row)).onConflictDoNothing();
}

export async function listGoalVersions(scope: TenantScope, goalId: string) {
  const result = await scope.db.execute(sql`
    select v.revision_no, v.snapshot, v.revision_id, v.created_at::text as created_at, r.steps
    from goal_versions v
    left join goal_revisions r on r.tenant_id = v.tenant_id and r.id = v.revision_id
    where v.tenant_id = ${scope.tenantId} and v.goal_id = ${goalId}
    order by v.revision_no`);
  return rowsOf<{
    revision_no: number;
    snapshot: unknown;
    revision_id: string | null;
    created_at: string;
    steps: unknown[] | null;
  }>(result);
}

/** True when `candidateId` is the goal or sits below it in the alignment tree (would form a loop). */
export async function isGoalOrDescendant(scope: TenantScope, goalId: string, candidateId: string) {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    with recursive below as (
      select id from goals where tenant_id = ${t} and id = ${goalId}
      union
      select c.id from goals c
        left join key_results k on k.tenant_id = c.tenant_id and k.id = c.parent_key_result_id
        join below on coalesce(c.parent_goal_id, k.goal_id) = below.id
      where c.tenant_id = ${t}
    ) select exists (select 1 from below where id = ${candidateId}) as found`);
  return rowsOf<{ found: boolean }>(result)[0]?.found ?? false;
}

export async function findTakenExternalKeys(
  scope: TenantScope,
  keys: readonly string[],
  exceptGoalId?: string,
) {
  if (keys.length === 0) return [];
  const result = await scope.db.execute(sql`
    select external_key from key_results
    where tenant_id = ${scope.tenantId} and external_key = any(${textArray(keys)})
      ${exceptGoalId ? sql`and goal_id <> ${exceptGoalId}` : sql``}`);
  return rowsOf<{ external_key: string }>(result).map((r) => r.external_key);
}

/** Which goals a list holds: every condition given must hold (conditions on aliases g and o). */
export type GoalFilter = {
  /** Only goals this actor may see (the set condition: it builds the actor's whole reach). */
  visibleTo?: Actor;
  cycleId?: string | undefined;
  /** Goals owned by this person (null: an account that is not a person owns none). */
  ownedBy?: string | null;
  /** Goals of the people below this person on the reporting line (null: none). */
  ownedByReportsOf?: string | null;
  ownerId?: string | undefined;
  /** Goals of this department and those below it. */
  departmentId?: string | undefined;
  level?: GoalLevel | undefined;
  status?: GoalStatus | undefined;
  notCancelled?: boolean;
  /** The title holds this text, case ignored. */
  titleContains?: string | undefined;
};

function goalConditions(scope: TenantScope, filter: GoalFilter): SQL[] {
  const t = scope.tenantId;
  const conditions: SQL[] = [];
  const visible = filter.visibleTo
    ? visibleGoalsCondition(scope, filter.visibleTo, filter.visibleTo.tenant.goalSettings.goalsVisibleToAll)
    : null;
  if (visible) conditions.push(visible);
  if (filter.cycleId) conditions.push(sql`g.cycle_id = ${filter.cycleId}`);
  if (filter.ownedBy !== undefined)
    conditions.push(filter.ownedBy ? sql`g.owner_id = ${filter.ownedBy}` : sql`false`);
  if (filter.ownedByReportsOf !== undefined)
    conditions.push(
      filter.ownedByReportsOf ? sql`g.owner_id in (${reportsOf(t, filter.ownedByReportsOf)})` : sql`false`,
    );
  if (filter.ownerId) conditions.push(sql`g.owner_id = ${filter.ownerId}`);
  if (filter.departmentId)
    conditions.push(
      goalsOfDepartments(t, departmentAndBelow(t, filter.departmentId), { cycleId: filter.cycleId }),
    );
  if (filter.level) conditions.push(sql`g.level = ${filter.level}`);
  if (filter.status) conditions.push(sql`g.status = ${filter.status}`);
  if (filter.notCancelled) conditions.push(sql`g.status <> 'cancelled'`);
  if (filter.titleContains) {
    const like = `%${filter.titleContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`g.title ilike ${like}`);
  }
  return conditions;
}

const joined = (conditions: SQL[]) => (conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`true`);

/** The goals matching a filter, in creation order. */
export async function findGoals(scope: TenantScope, filter: GoalFilter): Promise<GoalRow[]> {
  return selectGoals(scope, joined(goalConditions(scope, filter)));
}

const GOAL_KEYSET: Keyset<GoalRow> = {
  parts: [
    { column: sql`g.created_at`, kind: 'timestamptz', of: (g) => g.created_at },
    { column: sql`g.id`, kind: 'uuid', of: (g) => g.id },
  ],
  descending: false,
};

/** A page of the goals matching a filter, in creation order. */
export async function listGoals(
  scope: TenantScope,
  filter: GoalFilter,
  page: { cursor?: string; limit: number },
): Promise<Page<GoalRow>> {
  const conditions = goalConditions(scope, filter);
  const after = afterCursor(GOAL_KEYSET, page.cursor);
  if (after) conditions.push(after);
  const rows = await selectGoals(scope, joined(conditions), {
    by: sql`g.created_at, g.id`,
    limit: page.limit + 1,
  });
  const { rows: items, nextCursor } = pageOf(GOAL_KEYSET, rows, page.limit);
  return { items, nextCursor };
}

/**
 * One goal if the actor may see it (its visibility asked by walking up from it). `goal`: its id,
 * or a key result whose goal it is, found in the goal's statement: one round trip, not two.
 */
export async function findVisibleGoal(
  scope: TenantScope,
  actor: Actor,
  goal: string | { keyResultId: string },
): Promise<GoalRow | null> {
  const id =
    typeof goal === 'string'
      ? goal
      : sql`(select k.goal_id from key_results k where k.tenant_id = ${scope.tenantId} and k.id = ${goal.keyResultId})`;
  const visible = oneGoalVisible(scope, actor, actor.tenant.goalSettings.goalsVisibleToAll);
  const [row] = await selectGoals(scope, visible ? sql`g.id = ${id} and ${visible}` : sql`g.id = ${id}`);
  return row ?? null;
}

/** Whether the actor may see a goal, without loading it. */
export async function isGoalVisible(scope: TenantScope, actor: Actor, id: string): Promise<boolean> {
  const visible = oneGoalVisible(scope, actor, actor.tenant.goalSettings.goalsVisibleToAll);
  return goalMatches(scope, id, visible ?? sql`true`);
}

/**
 * Submitted goals waiting on the actor: their direct reports', the departments below the ones they
 * head, and for HR admins the company's and those with nobody above. The oldest 500 first.
 */
export async function selectGoalsAwaitingApproval(scope: TenantScope, actor: Actor): Promise<GoalRow[]> {
  const me = actor.employeeId;
  const t = scope.tenantId;
  const parentHead = sql`(select p.head_id from departments d2 join departments p on p.tenant_id = d2.tenant_id
    and p.id = d2.parent_id where d2.tenant_id = ${t} and d2.id = g.department_id)`;
  const admin = isTenantAdmin(actor)
    ? sql`or g.level = 'company' or (g.level = 'personal' and o.manager_id is null)
        or (g.level = 'department' and ${parentHead} is null)`
    : sql``;
  return selectGoals(
    scope,
    sql`g.status = 'submitted' and g.owner_id is distinct from ${me} and (
      (g.level = 'personal' and o.manager_id = ${me}) or (g.level = 'department' and ${parentHead} = ${me}) ${admin})`,
    { by: sql`g.submitted_at, g.id`, limit: 500 },
  );
}

/** How many of these ids are employees of the tenant. */
export async function countEmployeesOf(scope: TenantScope, ids: readonly string[]): Promise<number> {
  const result = await scope.db.execute(
    sql`select count(*)::int as n from employees where tenant_id = ${scope.tenantId} and id = any(${uuidArray(ids)})`,
  );
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

/** Goals aligned to a goal (or its key results) lose the alignment: the goal is about to go. */
export async function detachAlignedGoals(scope: TenantScope, id: string): Promise<void> {
  await scope.db.execute(sql`
      update goals set parent_goal_id = null, parent_key_result_id = null, version = version + 1
      where tenant_id = ${scope.tenantId} and (parent_goal_id = ${id}
        or parent_key_result_id in (select id from key_results where tenant_id = ${scope.tenantId} and goal_id = ${id}))`);
}

/** The people a bulk assignment is for, as its target names them (a team with its manager resolved). */
export type AssignTarget =
  | { kind: 'employees'; employeeIds: readonly string[] }
  | { kind: 'title'; title: string }
  | { kind: 'team'; managerId: string; depth: 'direct' | 'all' }
  | { kind: 'department'; departmentId: string; includeSubDepartments: boolean };

/**
 * The active people of a target the actor may set goals for, never the actor themself, by
 * employee number.
 */
export async function selectAssignees(
  scope: TenantScope,
  actor: Actor,
  target: AssignTarget,
): Promise<{ id: string; department_id: string }[]> {
  const t = scope.tenantId;
  let group: SQL;
  if (target.kind === 'employees') group = sql`e.id = any(${uuidArray(target.employeeIds)})`;
  else if (target.kind === 'title') group = sql`e.title = ${target.title}`;
  else if (target.kind === 'team') {
    const { managerId } = target;
    group =
      target.depth === 'direct'
        ? sql`e.manager_id = ${managerId}`
        : sql`e.id in (${reportsOf(t, managerId)})`;
  } else {
    group = target.includeSubDepartments
      ? sql`e.department_id in (${departmentAndBelow(t, target.departmentId)})`
      : sql`e.department_id = ${target.departmentId}`;
  }
  const reach = visibleEmployeesCondition(scope, actor) ?? sql`true`;
  return rowsOf<{ id: string; department_id: string }>(
    await scope.db.execute(sql`
        select e.id, e.department_id from employees e
        where e.tenant_id = ${t} and e.status = 'active' and ${group} and ${reach}
          ${actor.employeeId ? sql`and e.id <> ${actor.employeeId}` : sql``}
        order by e.employee_no`),
  );
}

/**
 * The active people with these employee numbers, each with whether the actor may set goals for
 * them (`in_reach`), for a goal import.
 */
export async function selectPeopleByNumber(scope: TenantScope, actor: Actor, numbers: readonly string[]) {
  const t = scope.tenantId;
  const reach = visibleEmployeesCondition(scope, actor) ?? sql`true`;
  return rowsOf<{
    id: string;
    employee_no: string;
    name: string;
    department_id: string;
    in_reach: boolean;
  }>(
    await scope.db.execute(sql`
      select e.id, e.employee_no, e.name, e.department_id, (${reach}) as in_reach from employees e
      where e.tenant_id = ${t} and e.status = 'active' and e.employee_no = any(${textArray(numbers)})`),
  );
}
