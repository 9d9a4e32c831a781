import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';

/** Owners with open goals that have had no check-in since the instant, with how many. */
export async function selectOwnersToRemind(scope: TenantScope, date: string, since: Date) {
  const result = await scope.db.execute(sql`
    select g.owner_id, count(*)::int as count from goals g
    join cycles c on c.tenant_id = g.tenant_id and c.id = g.cycle_id
    where g.tenant_id = ${scope.tenantId} and g.status = 'approved' and c.status = 'open' and g.owner_id is not null
      and c.start_date <= ${date}::date and c.end_date >= ${date}::date
      and (g.last_check_in_at is null or g.last_check_in_at < ${since.toISOString()}::timestamptz)
    group by g.owner_id`);
  return rowsOf<{ owner_id: string; count: number }>(result);
}

/** Open follow-ups due on the date or the day after. */
export async function selectFollowUpsDueSoon(scope: TenantScope, date: string) {
  const result = await scope.db.execute(sql`
    select id, responsible_id, topic, due_date::text as due_date from follow_ups
    where tenant_id = ${scope.tenantId} and status = 'open'
      and due_date between ${date}::date and ${date}::date + 1`);
  return rowsOf<{ id: string; responsible_id: string; topic: string; due_date: string }>(result);
}

/** Who has approvals waiting: managers for submitted goals, HR admins for revisions past the head step. */
export async function selectApproversWaiting(scope: TenantScope) {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select approver_id, count(*)::int as count from (
      select o.manager_id as approver_id from goals g
        join employees o on o.tenant_id = g.tenant_id and o.id = g.owner_id
        where g.tenant_id = ${t} and g.status = 'submitted' and o.manager_id is not null
      union all
      select ra.employee_id from goal_revisions r
        join role_assignments ra on ra.tenant_id = r.tenant_id and ra.role = 'hr_admin'
        where r.tenant_id = ${t} and r.status = 'head_approved'
    ) x group by approver_id`);
  return rowsOf<{ approver_id: string; count: number }>(result);
}
