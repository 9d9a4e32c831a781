import { z } from 'zod';
import { ChannelsSchema, type DeliverySchema, NotificationSchema } from './notification.schemas.ts';

export const UnreadCountSchema = z.object({ unreadCount: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCountSchema>;

/** `GET /notifications`: a page of the inbox with the unread count. */
export const NotificationInboxPageSchema = z.object({
  items: z.array(NotificationSchema),
  unreadCount: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type NotificationInboxPage = z.infer<typeof NotificationInboxPageSchema>;

export const MarkReadBodySchema = z.object({ ids: z.array(z.uuid()).max(500).optional() });
export type MarkReadBody = z.infer<typeof MarkReadBodySchema>;

export const MarkReadResultSchema = UnreadCountSchema.extend({ changed: z.number().int() });
export type MarkReadResult = z.infer<typeof MarkReadResultSchema>;

/** The channels with their version, for If-Match on the next update. */
export const ChannelsWithVersionSchema = ChannelsSchema.extend({ version: z.number().int() });
export type ChannelsWithVersion = z.infer<typeof ChannelsWithVersionSchema>;

/** One attempt to send a notification through a channel. */
export type Delivery = z.infer<typeof DeliverySchema>;

export const RetryDeliveryResultSchema = z.object({ ok: z.boolean() });
