import type { Revision, RevisionChange, RevisionStatus } from '@perfloop/core';
import { awaitingStep } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { isTenantAdmin } from '../../access/reach.ts';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import { goalRevisions } from '../../db/schema.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { Page } from '../../shared/pagination.ts';
import { oneGoalVisible, visibleGoalsCondition } from '../goals/goal.repository.ts';

type RevisionRow = {
  id: string;
  goal_id: string;
  goal_title: string;
  owner_id: string | null;
  owner_name: string | null;
  change: RevisionChange;
  reason: string;
  basis: string;
  status: RevisionStatus;
  requested_by_id: string | null;
  requested_by_name: string | null;
  steps: Revision['steps'];
  from_revision_no: number;
  applied_revision_no: number | null;
  version: number;
  created_at: string;
  updated_at: string;
  can_decide: boolean;
};

export type RevisionWithAccess = Revision & { canDecide: boolean; version: number };

function toRevision(r: RevisionRow): RevisionWithAccess {
  return {
    id: r.id,
    goalId: r.goal_id,
    goalTitle: r.goal_title,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    change: r.change,
    reason: r.reason,
    basis: r.basis,
    status: r.status,
    awaitingStep: awaitingStep(r.status),
    requestedById: r.requested_by_id,
    requestedByName: r.requested_by_name,
    steps: r.steps,
    fromRevisionNo: r.from_revision_no,
    appliedRevisionNo: r.applied_revision_no,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    canDecide: r.can_decide,
    version: r.version,
  };
}

/**
 * Whether the actor decides the step a request waits on, as a SQL expression on aliases r
 * (revision), g (goal), o (owner). The first step belongs to a department head on the goal's
 * department chain (not the requester, not the owner); if there is none, HR admins take it.
 * The second belongs to HR admins and the HRBPs of the department. Never a token, never one's own request.
 */
function canDecideExpression(scope: TenantScope, actor: Actor): SQL {
  const me = actor.employeeId;
  if (actor.kind !== 'user' || !me) return sql`false`;
  const t = scope.tenantId;
  const admin = isTenantAdmin(actor) ? sql`true` : sql`false`;
  const chain = (condition: SQL) => sql`exists (
    with recursive up as (
      select d.id, d.parent_id, d.head_id, 0 as depth from departments d
        where d.tenant_id = ${t} and d.id = coalesce(o.department_id, g.department_id)
      union all
      select p.id, p.parent_id, p.head_id, up.depth + 1 from departments p join up on p.id = up.parent_id
        where p.tenant_id = ${t} and up.depth < 64
    ) select 1 from up where ${condition})`;
  const eligibleHead = sql`up.head_id is not null and up.head_id is distinct from r.requested_by_id
    and up.head_id is distinct from g.owner_id`;
  return sql`(r.requested_by_id is distinct from ${me} and (
    (r.status = 'submitted' and (${chain(sql`${eligibleHead} and up.head_id = ${me}`)}
      or (${admin} and not ${chain(eligibleHead)})))
    or (r.status = 'head_approved' and (${admin}
      or ${chain(sql`up.id = any(${uuidArray(actor.hrbpDepartmentIds)})`)}))))`;
}

/** The revisions of goals the caller can see, for lists (a set read: it builds the caller's reach). */
function visibleRevisions(scope: TenantScope, actor: Actor): SQL {
  return visibleGoalsCondition(scope, actor, actor.tenant.goalSettings.goalsVisibleToAll) ?? sql`true`;
}

/** One revision, if the actor may see its goal (asked by walking up from the goal). */
export async function findRevision(
  scope: TenantScope,
  actor: Actor,
  id: string,
): Promise<RevisionWithAccess | null> {
  const visible = oneGoalVisible(scope, actor, actor.tenant.goalSettings.goalsVisibleToAll);
  const [revision] = await selectRevisions(
    scope,
    actor,
    visible ? sql`r.id = ${id} and ${visible}` : sql`r.id = ${id}`,
  );
  return revision ?? null;
}

/** On the stored rows: `created_at` as PostgreSQL writes it, to the microsecond (the API's ISO time stops at the millisecond, and a page would skip rows of the same millisecond). */
const REVISION_KEYSET: Keyset<RevisionRow> = {
  parts: [
    { column: sql`r.created_at`, kind: 'timestamptz', of: (r) => r.created_at },
    { column: sql`r.id`, kind: 'uuid', of: (r) => r.id },
  ],
  descending: true,
};

/** A page of the revisions of goals the actor may see, newest first; `awaitingMe`: those they may decide. */
export async function listRevisions(
  scope: TenantScope,
  actor: Actor,
  filter: { goalId?: string; status?: RevisionStatus; awaitingMe?: boolean },
  page: { cursor?: string; limit: number },
): Promise<Page<RevisionWithAccess>> {
  const conditions: SQL[] = [visibleRevisions(scope, actor)];
  if (filter.goalId) conditions.push(sql`r.goal_id = ${filter.goalId}`);
  if (filter.status) conditions.push(sql`r.status = ${filter.status}`);
  if (filter.awaitingMe) conditions.push(canDecideExpression(scope, actor));
  const after = afterCursor(REVISION_KEYSET, page.cursor);
  if (after) conditions.push(after);
  const rows = await selectRevisionRows(
    scope,
    actor,
    sql.join(conditions, sql` and `),
    sql`order by r.created_at desc, r.id desc limit ${page.limit + 1}`,
  );
  const { rows: items, nextCursor } = pageOf(REVISION_KEYSET, rows, page.limit);
  return { items: items.map(toRevision), nextCursor };
}

