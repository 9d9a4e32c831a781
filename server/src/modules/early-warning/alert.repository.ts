import type { AlertRule, ListAlertsQuery } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { departmentAndBelow, peopleOfDepartments, reportsOf } from '../../access/visibility.sql.ts';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import { float8Array, textArray, uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { Page } from '../../shared/pagination.ts';
import {
  goalIdsOfPeople,
  ownerlessGoalIdsOf,
  visibleGoalIds,
  visibleGoalsCondition,
} from '../goals/goal.repository.ts';

export async function selectOpenAlerts(scope: TenantScope, goalIds: readonly string[]) {
  if (goalIds.length === 0) return [];
  const result = await scope.db.execute(sql`
    select id, goal_id, rule from alerts
    where tenant_id = ${scope.tenantId} and status = 'open' and goal_id = any(${uuidArray(goalIds)})`);
  return rowsOf<{ id: string; goal_id: string; rule: AlertRule }>(result);
}

export type AlertInsert = {
  goal_id: string;
  cycle_id: string;
  rule: AlertRule;
  progress: number | null;
  expected: number | null;
  pace: number | null;
  last_check_in_on: string | null;
};

/** An alert the snapshot opened, with what its notice needs. */
export type OpenedAlertRow = {
  id: string;
  goal_id: string;
  cycle_id: string;
  rule: AlertRule;
  pace: number | null;
};

/**
 * Opens alerts in one statement per 20,000 (a weekly snapshot of 100k people opens over 100,000);
 * a goal that already has an open alert of the rule is skipped. Columns bind as typed arrays.
 */
export async function insertAlerts(scope: TenantScope, date: string, rows: readonly AlertInsert[]) {
  const opened: OpenedAlertRow[] = [];
  for (let i = 0; i < rows.length; i += 20_000) {
    const chunk = rows.slice(i, i + 20_000);
    const result = await scope.db.execute(sql`
      insert into alerts (tenant_id, goal_id, cycle_id, rule, status, opened_on, progress, expected, pace, last_check_in_on)
      select ${scope.tenantId}, x.goal_id, x.cycle_id, x.rule, 'open', ${date}::date, x.progress, x.expected, x.pace,
        x.last_check_in_on::date
      from unnest(${uuidArray(chunk.map((r) => r.goal_id))}, ${uuidArray(chunk.map((r) => r.cycle_id))},
        ${textArray(chunk.map((r) => r.rule))}, ${float8Array(chunk.map((r) => r.progress))},
        ${float8Array(chunk.map((r) => r.expected))}, ${float8Array(chunk.map((r) => r.pace))},
        ${textArray(chunk.map((r) => r.last_check_in_on))})
        as x(goal_id, cycle_id, rule, progress, expected, pace, last_check_in_on)
      on conflict (tenant_id, goal_id, rule) where status = 'open' do nothing
      returning id, goal_id, cycle_id, rule, pace`);
    opened.push(...rowsOf<OpenedAlertRow>(result));
  }
  return opened;
}

export async function resolveAlerts(scope: TenantScope, ids: readonly string[], date: string) {
  if (ids.length === 0) return 0;
  const result = await scope.db.execute(sql`
    update alerts set status = 'resolved', resolved_on = ${date}::date, updated_at = now()
    where tenant_id = ${scope.tenantId} and status = 'open' and id = any(${uuidArray(ids)}) returning id`);
  return rowsOf(result).length;
}

export type AlertRow = {
  id: string;
  rule: AlertRule;
  status: 'open' | 'resolved';
  goal_id: string;
  goal_title: string;
  cycle_id: string;
  owner_id: string | null;
  owner_name: string | null;
  department_id: string | null;
  department_name: string | null;
  opened_on: string;
  resolved_on: string | null;
  progress: number | null;
  expected: number | null;
  pace: number | null;
  last_check_in_on: string | null;
  created_at: string;
};

/** Where a page of alerts is looked for (see alertScope). */
export type AlertSource =
  /**
   * The alerts of some people's goals in a cycle (`people`: a subquery of column `id`) and of the
   * ownerless goals of some departments (`departments`, a subquery of ids). `lineOf`: the people
   * are everyone below this person on the reporting line; when that is everyone but them and those
   * above them (they head the company's only reporting tree, perhaps under HR), the line is not
   * walked at all.
   */
  | { people: SQL; cycleId: string; departments?: SQL; lineOf?: string }
  /** The alerts of some goals (a subquery of ids, found through indexes). */
  | { goalIds: SQL }
  /** Every alert of the tenant, newest first; `where` on alias a only. */
  | 'newest'
  /** Every alert of the tenant; `where` may use aliases a, g and o. */
  | null;

/**
 * Beyond this many people, their alerts are found by walking the tenant's alerts newest first
 * (status, cycle, created_at index) until a page is full, each alert's owner tested against the
 * people; up to it, goal by goal through each person's goals. The walk reads about
 * page × company / people alerts, the lookup about 8 rows a person: either side of 500, at most
 * 4,000 rows looked up, and 1,000 walked at 10,000 people, 10,000 at 100,000. At 1,000 a
 * department of 889 people in a company of 10,000 looked up 3,500 goals where the walk reads
 * ~560 alerts: its dashboard took 28 ms against 21 ms (p50 of 60 in a row; 32–35 against 25–27 ms
 * at 100,000), and every department's pages came out the same.
 */
const PEOPLE_LOOKED_UP = 500;

/**
 * A page of alerts, newest first, joined with their goal, owner and department. `where` may use
 * alias a only, except for a null source (every alert), where it may also use g (goal) and o (owner).
 * The page is picked first and only its rows are joined with names: the head of a company of
 * 10,000 sees 14,000 open alerts, of which a page shows 50. `peopleLookedUp` is PEOPLE_LOOKED_UP
 * (tests change it to take either way to the same page).
 */
export async function selectAlerts(
  scope: TenantScope,
  source: AlertSource,
  where: SQL,
  limit: number,
  peopleLookedUp = PEOPLE_LOOKED_UP,
) {
  const t = scope.tenantId;
  const newest = sql`order by a.created_at desc, a.id desc limit ${limit}`;
  const ofGoals = (goalIds: SQL) => sql`select a.id, a.created_at from (${goalIds}) sg cross join lateral (
      select a.id, a.created_at from alerts a where a.tenant_id = ${t} and a.goal_id = sg.id and ${where}
      offset 0) a ${newest}`;
  const ownerOf = sql`(select g.owner_id from goals g where g.tenant_id = ${t} and g.id = a.goal_id)`;
  let candidates: SQL;
  if (source === null)
    candidates = sql`select a.id, a.created_at from alerts a
        join goals g on g.tenant_id = a.tenant_id and g.id = a.goal_id
        left join employees o on o.tenant_id = g.tenant_id and o.id = g.owner_id
        where a.tenant_id = ${t} and ${where} ${newest}`;
  else if (source === 'newest')
    candidates = sql`select a.id, a.created_at from alerts a where a.tenant_id = ${t} and ${where} ${newest}`;
  else if ('goalIds' in source) candidates = ofGoals(source.goalIds);
  // The branches are all planned; those whose one-time filter is false never run, and AND stops
  // at its first false operand, so the line of the head of the company is never walked.
  else {
    const { departments, lineOf } = source;
    // Everyone below `lineOf` is everyone but `lineOf` and those above: no one else heads a tree,
    // and no one above has a report outside that chain (the company's head, under HR, say).
    const everyone = lineOf
      ? sql`(select not exists (select 1 from employees e
            where e.tenant_id = ${t} and e.manager_id is null and e.id not in (select id from chain))
          and not exists (select 1 from chain u cross join lateral (
            select 1 from employees c where c.tenant_id = ${t} and c.manager_id = u.id
              and c.id not in (select id from chain) offset 0) x
            where u.id <> ${lineOf}))`
      : sql`false`;
    const few = sql`not ${everyone} and (select count(*) from people) <= ${peopleLookedUp}`;
    const many = sql`not ${everyone} and (select count(*) from people) > ${peopleLookedUp}`;
    const goalIds = sql`${goalIdsOfPeople(t, sql`select id from people where ${few}`, source.cycleId)}
      ${departments ? sql`union all ${ownerlessGoalIdsOf(t, sql`select id from departments where ${few}`, source.cycleId)}` : sql``}`;
    // An alert's goal belongs to the people, or is an ownerless goal of the departments.
    const belongs = sql`(select case when g.owner_id is not null then g.owner_id in (select id from people)
        ${departments ? sql`else g.department_id in (select id from departments)` : sql``} end
      from goals g where g.tenant_id = ${t} and g.id = a.goal_id)`;
    candidates = sql`with people as materialized (${source.people})
      ${departments ? sql`, departments as materialized (${departments})` : sql``}
      ${
        lineOf
          ? sql`, chain as materialized (with recursive up as (
              select e.id, e.manager_id from employees e where e.tenant_id = ${t} and e.id = ${lineOf}
              union
              select m.id, m.manager_id from up cross join lateral (
                select m.id, m.manager_id from employees m where m.tenant_id = ${t} and m.id = up.manager_id offset 0
              ) m
            ) select id from up)`
          : sql``
      }
      (${ofGoals(goalIds)})
      union all
      (select a.id, a.created_at from alerts a
        where a.tenant_id = ${t} and ${where} and ${many} and coalesce(${belongs}, false)
        ${newest})
      ${
        lineOf
          ? sql`union all
            (select a.id, a.created_at from alerts a
              where a.tenant_id = ${t} and ${where} and ${everyone}
                and coalesce(${ownerOf} not in (select id from chain), false)
              ${newest})`
          : sql``
      }`;
  }
  const result = await scope.db.execute(sql`
    with page as materialized (
      select c.id from (${candidates}) c order by c.created_at desc, c.id desc limit ${limit}
    )
    select a.id, a.rule, a.status, a.goal_id, g.title as goal_title, a.cycle_id, g.owner_id, o.name as owner_name,
      coalesce(o.department_id, g.department_id) as department_id, d.name as department_name,
      a.opened_on::text as opened_on, a.resolved_on::text as resolved_on, a.progress, a.expected, a.pace,
      a.last_check_in_on::text as last_check_in_on, a.created_at::text as created_at
    from page
    cross join lateral (select * from alerts a where a.tenant_id = ${t} and a.id = page.id offset 0) a
    cross join lateral (select * from goals g where g.tenant_id = ${t} and g.id = a.goal_id offset 0) g
    left join lateral (select o.name, o.department_id from employees o
      where o.tenant_id = ${t} and o.id = g.owner_id offset 0) o on true
    left join lateral (select d.name from departments d
      where d.tenant_id = ${t} and d.id = coalesce(o.department_id, g.department_id) offset 0) d on true
    order by a.created_at desc, a.id desc`);
  return rowsOf<AlertRow>(result);
}

/** Which alerts a list shows (the service checks the caller may ask for the view). */
export type AlertView = Pick<ListAlertsQuery, 'view' | 'departmentId' | 'employeeId' | 'cycleId'>;

/**
 * The alerts of a view: my own goals, my reporting line, a department (heads, HRBPs and HR), or
 * everything the caller may see. Always within the goals the caller may see (no OKR transparency
 * here: alerts are for the people who act on them); the first three are inside it by definition
 * (the goals of the caller, of their line, of a department they head or are HRBP for).
 *
 * In a cycle, the view is the goals it covers, found through indexes (goalIds), and their alerts
 * are looked up goal by goal; `conditions` are then on alias a only. Across cycles there is no such
 * index, and `conditions` also filter aliases g and o of every alert.
 */
function alertScope(
  scope: TenantScope,
  actor: Actor,
  query: AlertView,
): { source: AlertSource; conditions: SQL[] } {
  const t = scope.tenantId;
  const me = actor.employeeId;
  const { cycleId, employeeId } = query;
  // The service checked the view (alert.service.ts assertAlertView): `mine` and `team` have a caller
  // who is a person, a department view names a department the caller may see.
  const departments =
    query.view === 'department' && query.departmentId ? departmentAndBelow(t, query.departmentId) : null;
  if (cycleId) {
    const conditions = [sql`a.cycle_id = ${cycleId}`];
    // One person asked for, among some people (a subquery of ids).
    const asked = (people: SQL) => sql`select id from (${people}) p where id = ${employeeId}`;
    if (query.view === 'mine' || query.view === 'team') {
      const line = query.view === 'mine' ? sql`select ${me}::uuid as id` : reportsOf(t, me!);
      const source: AlertSource = employeeId
        ? { people: asked(line), cycleId }
        : { people: line, cycleId, ...(query.view === 'team' && { lineOf: me! }) };
      return { source, conditions };
    }
    if (departments) {
      // The people of the departments, and (unless one person is asked for) their ownerless goals.
      const members = peopleOfDepartments(t, departments);
      const source: AlertSource = employeeId
        ? { people: asked(members), cycleId }
        : { people: members, cycleId, departments };
      return { source, conditions };
    }
    if (employeeId)
      conditions.push(
        sql`a.goal_id in (select id from goals where tenant_id = ${t} and owner_id = ${employeeId})`,
      );
    const goalIds = visibleGoalIds(scope, actor, false, cycleId);
    return { source: goalIds ? { goalIds } : 'newest', conditions };
  }
  const conditions: SQL[] = [];
  if (query.view === 'mine') conditions.push(sql`g.owner_id = ${me}`);
  if (query.view === 'team') conditions.push(sql`g.owner_id in (${reportsOf(t, me!)})`);
  if (departments) conditions.push(sql`coalesce(o.department_id, g.department_id) in (${departments})`);
  if (query.view === 'all') conditions.push(visibleGoalsCondition(scope, actor, false) ?? sql`true`);
  if (employeeId) conditions.push(sql`g.owner_id = ${employeeId}`);
  return { source: null, conditions };
}

const ALERT_KEYSET: Keyset<AlertRow> = {
  parts: [
    { column: sql`a.created_at`, kind: 'timestamptz', of: (a) => a.created_at },
    { column: sql`a.id`, kind: 'uuid', of: (a) => a.id },
  ],
  descending: true,
};

/** A page of the alerts of a view, newest first, with a rule and a status (or any status). */
export async function listAlerts(
  scope: TenantScope,
  actor: Actor,
  filter: AlertView & Pick<ListAlertsQuery, 'rule' | 'status' | 'cursor' | 'limit'>,
): Promise<Page<AlertRow>> {
  const { source, conditions } = alertScope(scope, actor, filter);
  if (filter.rule) conditions.push(sql`a.rule = ${filter.rule}`);
  if (filter.status !== 'any') conditions.push(sql`a.status = ${filter.status}`);
  const after = afterCursor(ALERT_KEYSET, filter.cursor);
  if (after) conditions.push(after);
  const rows = await selectAlerts(scope, source, sql.join(conditions, sql` and `), filter.limit + 1);
  const { rows: items, nextCursor } = pageOf(ALERT_KEYSET, rows, filter.limit);
  return { items, nextCursor };
}

/** The open alerts of some people's goals in a cycle, newest first. */
export async function openAlertsOfPeople(
  scope: TenantScope,
  peopleIds: readonly string[],
  cycleId: string,
  limit: number,
): Promise<AlertRow[]> {
  return selectAlerts(
    scope,
    { people: sql`select unnest(${uuidArray(peopleIds)}) as id`, cycleId },
    sql`a.cycle_id = ${cycleId} and a.status = 'open'`,
    limit,
  );
}
