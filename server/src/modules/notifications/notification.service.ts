import {
  type Channels,
  effectivePreferences,
  type Locale,
  MAX_DELIVERY_ATTEMPTS,
  type Notification,
  type NotificationEvent,
  type NotificationParams,
  notificationText,
  retryDelaySeconds,
  type UpdateChannelsBody,
  type UpdatePreferencesBodySchema,
} from '@perfloop/core';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { isPrivateHost, isPrivateWebhookUrl } from '../../shared/webhook-address.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { postToRobot, sendEmail } from './delivery.senders.ts';
import { assertCanManageChannels, personOf } from './notification.policy.ts';
import * as repo from './notification.repository.ts';

export type NotifyItem = {
  recipientId: string;
  event: NotificationEvent;
  params: NotificationParams;
  /** A path in the web app. */
  link: string | null;
  /** Makes the notification once-only for its recipient (a reminder for a date, an alert). */
  dedupeKey: string | null;
};

const localeOf = (value: string | null): Locale => (value === 'en-US' ? 'en-US' : 'zh-CN');

function emailBody(text: string, link: string | null, publicUrl: string, locale: Locale) {
  const open = locale === 'zh-CN' ? '查看详情' : 'Open';
  return link ? `${text}\n\n${open}: ${publicUrl.replace(/\/$/, '')}${link}\n\n— Perfloop 绩效闭环` : text;
}

/**
 * Notifies people, in bulk: one in-app row per recipient and event (kept once per dedupe key),
 * and an e-mail delivery where the person wants e-mail and the company has an SMTP server.
 * Runs on the caller's transaction; sending happens later, from the deliveries queue.
 */
export async function notify(scope: TenantScope, items: readonly NotifyItem[], now: Date, publicUrl: string) {
  if (items.length === 0) return 0;
  const recipients = new Map(
    (await repo.selectRecipients(scope, [...new Set(items.map((i) => i.recipientId))])).map((r) => [r.id, r]),
  );
  const wanted = items.filter((i) => recipients.get(i.recipientId)?.active);
  const prefsOf = (id: string) => effectivePreferences(recipients.get(id)?.prefs);
  const inserted = await repo.insertNotifications(
    scope,
    wanted.map((i) => ({
      recipient_id: i.recipientId,
      event: i.event,
      params: i.params,
      link: i.link,
      dedupe_key: i.dedupeKey,
      in_app: prefsOf(i.recipientId)[i.event].inApp,
    })),
  );
  const channels = await repo.findChannels(scope);
  if (channels.smtp) {
    const byKey = new Map(wanted.map((i) => [`${i.recipientId}|${i.event}|${i.dedupeKey ?? ''}`, i]));
    const emails: repo.DeliveryInsert[] = [];
    for (const row of inserted) {
      const item = byKey.get(`${row.recipient_id}|${row.event}|${row.dedupe_key ?? ''}`);
      const person = recipients.get(row.recipient_id);
      if (!item || !person?.email || !prefsOf(person.id)[item.event].email) continue;
      const locale = localeOf(person.locale);
      const text = notificationText(item.event, item.params, locale);
      emails.push({
        notification_id: row.id,
        event: item.event,
        channel: 'email',
        target: person.email,
        subject: `[Perfloop] ${text}`,
        body: emailBody(text, item.link, publicUrl, locale),
      });
    }
    await repo.insertDeliveries(scope, emails, now);
  }
  return inserted.length;
}

/** Posts to the company's chat-group robots that subscribe to the event (in Chinese, the company's language). */
export async function announce(
  scope: TenantScope,
  messages: readonly { event: NotificationEvent; params: NotificationParams; link: string | null }[],
  now: Date,
  publicUrl: string,
) {
  if (messages.length === 0) return;
  const { robots } = await repo.findChannels(scope);
  const rows: repo.DeliveryInsert[] = [];
  for (const robot of robots) {
    for (const m of messages) {
      if (!robot.events.includes(m.event)) continue;
      const text = notificationText(m.event, m.params, 'zh-CN');
      rows.push({
        notification_id: null,
        event: m.event,
        channel: robot.kind,
        target: robot.id,
        subject: text,
        body: emailBody(text, m.link, publicUrl, 'zh-CN'),
      });
    }
  }
  await repo.insertDeliveries(scope, rows, now);
}

