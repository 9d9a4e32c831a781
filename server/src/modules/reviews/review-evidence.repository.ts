import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import { countsTowardAttainmentSql } from '../goals/goal.repository.ts';

/*
 * What the product already holds about a ratee in a cycle, read beside the review form: one
 * statement per section, each bounded (a cycle's goals, the last check-ins of each, the cycle's
 * records), so the form costs the same at 10 or 100,000 people.
 */

export type EvidenceGoalRow = {
  id: string;
  title: string;
  status: string;
  weight_bp: number;
  progress: number | null;
};

/** The ratee's personal goals of the cycle that count toward attainment, by weight. */
export async function selectRateeGoals(scope: TenantScope, ownerId: string, cycleId: string) {
  const result = await scope.db.execute(sql`
    select g.id, g.title, g.status, g.weight_bp, g.progress from goals g
    where g.tenant_id = ${scope.tenantId} and g.cycle_id = ${cycleId} and g.owner_id = ${ownerId}
      and ${countsTowardAttainmentSql(sql`g`)}
    order by g.weight_bp desc, g.created_at, g.id`);
  return rowsOf<EvidenceGoalRow>(result);
}

export type EvidenceKeyResultRow = {
  goal_id: string;
  title: string;
  kind: 'metric' | 'milestone';
  start_value: string;
  target_value: string | null;
  current_value: string | null;
  unit: string | null;
  done: boolean;
  manual_percent: string | null;
};

export async function selectKeyResultsOf(scope: TenantScope, goalIds: readonly string[]) {
  if (goalIds.length === 0) return [];
  const result = await scope.db.execute(sql`
    select k.goal_id, k.title, k.kind, k.start_value, k.target_value, k.current_value, k.unit, k.done, k.manual_percent
    from key_results k
    where k.tenant_id = ${scope.tenantId} and k.goal_id = any(${uuidArray(goalIds)})
    order by k.goal_id, k.position`);
  return rowsOf<EvidenceKeyResultRow>(result);
}

/** The last 5 check-ins of each goal. */
export async function selectRecentCheckIns(scope: TenantScope, goalIds: readonly string[]) {
  if (goalIds.length === 0) return [];
  const result = await scope.db.execute(sql`
    select g.id as goal_id, c.at::text as at, c.confidence, c.comment
    from unnest(${uuidArray(goalIds)}) as g(id)
    cross join lateral (
      select c.at, c.confidence, c.comment from check_ins c
      where c.tenant_id = ${scope.tenantId} and c.goal_id = g.id
      order by c.at desc limit 5) c`);
  return rowsOf<{ goal_id: string; at: string; confidence: number | null; comment: string }>(result);
}

export async function selectRateeAlerts(scope: TenantScope, ownerId: string, cycleId: string) {
  const result = await scope.db.execute(sql`
    select a.id, a.rule as kind, a.status, g.title as goal_title, a.opened_on::text as opened_on
    from alerts a join goals g on g.tenant_id = a.tenant_id and g.id = a.goal_id
    where a.tenant_id = ${scope.tenantId} and a.cycle_id = ${cycleId} and g.owner_id = ${ownerId}
    order by a.opened_on desc, a.id limit 50`);
  return rowsOf<{ id: string; kind: string; status: string; goal_title: string | null; opened_on: string }>(
    result,
  );
}

/** Follow-up records about the ratee dated in the cycle (1:1 action items are follow-ups from a 1:1). */
export async function selectRateeFollowUps(scope: TenantScope, employeeId: string, from: string, to: string) {
  const result = await scope.db.execute(sql`
    select f.id, f.date::text as date, f.topic, f.summary, f.action, f.status, f.source from follow_ups f
    where f.tenant_id = ${scope.tenantId} and f.employee_id = ${employeeId}
      and f.date between ${from}::date and ${to}::date
    order by f.date desc, f.id limit 100`);
  return rowsOf<{
    id: string;
    date: string;
    topic: string;
    summary: string;
    action: string;
    status: string;
    source: string;
  }>(result);
}

/**
 * Submitted mid-cycle reviews of the ratee in the cycle, by themself and their manager, or only
 * their own (`selfOnly`): the ratee does not read the manager's review before results are published.
 */
export async function selectMidReviews(
  scope: TenantScope,
  rateeId: string,
  cycleId: string,
  selfOnly: boolean,
) {
  const result = await scope.db.execute(sql`
    select r.rater_type, r.submitted_at::text as submitted_at, r.answers
    from reviews r join review_cycles rc on rc.tenant_id = r.tenant_id and rc.id = r.review_cycle_id
    where r.tenant_id = ${scope.tenantId} and r.ratee_id = ${rateeId} and rc.cycle_id = ${cycleId}
      and rc.kind = 'mid' and r.status = 'submitted'
      and r.rater_type in ('self', ${selfOnly ? sql`'self'` : sql`'manager'`})
    order by r.submitted_at`);
  return rowsOf<{ rater_type: 'self' | 'manager'; submitted_at: string | null; answers: unknown }>(result);
}

/** Feedback the ratee received in the cycle; `sharedWithManagerOnly` keeps what was shared with the manager. */
export async function selectFeedbackReceived(
  scope: TenantScope,
  employeeId: string,
  from: string,
  to: string,
  sharedWithManagerOnly: boolean,
) {
  const shared = sharedWithManagerOnly ? sql`and f.audience = 'recipient_and_manager'` : sql``;
  const result = await scope.db.execute(sql`
    select f.id, f.kind, f.body, s.name as from_name, f.created_at::text as created_at
    from feedback f join employees s on s.tenant_id = f.tenant_id and s.id = f.from_id
    where f.tenant_id = ${scope.tenantId} and f.to_id = ${employeeId} ${shared}
      and f.created_at >= ${from}::date and f.created_at < ${to}::date + 1
    order by f.created_at desc, f.id limit 100`);
  return rowsOf<{
    id: string;
    kind: 'praise' | 'suggestion';
    body: string;
    from_name: string;
    created_at: string;
  }>(result);
}

/** The ratee's mid-review goals of a review: goal rows and key results for the progress texts. */
export async function selectMidReviewGoals(scope: TenantScope, ownerId: string, cycleId: string) {
  const goals = await selectRateeGoals(scope, ownerId, cycleId);
  const krs = await selectKeyResultsOf(
    scope,
    goals.map((g) => g.id),
  );
  return { goals, krs };
}