async function selectRevisions(scope: TenantScope, actor: Actor, where: SQL, tail: SQL = sql``) {
  return (await selectRevisionRows(scope, actor, where, tail)).map(toRevision);
}

async function selectRevisionRows(scope: TenantScope, actor: Actor, where: SQL, tail: SQL = sql``) {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select r.id, r.goal_id, g.title as goal_title, g.owner_id, o.name as owner_name, r.change, r.reason, r.basis,
      r.status, r.requested_by_id, q.name as requested_by_name, r.steps, r.from_revision_no, r.applied_revision_no,
      r.version, r.created_at::text as created_at, r.updated_at::text as updated_at,
      ${canDecideExpression(scope, actor)} as can_decide
    from goal_revisions r
    join goals g on g.tenant_id = r.tenant_id and g.id = r.goal_id
    left join employees o on o.tenant_id = g.tenant_id and o.id = g.owner_id
    left join employees q on q.tenant_id = r.tenant_id and q.id = r.requested_by_id
    where r.tenant_id = ${t} and ${where}
    ${tail}`);
  return rowsOf<RevisionRow>(result);
}

export async function insertRevision(
  scope: TenantScope,
  row: {
    goalId: string;
    change: RevisionChange;
    reason: string;
    basis: string;
    requestedById: string | null;
    fromRevisionNo: number;
  },
) {
  const [created] = await scope.db
    .insert(goalRevisions)
    .values(scope.values({ ...row, status: 'submitted' as const }))
    .returning({ id: goalRevisions.id });
  return created!.id;
}

export async function lockRevision(scope: TenantScope, id: string) {
  const result = await scope.db.execute(
    sql`select goal_id, version from goal_revisions where tenant_id = ${scope.tenantId} and id = ${id} for update`,
  );
  return rowsOf<{ goal_id: string; version: number }>(result)[0] ?? null;
}

export async function updateRevision(
  scope: TenantScope,
  id: string,
  changes: { status: RevisionStatus; steps?: unknown[]; appliedRevisionNo?: number },
) {
  await scope.db
    .update(goalRevisions)
    .set({ ...changes, version: sql`${goalRevisions.version} + 1`, updatedAt: sql`now()` })
    .where(scope.where(goalRevisions, sql`${goalRevisions.id} = ${id}`));
}

/**
 * Applies an approved change to the goal and its key results and raises its revision number,
 * in the caller's transaction (with the goal row locked): all of it lands, or none.
 */
export async function applyChange(
  scope: TenantScope,
  goalId: string,
  change: RevisionChange,
  newRevisionNo: number,
) {
  const t = scope.tenantId;
  const db = scope.db;
  switch (change.kind) {
    case 'target':
      for (const kr of change.keyResults)
        await db.execute(sql`update key_results set target_value = ${kr.targetValue},
          start_value = coalesce(${kr.startValue ?? null}::numeric, start_value), updated_at = now()
          where tenant_id = ${t} and goal_id = ${goalId} and id = ${kr.id}`);
      break;
    case 'weight':
      for (const kr of change.keyResults)
        await db.execute(sql`update key_results set weight_bp = ${kr.weightBp}, updated_at = now()
          where tenant_id = ${t} and goal_id = ${goalId} and id = ${kr.id}`);
      break;
    case 'due_date':
      await db.execute(
        sql`update goals set due_date = ${change.dueDate} where tenant_id = ${t} and id = ${goalId}`,
      );
      await db.execute(sql`update key_results set due_date = ${change.dueDate}, updated_at = now()
        where tenant_id = ${t} and goal_id = ${goalId}`);
      break;
    case 'text':
      if (change.title !== undefined)
        await db.execute(
          sql`update goals set title = ${change.title} where tenant_id = ${t} and id = ${goalId}`,
        );
      if (change.description !== undefined)
        await db.execute(
          sql`update goals set description = ${change.description} where tenant_id = ${t} and id = ${goalId}`,
        );
      for (const kr of change.keyResults)
        await db.execute(sql`update key_results set title = ${kr.title}, updated_at = now()
          where tenant_id = ${t} and goal_id = ${goalId} and id = ${kr.id}`);
      break;
    case 'cancel':
      await db.execute(sql`update goals set status = 'cancelled' where tenant_id = ${t} and id = ${goalId}`);
      break;
  }
  await db.execute(sql`update goals set revision_no = ${newRevisionNo}, version = version + 1, updated_at = now()
    where tenant_id = ${t} and id = ${goalId}`);
}
