import { z } from 'zod';
import { formatPercent } from '../goals/progress.ts';
import type { Locale } from '../shared/messages.ts';

/** Everything that can notify someone. Each person chooses, per event, in-app and e-mail. */
export const NOTIFICATION_EVENTS = [
  'alert.pace',
  'alert.stale',
  'feedback.received',
  'one_on_one.scheduled',
  'follow_up.assigned',
  'key_event.recorded',
  'reminder.check_in_due',
  'reminder.follow_up_due',
  'reminder.approval_waiting',
  'review.requested',
  'review.reminder',
  'review.reopened',
  'nomination.requested',
  'nomination.submitted',
  'nomination.approved',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const NotificationParamsSchema = z.object({
  goalTitle: z.string().optional(),
  ownerName: z.string().optional(),
  pace: z.number().nullable().optional(),
  staleDays: z.number().optional(),
  fromName: z.string().optional(),
  kind: z.string().optional(),
  startsAt: z.string().optional(),
  withName: z.string().optional(),
  topic: z.string().optional(),
  dueDate: z.string().nullable().optional(),
  count: z.number().optional(),
  /** A review's rater type (self, manager, peer …): what kind of review is asked for. */
  raterType: z.string().optional(),
  roundName: z.string().optional(),
  polarity: z.enum(['positive', 'negative']).optional(),
});
export type NotificationParams = z.infer<typeof NotificationParamsSchema>;

export const NotificationSchema = z.object({
  id: z.uuid(),
  event: z.enum(NOTIFICATION_EVENTS),
  params: NotificationParamsSchema,
  /** A path in the web app, e.g. /goals/{id}. */
  link: z.string().nullable(),
  title: z.string(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const ListNotificationsQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

const Channels = z.object({ inApp: z.boolean(), email: z.boolean() });
export const NotificationPreferencesSchema = z.record(z.enum(NOTIFICATION_EVENTS), Channels);
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;
export const UpdatePreferencesBodySchema = z.partialRecord(z.enum(NOTIFICATION_EVENTS), Channels);

/** Everyone gets everything in the app and by e-mail unless they turn it off. */
export function effectivePreferences(stored: unknown): NotificationPreferences {
  const parsed = UpdatePreferencesBodySchema.safeParse(stored ?? {});
  const own = parsed.success ? parsed.data : {};
  return Object.fromEntries(
    NOTIFICATION_EVENTS.map((e) => [e, own[e] ?? { inApp: true, email: true }]),
  ) as NotificationPreferences;
}

// ---------------------------------------------------------------------------------------------
// Channels configured by HR: an SMTP server and chat-group robots.

export const ROBOT_KINDS = ['feishu', 'dingtalk', 'wecom'] as const;
export type RobotKind = (typeof ROBOT_KINDS)[number];

export const SmtpInputSchema = z.object({
  host: z.string().trim().min(1, 'required').max(200, 'too_long'),
  port: z.number().int().min(1, 'invalid_value').max(65535, 'invalid_value').default(465),
  secure: z.boolean().default(true),
  user: z.string().trim().max(200, 'too_long').default(''),
  /** Omitted on update: keep the stored one. Never returned by the API. */
  password: z.string().max(500, 'too_long').optional(),
  from: z.string().trim().min(3, 'required').max(200, 'too_long'),
});
export const RobotInputSchema = z.object({
  id: z.uuid().optional(),
  name: z.string().trim().min(1, 'required').max(100, 'too_long'),
  kind: z.enum(ROBOT_KINDS),
  url: z
    .url('invalid_url')
    .max(1000, 'too_long')
    .refine((u) => /^https?:\/\//.test(u), 'invalid_url'),
  /** Feishu and DingTalk signing secret; omitted on update keeps the stored one. */
  secret: z.string().max(500, 'too_long').optional(),
  events: z.array(z.enum(NOTIFICATION_EVENTS)).default(['alert.pace', 'alert.stale']),
});
export const UpdateChannelsBodySchema = z.object({
  smtp: SmtpInputSchema.nullable().optional(),
  robots: z.array(RobotInputSchema).max(20, 'too_many').optional(),
});
export type UpdateChannelsBody = z.infer<typeof UpdateChannelsBodySchema>;

export const ChannelsSchema = z.object({
  smtp: z
    .object({
      host: z.string(),
      port: z.number(),
      secure: z.boolean(),
      user: z.string(),
      from: z.string(),
      passwordSet: z.boolean(),
    })
    .nullable(),
  robots: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.enum(ROBOT_KINDS),
      url: z.string(),
      secretSet: z.boolean(),
      events: z.array(z.enum(NOTIFICATION_EVENTS)),
    }),
  ),
});
export type Channels = z.infer<typeof ChannelsSchema>;

export const DeliverySchema = z.object({
  id: z.uuid(),
  channel: z.enum(['email', ...ROBOT_KINDS]),
  target: z.string(),
  event: z.enum(NOTIFICATION_EVENTS),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export const ListDeliveriesQuerySchema = z.object({
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A delivery is tried this many times in all before it is marked failed. */
export const MAX_DELIVERY_ATTEMPTS = 6;

/** Seconds to wait after the n-th failed attempt (n ≥ 1): 30 s, 1, 2, 4, 8 min… capped at 1 h. */
export function retryDelaySeconds(failedAttempts: number): number {
  return Math.min(30 * 2 ** (failedAttempts - 1), 3600);
}

// ---------------------------------------------------------------------------------------------
// Texts, in the recipient's language: the in-app title, the e-mail subject and the robot message.

type Template = (p: NotificationParams) => string;
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v));
const many = (p: NotificationParams) => (p.count ?? 1) > 1;

const RATER_TYPE_TEXT: Record<string, Record<Locale, string>> = {
  self: { 'zh-CN': '自评', 'en-US': 'self review' },
  manager: { 'zh-CN': '上级评估', 'en-US': 'manager review' },
  peer: { 'zh-CN': '同事评估', 'en-US': 'peer review' },
  subordinate: { 'zh-CN': '下属评估', 'en-US': 'upward review' },
  collaborator: { 'zh-CN': '跨部门协作评估', 'en-US': 'collaborator review' },
};
const raterTypeText = (p: NotificationParams, locale: Locale) =>
  RATER_TYPE_TEXT[p.raterType ?? '']?.[locale] ?? (locale === 'zh-CN' ? '评估' : 'review');
const dueZh = (p: NotificationParams) => (p.dueDate ? `（截止 ${p.dueDate}）` : '');
const dueEn = (p: NotificationParams) => (p.dueDate ? ` (due ${p.dueDate})` : '');

const TEMPLATES: Record<NotificationEvent, Record<Locale, Template>> = {
  // One goal names its owner and pace; several (one snapshot's alerts to one person) name the worst.
  'alert.pace': {
    'zh-CN': (p) =>
      many(p)
        ? `预警：「${p.goalTitle}」等 ${p.count} 个目标进度落后`
        : `预警：「${p.goalTitle}」（${p.ownerName ?? '—'}）进度落后，完成节奏 ${pct(p.pace)}`,
    'en-US': (p) =>
      many(p)
        ? `Alert: ${p.count} goals are behind, among them "${p.goalTitle}"`
        : `Alert: "${p.goalTitle}" (${p.ownerName ?? '—'}) is behind, pace ${pct(p.pace)}`,
  },
  'alert.stale': {
    'zh-CN': (p) =>
      many(p)
        ? `预警：「${p.goalTitle}」等 ${p.count} 个目标已 ${p.staleDays} 天未更新进度`
        : `预警：「${p.goalTitle}」（${p.ownerName ?? '—'}）已 ${p.staleDays} 天未更新进度`,
    'en-US': (p) =>
      many(p)
        ? `Alert: ${p.count} goals have had no check-in for ${p.staleDays} days, among them "${p.goalTitle}"`
        : `Alert: "${p.goalTitle}" (${p.ownerName ?? '—'}) has had no check-in for ${p.staleDays} days`,
  },
  'feedback.received': {
    'zh-CN': (p) => `${p.fromName} 给了你一条${p.kind === 'praise' ? '表扬' : '建议'}`,
    'en-US': (p) => `${p.fromName} sent you ${p.kind === 'praise' ? 'praise' : 'a suggestion'}`,
  },
  'one_on_one.scheduled': {
    'zh-CN': (p) => `与 ${p.withName} 的一对一面谈：${p.startsAt}`,
    'en-US': (p) => `1:1 with ${p.withName}: ${p.startsAt}`,
  },
  'follow_up.assigned': {
    'zh-CN': (p) => `新的跟进事项由你负责：${p.topic}${p.dueDate ? `（完成时限 ${p.dueDate}）` : ''}`,
    'en-US': (p) => `A follow-up is assigned to you: ${p.topic}${p.dueDate ? ` (due ${p.dueDate})` : ''}`,
  },
  // Who wrote it and which way it counts; what it says is for the page, not an e-mail.
  'key_event.recorded': {
    'zh-CN': (p) =>
      `${p.fromName} 记录了一条关于你的关键事件（${p.polarity === 'negative' ? '负面' : '正面'}）`,
    'en-US': (p) =>
      `${p.fromName} recorded a key event about you (${p.polarity === 'negative' ? 'negative' : 'positive'})`,
  },
  'reminder.check_in_due': {
    'zh-CN': (p) => `提醒：你有 ${p.count} 个目标本周还未更新进度`,
    'en-US': (p) => `Reminder: ${p.count} of your goals have no check-in this week`,
  },
  'reminder.follow_up_due': {
    'zh-CN': (p) => `提醒：跟进事项「${p.topic}」的完成时限是 ${p.dueDate}`,
    'en-US': (p) => `Reminder: follow-up "${p.topic}" is due ${p.dueDate}`,
  },
  'reminder.approval_waiting': {
    'zh-CN': (p) => `提醒：有 ${p.count} 项审批等待你处理`,
    'en-US': (p) => `Reminder: ${p.count} approvals are waiting for you`,
  },
  // Review texts name the ratee to the reviewer only; nothing sent to a ratee names a reviewer (§6).
  'review.requested': {
    'zh-CN': (p) =>
      p.raterType === 'self'
        ? `请完成你的自评：${p.roundName}${dueZh(p)}`
        : `请为 ${p.ownerName} 填写${raterTypeText(p, 'zh-CN')}：${p.roundName}${dueZh(p)}`,
    'en-US': (p) =>
      p.raterType === 'self'
        ? `Please write your self review: ${p.roundName}${dueEn(p)}`
        : `Please write a ${raterTypeText(p, 'en-US')} of ${p.ownerName}: ${p.roundName}${dueEn(p)}`,
  },
  'review.reminder': {
    'zh-CN': (p) =>
      p.raterType === 'self'
        ? `提醒：你的自评尚未提交${dueZh(p)}`
        : `提醒：${p.ownerName} 的${raterTypeText(p, 'zh-CN')}尚未提交${dueZh(p)}`,
    'en-US': (p) =>
      p.raterType === 'self'
        ? `Reminder: your self review is not submitted yet${dueEn(p)}`
        : `Reminder: your ${raterTypeText(p, 'en-US')} of ${p.ownerName} is not submitted yet${dueEn(p)}`,
  },
  'review.reopened': {
    'zh-CN': (p) => `HR 重新打开了你对 ${p.ownerName} 的${raterTypeText(p, 'zh-CN')}：${p.topic}`,
    'en-US': (p) => `HR reopened your ${raterTypeText(p, 'en-US')} of ${p.ownerName}: ${p.topic}`,
  },
  'nomination.requested': {
    'zh-CN': (p) => `请提名为你评估的同事和跨部门协作者：${p.roundName}${dueZh(p)}`,
    'en-US': (p) => `Please nominate peers and collaborators to review you: ${p.roundName}${dueEn(p)}`,
  },
  'nomination.submitted': {
    'zh-CN': (p) => `${p.ownerName} 提交了评估人提名，等待你确认`,
    'en-US': (p) => `${p.ownerName} nominated reviewers; please approve or change them`,
  },
  'nomination.approved': {
    'zh-CN': (p) => `你的评估人提名已由上级确认：${p.roundName}`,
    'en-US': (p) => `Your manager confirmed the reviewers for ${p.roundName}`,
  },
};

export function notificationText(
  event: NotificationEvent,
  params: NotificationParams,
  locale: Locale,
): string {
  return TEMPLATES[event][locale](params);
}
