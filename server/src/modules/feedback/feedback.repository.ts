import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Page } from '../../shared/pagination.ts';

export type FeedbackRow = {
  id: string;
  from_id: string;
  from_name: string;
  to_id: string;
  to_name: string;
  kind: 'praise' | 'suggestion';
  body: string;
  audience: 'recipient' | 'recipient_and_manager';
  goal_id: string | null;
  created_at: string;
};

/** Which feedback a list holds: every condition given must hold. */
export type FeedbackFilter = {
  toId?: string;
  fromId?: string;
  /** Feedback shared with the manager, for `managerId`'s direct reports. */
  sharedWithManager?: string;
  /** Narrows any of the above to feedback given to this person. */
  recipientId?: string;
};

const FEEDBACK_KEYSET: Keyset<FeedbackRow> = {
  parts: [
    { column: sql`f.created_at`, kind: 'timestamptz', of: (f) => f.created_at },
    { column: sql`f.id`, kind: 'uuid', of: (f) => f.id },
  ],
  descending: true,
};

/** Newest first, a page after `cursor`. */
export async function listFeedback(
  scope: TenantScope,
  filter: FeedbackFilter,
  page: { cursor?: string; limit: number },
): Promise<Page<FeedbackRow>> {
  const conditions: SQL[] = [];
  if (filter.toId) conditions.push(sql`f.to_id = ${filter.toId}`);
  if (filter.fromId) conditions.push(sql`f.from_id = ${filter.fromId}`);
  if (filter.sharedWithManager)
    conditions.push(sql`f.audience = 'recipient_and_manager' and r.manager_id = ${filter.sharedWithManager}`);
  if (filter.recipientId) conditions.push(sql`f.to_id = ${filter.recipientId}`);
  const after = afterCursor(FEEDBACK_KEYSET, page.cursor);
  if (after) conditions.push(after);
  const rows = await selectFeedback(
    scope,
    conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`true`,
    page.limit + 1,
  );
  const { rows: items, nextCursor } = pageOf(FEEDBACK_KEYSET, rows, page.limit);
  return { items, nextCursor };
}

export async function findFeedback(scope: TenantScope, id: string): Promise<FeedbackRow | null> {
  const [row] = await selectFeedback(scope, sql`f.id = ${id}`, 1);
  return row ?? null;
}

async function selectFeedback(scope: TenantScope, where: SQL, limit: number) {
  const result = await scope.db.execute(sql`
    select f.id, f.from_id, s.name as from_name, f.to_id, r.name as to_name, f.kind, f.body, f.audience, f.goal_id,
      f.created_at::text as created_at
    from feedback f
    join employees s on s.tenant_id = f.tenant_id and s.id = f.from_id
    join employees r on r.tenant_id = f.tenant_id and r.id = f.to_id
    where f.tenant_id = ${scope.tenantId} and ${where}
    order by f.created_at desc, f.id desc limit ${limit}`);
  return rowsOf<FeedbackRow>(result);
}

export async function insertFeedback(
  scope: TenantScope,
  row: {
    fromId: string;
    toId: string;
    kind: string;
    body: string;
    audience: string;
    goalId: string | null;
    at: Date;
  },
): Promise<string> {
  const result = await scope.db.execute(sql`
    insert into feedback (tenant_id, from_id, to_id, kind, body, audience, goal_id, created_at)
    values (${scope.tenantId}, ${row.fromId}, ${row.toId}, ${row.kind}, ${row.body}, ${row.audience}, ${row.goalId},
      ${row.at.toISOString()}::timestamptz)
    returning id`);
  return rowsOf<{ id: string }>(result)[0]!.id;
}