/**
 * One sending round over every tenant: claims due deliveries, sends them, and records the
 * outcome; a failure is retried with backoff (30 s, 1, 2, 4, 8 min) until it has been tried
 * MAX_DELIVERY_ATTEMPTS times, then it is marked failed for an admin to see.
 */
export async function processDueDeliveries(
  db: Db,
  now: Date,
  { allowPrivateWebhooks = false, limit = 50 }: { allowPrivateWebhooks?: boolean; limit?: number } = {},
) {
  const claimed = await repo.claimDueDeliveries(db, now, limit);
  const channels = await repo.findChannelsOfTenants(db, [...new Set(claimed.map((d) => d.tenant_id))]);
  const outcome = { sent: 0, retrying: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (d) => {
      try {
        const tenant = channels.get(d.tenant_id);
        if (d.channel === 'email') {
          if (!tenant?.smtp) throw new Error('no SMTP server is configured');
          await sendEmail(tenant.smtp, { to: d.target, subject: d.subject, text: d.body });
        } else {
          const robot = tenant?.robots.find((r) => r.id === d.target);
          if (!robot) throw new Error('the robot was removed');
          // Checked again when sent: the name may resolve elsewhere than when it was saved.
          if (!allowPrivateWebhooks && (await isPrivateWebhookUrl(robot.url)))
            throw new Error('the robot URL points at a loopback, link-local or private address');
          await postToRobot(robot, d.body, now);
        }
        await repo.recordDeliveryResult(db, { tenantId: d.tenant_id, id: d.id }, { status: 'sent', at: now });
        outcome.sent += 1;
      } catch (error) {
        const message = describeError(error);
        if (d.attempts >= MAX_DELIVERY_ATTEMPTS) {
          await repo.recordDeliveryResult(
            db,
            { tenantId: d.tenant_id, id: d.id },
            { status: 'failed', error: message },
          );
          outcome.failed += 1;
        } else {
          const nextAttemptAt = new Date(now.getTime() + retryDelaySeconds(d.attempts) * 1000);
          await repo.recordDeliveryResult(
            db,
            { tenantId: d.tenant_id, id: d.id },
            { status: 'pending', error: message, nextAttemptAt },
          );
          outcome.retrying += 1;
        }
      }
    }),
  );
  return outcome;
}

/** An error as a short line for admins: never the URL (robot URLs carry their keys). */
function describeError(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string }; code?: string };
  const cause = e?.cause?.code ?? e?.cause?.message ?? e?.code;
  return [e?.message ?? String(error), cause]
    .filter(Boolean)
    .join(': ')
    .replace(/https?:\/\/\S+/g, '<url>')
    .slice(0, 500);
}

// ---------------------------------------------------------------------------------------------
// The API

function me(actor: Actor): string {
  return personOf(actor);
}

export async function listInbox(
  ctx: AppContext,
  actor: Actor,
  query: { unread?: 'true' | 'false'; cursor?: string; limit: number },
  locale: Locale,
) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const { items: page, nextCursor } = await repo.selectInbox(scope, me(actor), {
    unread: query.unread === 'true',
    cursor: query.cursor,
    limit: query.limit,
  });
  const items: Notification[] = page.map((r) => ({
    id: r.id,
    event: r.event as NotificationEvent,
    params: r.params as NotificationParams,
    link: r.link,
    title: notificationText(r.event as NotificationEvent, r.params as NotificationParams, locale),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  }));
  return { items, unreadCount: await repo.countUnread(scope, me(actor)), nextCursor };
}

export async function unreadCount(ctx: AppContext, actor: Actor) {
  if (!actor.employeeId) return { unreadCount: 0 };
  return {
    unreadCount: await repo.countUnread(new TenantScope(ctx.database.db, actor.tenant.id), actor.employeeId),
  };
}

export async function markRead(ctx: AppContext, actor: Actor, ids: string[] | null) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const changed = await repo.markRead(scope, me(actor), ids, ctx.clock());
  return { changed, unreadCount: await repo.countUnread(scope, me(actor)) };
}

export async function getPreferences(ctx: AppContext, actor: Actor) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  return effectivePreferences(await repo.findPreferences(scope, me(actor)));
}

export async function updatePreferences(
  ctx: AppContext,
  actor: Actor,
  body: z.infer<typeof UpdatePreferencesBodySchema>,
) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const merged = { ...effectivePreferences(await repo.findPreferences(scope, me(actor))), ...body };
  await repo.savePreferences(scope, me(actor), merged);
  return effectivePreferences(merged);
}

