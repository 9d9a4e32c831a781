import {
  countAttainmentGoals,
  expectedProgress,
  isBehindPace,
  ownerAttainmentAndPace,
  paceThresholdOf,
  type TeamGoalsQuery,
  type TeamMemberProgress,
  weightedProgress,
} from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { findEmployee } from '../employees/employee.repository.ts';
import { krSpan } from './goal.progress.ts';
import { progressOfGoals, todayOf } from './goal.service.ts';
import * as repo from './team-goals.repository.ts';

/** A manager's reports with their attainment, expected progress and pace for the cycle (§2, §3). */
export async function teamProgress(
  ctx: AppContext,
  actor: Actor,
  query: TeamGoalsQuery,
): Promise<TeamMemberProgress[]> {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const managerId = query.managerId ?? actor.employeeId;
  if (!managerId) throw fieldError('querystring.managerId', 'required');
  if (managerId !== actor.employeeId && !(await findEmployee(scope, managerId, actor)))
    throw new AppError('not_found');
  const people = await repo.selectTeam(scope, actor, {
    managerId,
    depth: query.depth,
    cycleId: query.cycleId,
  });
  // The cycle's threshold comes with the people (an init plan, no extra round trip).
  const cycleThreshold = people[0]?.cycle_pace_threshold;
  const threshold = paceThresholdOf(actor.tenant.paceThreshold, {
    paceThreshold: cycleThreshold === null || cycleThreshold === undefined ? null : Number(cycleThreshold),
  });
  const progress = await progressOfGoals(
    scope,
    people.flatMap((p) => (p.goals ?? []).map(([id, , , stored]) => ({ id, progress: stored }))),
    actor.tenant.goalSettings.progressCap,
  );
  const today = todayOf(ctx, actor);
  const items = people.map((p): TeamMemberProgress => {
    const own = (p.goals ?? []).map(
      ([id, status, weightBp, , dueDate, cycleStart, cycleEnd, keyResults]) => ({
        status,
        level: 'personal' as const,
        weightBp,
        progress: progress.get(id) ?? 0,
        expected: weightedProgress(
          keyResults.map(([w, startDate, krDue]) => {
            const span = krSpan({
              start_date: startDate,
              due_date: krDue,
              goal_due_date: dueDate,
              cycle_start: cycleStart,
              cycle_end: cycleEnd,
            });
            return { weightBp: w, progress: expectedProgress(today, span.start, span.due) };
          }),
        ),
      }),
    );
    // The people's goals of the cycle that are not cancelled (for the counts); attainment, expected
    // and pace over only those that count (§2), by core's rule, as on every other page.
    const { attainment, expected, pace } = ownerAttainmentAndPace(own);
    return {
      employeeId: p.id,
      employeeNo: p.employee_no,
      name: p.name,
      title: p.title,
      departmentName: p.department_name,
      managerId: p.manager_id,
      goalCount: own.length,
      approvedCount: countAttainmentGoals(own),
      weightTotalBp: own.reduce((s, g) => s + g.weightBp, 0),
      attainment,
      expected,
      pace,
      behind: isBehindPace(pace, threshold),
      lastCheckInAt: p.last_check_in_at ? new Date(p.last_check_in_at).toISOString() : null,
      pendingApproval: own.filter((g) => g.status === 'submitted').length,
    };
  });
  const key = query.sort.replace(/^-/, '') as 'name' | 'attainment' | 'pace';
  const sign = query.sort.startsWith('-') ? -1 : 1;
  if (key !== 'name')
    items.sort(
      (a, b) => sign * ((a[key] ?? Number.NEGATIVE_INFINITY) - (b[key] ?? Number.NEGATIVE_INFINITY)),
    );
  return items;
}
