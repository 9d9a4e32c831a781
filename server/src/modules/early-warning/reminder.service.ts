import { addDays, dayNumber } from '@perfloop/core';
import { customPlans, type Db } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import { type NotifyItem, notify } from '../notifications/notification.service.ts';
import { selectReviewsToRemind } from '../reviews/review.repository.ts';
import * as reminders from './reminder.repository.ts';
import { claimJobRun, finishJobRun } from './snapshot.repository.ts';

export const REMINDERS_JOB = 'daily_reminders';

/** Monday of the ISO week of a date: check-in reminders go out at most once a week. */
function weekOf(date: string): string {
  const weekday = (((dayNumber(date) + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return addDays(date, -weekday);
}

/**
 * The daily reminders of one tenant (once per date): goals without a check-in for a week (once
 * a week), follow-ups due today or tomorrow, approvals waiting, and reviews due in 3 days, due
 * today or late (a late one once a week).
 */
export async function runDailyReminders(
  env: { db: Db; now: Date; publicUrl: string },
  tenantId: string,
  date: string,
): Promise<{ alreadyRun: boolean; sent: number }> {
  return env.db.transaction(async (tx) => {
    await customPlans(tx);
    const scope = new TenantScope(tx, tenantId);
    if (!(await claimJobRun(scope, REMINDERS_JOB, date, 'schedule'))) return { alreadyRun: true, sent: 0 };
    const items: NotifyItem[] = [];
    const weekAgo = new Date(env.now.getTime() - 7 * 86_400_000);
    for (const o of await reminders.selectOwnersToRemind(scope, date, weekAgo))
      items.push({
        recipientId: o.owner_id,
        event: 'reminder.check_in_due',
        params: { count: o.count },
        link: '/goals',
        dedupeKey: `check_in_due:${weekOf(date)}`,
      });
    for (const f of await reminders.selectFollowUpsDueSoon(scope, date))
      items.push({
        recipientId: f.responsible_id,
        event: 'reminder.follow_up_due',
        params: { topic: f.topic, dueDate: f.due_date },
        link: '/follow-ups',
        dedupeKey: `follow_up_due:${f.id}:${f.due_date}`,
      });
    for (const a of await reminders.selectApproversWaiting(scope))
      items.push({
        recipientId: a.approver_id,
        event: 'reminder.approval_waiting',
        params: { count: a.count },
        link: '/approvals',
        dedupeKey: `approval_waiting:${date}`,
      });
    for (const r of await selectReviewsToRemind(scope, date))
      items.push({
        recipientId: r.reviewer_id,
        event: 'review.reminder',
        params: { ownerName: r.ratee_name, raterType: r.rater_type, dueDate: r.due_date },
        link: `/reviews/${r.id}`,
        dedupeKey: r.late ? `review_late:${r.id}:${weekOf(date)}` : `review_due:${r.id}:${date}`,
      });
    const sent = await notify(scope, items, env.now, env.publicUrl);
    await finishJobRun(scope, REMINDERS_JOB, date, { sent }, env.now);
    return { alreadyRun: false, sent };
  });
}
