import {
  ATTAINMENT_BUCKETS,
  type AttainmentGoal,
  addDays,
  attainmentBucket,
  checkInCompliance,
  type DepartmentDashboard,
  type Goal,
  isBehindPace,
  type MyDashboard,
  ownerAttainment,
  ownerAttainmentAndPace,
  paceThresholdOf,
  type TeamDashboard,
} from '@perfloop/core';
import { isTenantAdmin } from '../../access/reach.ts';
import { isInScopedDepartments } from '../../access/visibility.repository.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { findCycleState } from '../cycles/cycle.repository.ts';
import { listAlerts, openAlertsOfPeople } from '../early-warning/alert.service.ts';
import { listFollowUps } from '../follow-ups/follow-up.service.ts';
import { loadGoals, progressOfGoals, todayOf } from '../goals/goal.service.ts';
import { teamProgress } from '../goals/team-goals.service.ts';
import { listOneOnOnes } from '../one-on-ones/one-on-one.service.ts';
import { selectMidReviewRisks } from '../reviews/review.repository.ts';
import { assertCanSeeDepartmentDashboard, personOf } from './dashboard.policy.ts';
import * as repo from './dashboard.repository.ts';

/** Dashboards are of a cycle of the caller's company: another id is a 404. */
async function assertCycle(scope: TenantScope, cycleId: string) {
  const cycle = await findCycleState(scope, cycleId);
  if (!cycle) throw new AppError('not_found');
  return cycle;
}

const goalLine = (g: Goal) => ({
  id: g.id,
  title: g.title,
  status: g.status,
  weightBp: g.weightBp,
  progress: g.progress,
  expected: g.expected,
  pace: g.pace,
  behind: g.behind,
});

/** My goals against the expected pace, my open alerts, what I must follow up soon, and my next 1:1. */
export async function myDashboard(ctx: AppContext, actor: Actor, cycleId: string): Promise<MyDashboard> {
  const me = personOf(actor);
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const cycle = await assertCycle(scope, cycleId);
  const today = todayOf(ctx, actor);
  const goals = await loadGoals(ctx, scope, actor, {
    cycleId,
    ownerId: me,
    level: 'personal',
    notCancelled: true,
  });
  // Every goal is listed; attainment counts only those core's rule keeps (§2).
  const { attainment, expected, pace } = ownerAttainmentAndPace(goals);
  const alerts = await listAlerts(ctx, actor, { view: 'mine', cycleId, status: 'open', limit: 20 });
  const followUps = await listFollowUps(ctx, actor, {
    view: 'mine',
    status: 'any',
    to: undefined,
    limit: 200,
  });
  const soon = addDays(today, 7);
  const due = followUps.items
    .filter((f) => f.status !== 'done' && f.dueDate !== null && f.dueDate <= soon && f.responsibleId === me)
    .sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''))
    .slice(0, 20);
  const next = await listOneOnOnes(ctx, actor, { employeeId: me, when: 'upcoming', limit: 1 });
  const meeting = next.items[0];
  return {
    cycleId,
    attainment,
    expected,
    pace,
    behind: isBehindPace(pace, paceThresholdOf(actor.tenant.paceThreshold, cycle.warningSettings)),
    goals: goals.map(goalLine),
    openAlerts: alerts.items,
    dueFollowUps: due,
    nextOneOnOne: meeting ? (({ actionItems: _a, privateNote: _p, ...rest }) => rest)(meeting) : null,
  };
}

/** Each direct report's attainment and pace, open alerts, overdue follow-ups, last check-in and last 1:1. */
export async function teamDashboard(
  ctx: AppContext,
  actor: Actor,
  query: { cycleId: string; managerId?: string },
): Promise<TeamDashboard> {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  await assertCycle(scope, query.cycleId);
  const members = await teamProgress(ctx, actor, {
    cycleId: query.cycleId,
    managerId: query.managerId,
    depth: 'direct',
    sort: 'pace',
  });
  const counts = new Map(
    (
      await repo.selectTeamCounts(
        scope,
        members.map((m) => m.employeeId),
        query.cycleId,
        todayOf(ctx, actor),
        ctx.clock(),
      )
    ).map((c) => [c.id, c]),
  );
  // The members' own alerts: a line's newest 50 (the head of a company's are 14,000) may hold none of them.
  const alerts = await openAlertsOfPeople(
    ctx,
    actor,
    members.map((m) => m.employeeId),
    query.cycleId,
    50,
  );
  const risks = new Map(
    (
      await selectMidReviewRisks(
        scope,
        members.map((m) => m.employeeId),
        query.cycleId,
      )
    ).map((r) => [r.ratee_id, { high: r.high, medium: r.medium, low: r.low }]),
  );
  return {
    cycleId: query.cycleId,
    members: members.map((m) => {
      const c = counts.get(m.employeeId);
      return {
        ...m,
        openAlerts: c?.open_alerts ?? 0,
        overdueFollowUps: c?.overdue_follow_ups ?? 0,
        lastOneOnOneAt: c?.last_one_on_one_at ? new Date(c.last_one_on_one_at).toISOString() : null,
        // Never the caller's own (an HRBP viewing their manager's team): that is their manager's
        // assessment of them, theirs to see with published results.
        midReviewRisks: m.employeeId === actor.employeeId ? null : (risks.get(m.employeeId) ?? null),
      };
    }),
    openAlerts: alerts,
  };
}

/** For heads, HRBPs and HR: the attainment distribution, goals at risk and check-in compliance of a department and below. */
export async function departmentDashboard(
  ctx: AppContext,
  actor: Actor,
  query: { cycleId: string; departmentId?: string },
): Promise<DepartmentDashboard> {
  if (!query.departmentId) throw fieldError('querystring.departmentId', 'required');
  const departmentId = query.departmentId;
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  assertCanSeeDepartmentDashboard(
    actor,
    isTenantAdmin(actor) || (await isInScopedDepartments(scope, actor, departmentId)),
  );
  await assertCycle(scope, query.cycleId);
  const alerts = await listAlerts(ctx, actor, {
    view: 'department',
    departmentId,
    cycleId: query.cycleId,
    status: 'open',
    rule: 'pace',
    limit: 50,
  });
  // Only the weights and the stored progress: a department of 1,000 people has ~12,000 KRs,
  // which are read only for the goals whose progress is not stored (written since the last
  // fill, or rolled up from other goals).
  const goals = await repo.selectGoalsOfDepartmentTree(scope, departmentId, query.cycleId);
  const progress = await progressOfGoals(scope, goals, actor.tenant.goalSettings.progressCap);
  const byOwner = new Map<string, AttainmentGoal[]>();
  for (const g of goals) {
    const own = byOwner.get(g.owner_id) ?? [];
    own.push({ status: g.status, level: g.level, weightBp: g.weight_bp, progress: progress.get(g.id) ?? 0 });
    byOwner.set(g.owner_id, own);
  }
  const counts = new Map<string, number>(ATTAINMENT_BUCKETS.map((b) => [b, 0]));
  for (const own of byOwner.values()) {
    const bucket = attainmentBucket(ownerAttainment(own));
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  const checkIns = checkInCompliance(
    goals.map((g) => ({ status: g.status, lastCheckInAt: g.last_check_in_at })),
    ctx.clock(),
  );
  return {
    cycleId: query.cycleId,
    departmentId,
    people: byOwner.size,
    distribution: ATTAINMENT_BUCKETS.map((bucket) => ({ bucket, people: counts.get(bucket) ?? 0 })),
    goalsAtRisk: alerts.items,
    checkIns,
  };
}