function assertAdmin(actor: Actor) {
  assertCanManageChannels(actor);
}

function publicChannels(stored: repo.StoredChannels): Channels & { version: number } {
  return {
    smtp: stored.smtp
      ? {
          host: stored.smtp.host,
          port: stored.smtp.port,
          secure: stored.smtp.secure,
          user: stored.smtp.user,
          from: stored.smtp.from,
          passwordSet: stored.smtp.password !== '',
        }
      : null,
    robots: stored.robots.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      url: maskUrl(r.url),
      secretSet: r.secret !== '',
      events: r.events as NotificationEvent[],
    })),
    version: stored.version,
  };
}

/** Robot URLs carry their access key: show the host and path start only. */
function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.slice(0, 24)}…`;
  } catch {
    return '…';
  }
}

export async function getChannels(ctx: AppContext, actor: Actor) {
  assertAdmin(actor);
  return publicChannels(await repo.findChannels(new TenantScope(ctx.database.db, actor.tenant.id)));
}

/** Saves the SMTP server and robots; omitted secrets (and a robot's omitted URL change) keep the stored ones. */
export async function updateChannels(
  ctx: AppContext,
  actor: Actor,
  expectedVersion: number,
  body: UpdateChannelsBody,
  requestId: string,
) {
  assertAdmin(actor);
  return ctx.database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const before = await repo.findChannels(scope, true);
    if (before.version !== expectedVersion) throw new AppError('precondition.failed');
    const smtp =
      body.smtp === undefined
        ? before.smtp
        : body.smtp === null
          ? null
          : {
              host: body.smtp.host,
              port: body.smtp.port,
              secure: body.smtp.secure,
              user: body.smtp.user,
              from: body.smtp.from,
              password: body.smtp.password ?? before.smtp?.password ?? '',
            };
    const robots =
      body.robots === undefined
        ? before.robots
        : body.robots.map((r, index) => {
            const old = r.id ? before.robots.find((b) => b.id === r.id) : undefined;
            if (r.id && !old)
              throw new AppError('validation.failed', undefined, [
                { path: `body.robots.${index}.id`, code: 'not_found', message: 'unknown robot' },
              ]);
            // The masked URL shown by GET comes back unchanged: keep the stored one.
            const url = old && r.url.endsWith('…') ? old.url : r.url;
            if (url === r.url && !ctx.config.allowPrivateWebhooks && isPrivateHost(new URL(url).hostname))
              throw new AppError('webhook.private_address', undefined, [
                {
                  path: `body.robots.${index}.url`,
                  code: 'private_address',
                  message: 'a loopback, link-local or private address',
                },
              ]);
            return {
              id: old?.id ?? crypto.randomUUID(),
              name: r.name,
              kind: r.kind,
              url,
              secret: r.secret ?? old?.secret ?? '',
              events: r.events,
            };
          });
    if (!(await repo.saveChannels(scope, { smtp, robots }, expectedVersion)))
      throw new AppError('precondition.failed');
    const after = await repo.findChannels(scope);
    await recordAudit(
      scope,
      actor,
      {
        action: 'notification_channels.updated',
        entityType: 'tenant',
        entityId: actor.tenant.id,
        // Audit rows never hold secrets either.
        before: publicChannels(before),
        after: publicChannels(after),
      },
      requestId,
    );
    return publicChannels(after);
  });
}

export async function listDeliveries(
  ctx: AppContext,
  actor: Actor,
  query: { status?: 'pending' | 'sent' | 'failed'; cursor?: string; limit: number },
) {
  assertAdmin(actor);
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const { items: page, nextCursor } = await repo.selectDeliveries(scope, {
    status: query.status,
    cursor: query.cursor,
    limit: query.limit,
    readerId: actor.employeeId,
  });
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  return {
    items: page.map((d) => ({
      id: d.id,
      channel: d.channel,
      target: d.target,
      event: d.event as NotificationEvent,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: iso(d.next_attempt_at),
      lastError: d.last_error,
      sentAt: iso(d.sent_at),
      createdAt: new Date(d.created_at).toISOString(),
    })),
    nextCursor,
  };
}

export async function retryDelivery(ctx: AppContext, actor: Actor, id: string) {
  assertAdmin(actor);
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  if (!(await repo.retryDelivery(scope, id, ctx.clock()))) throw new AppError('not_found');
  return { ok: true };
}
