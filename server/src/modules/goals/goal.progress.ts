import {
  computeProgress,
  expectedProgress,
  type Goal,
  isBehindPace,
  type KeyResult,
  type KrMeasure,
  keyResultSpan,
  measureOfKeyResult,
  pace,
  paceThresholdOf,
  weightedProgress,
} from '@perfloop/core';
import type { GoalRow } from './goal.repository.ts';
import type { KeyResultMeasureRow, KeyResultRow } from './key-result.repository.ts';

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export function measureOf(kr: KeyResultMeasureRow): KrMeasure {
  return measureOfKeyResult({
    kind: kr.kind,
    startValue: Number(kr.start_value),
    targetValue: num(kr.target_value),
    currentValue: num(kr.current_value),
    direction: kr.direction,
    done: kr.done,
    manualPercent: num(kr.manual_percent),
  });
}

/** A KR row's span, by core's rule (`keyResultSpan`, §3). */
export function krSpan(
  kr: Pick<KeyResultRow, 'start_date' | 'due_date' | 'goal_due_date' | 'cycle_start' | 'cycle_end'>,
): { start: string; due: string } {
  return keyResultSpan({
    startDate: kr.start_date,
    dueDate: kr.due_date,
    goalDueDate: kr.goal_due_date,
    cycleStart: kr.cycle_start,
    cycleEnd: kr.cycle_end,
  });
}

/**
 * Progress of every goal and KR in the rows (core §2), with each KR measured by `measure`
 * (its current state, or its state replayed to a past date).
 */
export function progressOfRows<Row extends KeyResultMeasureRow>(
  krRows: readonly Row[],
  cap: number,
  measure: (kr: Row) => KrMeasure = measureOf,
) {
  const goals = new Map<
    string,
    { id: string; weightBp: number; parentKeyResultId: string | null; isActive: boolean }
  >();
  for (const kr of krRows) {
    if (!goals.has(kr.goal_id))
      goals.set(kr.goal_id, {
        id: kr.goal_id,
        weightBp: kr.goal_weight_bp,
        parentKeyResultId: kr.goal_parent_key_result_id,
        isActive: kr.goal_status === 'approved' || kr.goal_status === 'closed',
      });
  }
  return computeProgress(
    [...goals.values()],
    krRows.map((kr) => ({
      id: kr.id,
      goalId: kr.goal_id,
      weightBp: kr.weight_bp,
      rollUp: kr.roll_up,
      measure: measure(kr),
    })),
    cap,
  );
}

/**
 * Turns rows into API goals with progress computed by core (§2) and expected progress, pace and
 * whether it is behind (against the cycle's threshold, else the company's `paceThreshold`) for
 * `today` (§3). `keyResults` must include the KRs of goals that roll up into these ones.
 */
export function assembleGoals(
  goalRows: readonly GoalRow[],
  krRows: readonly KeyResultRow[],
  today: string,
  cap: number,
  paceThreshold: number,
): Goal[] {
  const progress = progressOfRows(krRows, cap);
  const krsByGoal = new Map<string, Omit<KeyResult, 'behind'>[]>();
  for (const kr of krRows) {
    const span = krSpan(kr);
    const item: Omit<KeyResult, 'behind'> = {
      id: kr.id,
      goalId: kr.goal_id,
      position: kr.position,
      title: kr.title,
      kind: kr.kind,
      direction: kr.direction,
      startValue: Number(kr.start_value),
      targetValue: num(kr.target_value),
      currentValue: num(kr.current_value),
      unit: kr.unit,
      weightBp: kr.weight_bp,
      startDate: span.start,
      dueDate: kr.due_date,
      done: kr.done,
      manualPercent: num(kr.manual_percent),
      rollUp: kr.roll_up,
      externalKey: kr.external_key,
      ownerId: kr.owner_id,
      progress: progress.keyResults.get(kr.id) ?? 0,
      expected: expectedProgress(today, span.start, span.due),
      confidence: kr.confidence,
      lastCheckInAt: kr.last_check_in_at ? new Date(kr.last_check_in_at).toISOString() : null,
    };
    const list = krsByGoal.get(kr.goal_id);
    if (list) list.push(item);
    else krsByGoal.set(kr.goal_id, [item]);
  }
  return goalRows.map((g) => {
    const threshold = paceThresholdOf(paceThreshold, g.cycle_warning_settings);
    const keyResults = (krsByGoal.get(g.id) ?? []).map(
      (kr): KeyResult => ({ ...kr, behind: isBehindPace(pace(kr.progress, kr.expected), threshold) }),
    );
    const goalProgress = progress.goals.get(g.id) ?? 0;
    const expected = weightedProgress(
      keyResults.map((kr) => ({ weightBp: kr.weightBp, progress: kr.expected })),
    );
    const goalPace = pace(goalProgress, expected);
    return {
      id: g.id,
      cycleId: g.cycle_id,
      cycleName: g.cycle_name,
      level: g.level,
      kind: g.kind,
      title: g.title,
      description: g.description,
      ownerId: g.owner_id,
      ownerName: g.owner_name,
      departmentId: g.department_id,
      departmentName: g.department_name,
      weightBp: g.weight_bp,
      dueDate: g.due_date,
      status: g.status,
      returnComment: g.return_comment,
      parentGoalId: g.parent_goal_id,
      parentKeyResultId: g.parent_key_result_id,
      parentTitle: g.parent_title,
      progress: goalProgress,
      expected,
      pace: goalPace,
      behind: isBehindPace(goalPace, threshold),
      lastCheckInAt: g.last_check_in_at ? new Date(g.last_check_in_at).toISOString() : null,
      revisionNo: g.revision_no,
      hasOpenRevision: g.has_open_revision,
      createdById: g.created_by_id,
      version: g.version,
      createdAt: new Date(g.created_at).toISOString(),
      updatedAt: new Date(g.updated_at).toISOString(),
      keyResults,
    };
  });
}
