import { type SQL, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import { boolArray, textArray, uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Page } from '../../shared/pagination.ts';

export type RecipientRow = {
  id: string;
  email: string | null;
  locale: string | null;
  active: boolean;
  prefs: unknown;
};

export async function selectRecipients(scope: TenantScope, ids: readonly string[]): Promise<RecipientRow[]> {
  if (ids.length === 0) return [];
  const result = await scope.db.execute(sql`
    select e.id, e.email, e.locale, e.status = 'active' as active, p.prefs
    from employees e
    left join notification_preferences p on p.tenant_id = e.tenant_id and p.employee_id = e.id
    where e.tenant_id = ${scope.tenantId} and e.id = any(${uuidArray(ids)})`);
  return rowsOf<RecipientRow>(result);
}

export type NotificationInsert = {
  recipient_id: string;
  event: string;
  params: unknown;
  link: string | null;
  dedupe_key: string | null;
  in_app: boolean;
};

/**
 * Inserts many notifications, 20,000 per statement (a weekly snapshot of 100k people sends over
 * 200,000); duplicates (same recipient and dedupe key) are skipped. Columns bind as typed arrays,
 * each row's params as its own small JSON text rather than one document of every row.
 */
export async function insertNotifications(scope: TenantScope, rows: readonly NotificationInsert[]) {
  const inserted: { id: string; recipient_id: string; event: string; dedupe_key: string | null }[] = [];
  for (let i = 0; i < rows.length; i += 20_000) {
    const chunk = rows.slice(i, i + 20_000);
    const result = await scope.db.execute(sql`
      insert into notifications (tenant_id, recipient_id, event, params, link, dedupe_key, in_app)
      select ${scope.tenantId}, x.recipient_id, x.event, x.params::jsonb, x.link, x.dedupe_key, x.in_app
      from unnest(${uuidArray(chunk.map((r) => r.recipient_id))}, ${textArray(chunk.map((r) => r.event))},
        ${textArray(chunk.map((r) => JSON.stringify(r.params ?? {})))}, ${textArray(chunk.map((r) => r.link))},
        ${textArray(chunk.map((r) => r.dedupe_key))}, ${boolArray(chunk.map((r) => r.in_app))})
        as x(recipient_id, event, params, link, dedupe_key, in_app)
      on conflict (tenant_id, recipient_id, dedupe_key) where dedupe_key is not null do nothing
      returning id, recipient_id, event, dedupe_key`);
    inserted.push(
      ...rowsOf<{ id: string; recipient_id: string; event: string; dedupe_key: string | null }>(result),
    );
  }
  return inserted;
}

export type DeliveryInsert = {
  notification_id: string | null;
  event: string;
  channel: 'email' | 'feishu' | 'dingtalk' | 'wecom';
  target: string;
  subject: string;
  body: string;
};

export async function insertDeliveries(scope: TenantScope, rows: readonly DeliveryInsert[], now: Date) {
  if (rows.length === 0) return;
  await scope.db.execute(sql`
    insert into deliveries (tenant_id, notification_id, event, channel, target, subject, body, status, next_attempt_at)
    select ${scope.tenantId}, x.notification_id, x.event, x.channel, x.target, x.subject, x.body, 'pending',
      ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(notification_id uuid, event text, channel text, target text, subject text, body text)`);
}

export type NotificationRow = {
  id: string;
  event: string;
  params: unknown;
  link: string | null;
  read_at: string | null;
  created_at: string;
};

const INBOX_KEYSET: Keyset<NotificationRow> = {
  parts: [
    { column: sql`n.created_at`, kind: 'timestamptz', of: (n) => n.created_at },
    { column: sql`n.id`, kind: 'uuid', of: (n) => n.id },
  ],
  descending: true,
};

export async function selectInbox(
  scope: TenantScope,
  recipientId: string,
  filter: { unread: boolean; cursor?: string; limit: number },
): Promise<Page<NotificationRow>> {
  const conditions: SQL[] = [];
  if (filter.unread) conditions.push(sql`and n.read_at is null`);
  const after = afterCursor(INBOX_KEYSET, filter.cursor);
  if (after) conditions.push(sql`and ${after}`);
  const result = await scope.db.execute(sql`
    select n.id, n.event, n.params, n.link, n.read_at::text as read_at, n.created_at::text as created_at
    from notifications n
    where n.tenant_id = ${scope.tenantId} and n.recipient_id = ${recipientId} and n.in_app ${sql.join(conditions, sql` `)}
    order by n.created_at desc, n.id desc limit ${filter.limit + 1}`);
  const { rows, nextCursor } = pageOf(INBOX_KEYSET, rowsOf<NotificationRow>(result), filter.limit);
  return { items: rows, nextCursor };
}

export async function countUnread(scope: TenantScope, recipientId: string): Promise<number> {
  const result = await scope.db.execute(sql`
    select count(*)::int as n from notifications
    where tenant_id = ${scope.tenantId} and recipient_id = ${recipientId} and in_app and read_at is null`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

/** Marks the recipient's notifications read (all of them when ids is null); returns how many changed. */
export async function markRead(
  scope: TenantScope,
  recipientId: string,
  ids: readonly string[] | null,
  now: Date,
) {
  const result = await scope.db.execute(sql`
    update notifications set read_at = ${now.toISOString()}::timestamptz
    where tenant_id = ${scope.tenantId} and recipient_id = ${recipientId} and read_at is null
      ${ids ? sql`and id = any(${uuidArray(ids)})` : sql``}
    returning id`);
  return rowsOf<{ id: string }>(result).length;
}

export async function findPreferences(scope: TenantScope, employeeId: string): Promise<unknown> {
  const result = await scope.db.execute(sql`
    select prefs from notification_preferences where tenant_id = ${scope.tenantId} and employee_id = ${employeeId}`);
  return rowsOf<{ prefs: unknown }>(result)[0]?.prefs ?? {};
}

export async function savePreferences(scope: TenantScope, employeeId: string, prefs: unknown) {
  await scope.db.execute(sql`
    insert into notification_preferences (tenant_id, employee_id, prefs, updated_at)
    values (${scope.tenantId}, ${employeeId}, ${JSON.stringify(prefs)}::jsonb, now())
    on conflict (tenant_id, employee_id) do update set prefs = excluded.prefs, updated_at = now()`);
}

export type StoredSmtp = {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  from: string;
};
export type StoredRobot = {
  id: string;
  name: string;
  kind: 'feishu' | 'dingtalk' | 'wecom';
  url: string;
  secret: string;
  events: string[];
};
export type StoredChannels = { smtp: StoredSmtp | null; robots: StoredRobot[]; version: number };

export async function findChannels(scope: TenantScope, lock = false): Promise<StoredChannels> {
  const result = await scope.db.execute(sql`
    select smtp, robots, version from notification_channels where tenant_id = ${scope.tenantId}
    ${lock ? sql`for update` : sql``}`);
  const row = rowsOf<StoredChannels>(result)[0];
  return row ?? { smtp: null, robots: [], version: 0 };
}

/** Saves at the expected version (0 = never saved); false when someone saved first. */
export async function saveChannels(
  scope: TenantScope,
  channels: { smtp: StoredSmtp | null; robots: StoredRobot[] },
  expectedVersion: number,
) {
  const smtp = JSON.stringify(channels.smtp);
  const robots = JSON.stringify(channels.robots);
  const result =
    expectedVersion === 0
      ? await scope.db.execute(sql`
          insert into notification_channels (tenant_id, smtp, robots) values (${scope.tenantId}, ${smtp}::jsonb, ${robots}::jsonb)
          on conflict (tenant_id) do nothing returning version`)
      : await scope.db.execute(sql`
          update notification_channels set smtp = ${smtp}::jsonb, robots = ${robots}::jsonb, version = version + 1,
            updated_at = now()
          where tenant_id = ${scope.tenantId} and version = ${expectedVersion} returning version`);
  return rowsOf<{ version: number }>(result).length === 1;
}

export type DeliveryRow = {
  id: string;
  tenant_id: string;
  event: string;
  channel: 'email' | 'feishu' | 'dingtalk' | 'wecom';
  target: string;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
};

const DELIVERY_COLUMNS = sql`id, tenant_id, event, channel, target, subject, body, status, attempts,
  next_attempt_at::text as next_attempt_at, last_error, sent_at::text as sent_at, created_at::text as created_at`;

const DELIVERY_KEYSET: Keyset<DeliveryRow> = {
  parts: [
    { column: sql`created_at`, kind: 'timestamptz', of: (d) => d.created_at },
    { column: sql`id`, kind: 'uuid', of: (d) => d.id },
  ],
  descending: true,
};

export async function selectDeliveries(
  scope: TenantScope,
  /** `readerId`: e-mails about reviews of the reader (asking, reminding) are left out (§6). */
  filter: { status?: string; cursor?: string; limit: number; readerId?: string | null },
): Promise<Page<DeliveryRow>> {
  const after = afterCursor(DELIVERY_KEYSET, filter.cursor);
  // Who was asked to review someone shows in the e-mails sent to them: never to that someone.
  const aboutReader = filter.readerId
    ? sql`and not exists (select 1 from notifications n
        join reviews r on r.tenant_id = n.tenant_id and n.link = '/reviews/' || r.id::text
        where n.tenant_id = deliveries.tenant_id and n.id = deliveries.notification_id
          and r.ratee_id = ${filter.readerId} and r.rater_type <> 'self')`
    : sql``;
  const result = await scope.db.execute(sql`
    select ${DELIVERY_COLUMNS} from deliveries
    where tenant_id = ${scope.tenantId} ${aboutReader}
      ${filter.status ? sql`and status = ${filter.status}` : sql``}
      ${after ? sql`and ${after}` : sql``}
    order by created_at desc, id desc limit ${filter.limit + 1}`);
  const { rows, nextCursor } = pageOf(DELIVERY_KEYSET, rowsOf<DeliveryRow>(result), filter.limit);
  return { items: rows, nextCursor };
}

/**
 * Claims due deliveries of every tenant for one sending round: each claimed row gets a lease
 * (its next attempt moves 10 minutes ahead), so another process skips it, and the sending
 * happens outside any transaction.
 */
export async function claimDueDeliveries(db: Executor, now: Date, limit: number): Promise<DeliveryRow[]> {
  const at = now.toISOString();
  const result = await db.execute(sql`
    update deliveries d set attempts = d.attempts + 1,
      next_attempt_at = ${at}::timestamptz + interval '10 minutes'
    where (d.tenant_id, d.id) in (
      select tenant_id, id from deliveries
      where status = 'pending' and next_attempt_at <= ${at}::timestamptz
      order by next_attempt_at limit ${limit} for update skip locked)
    returning ${DELIVERY_COLUMNS}`);
  return rowsOf<DeliveryRow>(result);
}

export async function recordDeliveryResult(
  db: Executor,
  delivery: { tenantId: string; id: string },
  outcome:
    | { status: 'sent'; at: Date }
    | { status: 'pending'; error: string; nextAttemptAt: Date }
    | { status: 'failed'; error: string },
) {
  const t = delivery.tenantId;
  if (outcome.status === 'sent')
    await db.execute(sql`update deliveries set status = 'sent', sent_at = ${outcome.at.toISOString()}::timestamptz,
      next_attempt_at = null, last_error = null where tenant_id = ${t} and id = ${delivery.id}`);
  else if (outcome.status === 'pending')
    await db.execute(sql`update deliveries set last_error = ${outcome.error},
      next_attempt_at = ${outcome.nextAttemptAt.toISOString()}::timestamptz where tenant_id = ${t} and id = ${delivery.id}`);
  else
    await db.execute(sql`update deliveries set status = 'failed', last_error = ${outcome.error}, next_attempt_at = null
      where tenant_id = ${t} and id = ${delivery.id}`);
}

/** Channels of several tenants at once, for a sending round. */
export async function findChannelsOfTenants(db: Executor, tenantIds: readonly string[]) {
  if (tenantIds.length === 0) return new Map<string, StoredChannels>();
  const result = await db.execute(sql`
    select tenant_id, smtp, robots, version from notification_channels where tenant_id = any(${uuidArray(tenantIds)})`);
  return new Map(rowsOf<StoredChannels & { tenant_id: string }>(result).map((r) => [r.tenant_id, r]));
}

/** Retry a failed delivery now (an admin's action). */
export async function retryDelivery(scope: TenantScope, id: string, now: Date) {
  const result = await scope.db.execute(sql`
    update deliveries set status = 'pending', attempts = 0, next_attempt_at = ${now.toISOString()}::timestamptz
    where tenant_id = ${scope.tenantId} and id = ${id} and status = 'failed' returning id`);
  return rowsOf<{ id: string }>(result).length === 1;
}
