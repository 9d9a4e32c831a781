import {
  ChannelsWithVersionSchema,
  DeliverySchema,
  ListDeliveriesQuerySchema,
  ListNotificationsQuerySchema,
  MarkReadBodySchema,
  MarkReadResultSchema,
  NotificationInboxPageSchema,
  NotificationPreferencesSchema,
  RetryDeliveryResultSchema,
  UnreadCountSchema,
  UpdateChannelsBodySchema,
  UpdatePreferencesBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { localeOf } from '../../http/errors.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as service from './notification.service.ts';

export function registerNotificationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'My in-app inbox, newest first, with the unread count',
        querystring: ListNotificationsQuerySchema,
        response: { 200: NotificationInboxPageSchema },
      },
    },
    async (request) => service.listInbox(ctx, actorOf(request), request.query, localeOf(request)),
  );

  r.get(
    '/api/v1/notifications/unread-count',
    {
      schema: {
        tags,
        summary: 'How many of my notifications are unread',
        response: { 200: UnreadCountSchema },
      },
    },
    async (request) => service.unreadCount(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/notifications/read',
    {
      schema: {
        tags,
        operationId: 'markNotificationsRead',
        summary: 'Mark notifications read: the given ids, or all of them when ids is omitted',
        body: MarkReadBodySchema,
        response: { 200: MarkReadResultSchema },
      },
    },
    async (request) => service.markRead(ctx, actorOf(request), request.body.ids ?? null),
  );

  r.get(
    '/api/v1/me/notification-preferences',
    {
      schema: {
        tags,
        summary: 'Which events reach me in the app and by e-mail',
        response: { 200: NotificationPreferencesSchema },
      },
    },
    async (request) => service.getPreferences(ctx, actorOf(request)),
  );

  r.put(
    '/api/v1/me/notification-preferences',
    {
      schema: {
        tags,
        summary: 'Change which events reach me (events left out keep their setting)',
        body: UpdatePreferencesBodySchema,
        response: { 200: NotificationPreferencesSchema },
      },
    },
    async (request) => service.updatePreferences(ctx, actorOf(request), request.body),
  );

  r.get(
    '/api/v1/notification-channels',
    {
      schema: {
        tags,
        summary: 'The SMTP server and chat-group robots (HR admins; secrets are never returned)',
        response: { 200: ChannelsWithVersionSchema },
      },
    },
    async (request, reply) => {
      const channels = await service.getChannels(ctx, actorOf(request));
      setEtag(reply, channels.version);
      return channels;
    },
  );

  r.put(
    '/api/v1/notification-channels',
    {
      schema: {
        tags,
        summary: 'Configure e-mail and Feishu/DingTalk/WeCom robots (requires If-Match; audited)',
        body: UpdateChannelsBodySchema,
        response: { 200: ChannelsWithVersionSchema },
      },
    },
    async (request, reply) => {
      const channels = await service.updateChannels(
        ctx,
        actorOf(request),
        requireIfMatch(request),
        request.body,
        request.id,
      );
      setEtag(reply, channels.version);
      return channels;
    },
  );

  r.get(
    '/api/v1/deliveries',
    {
      schema: {
        tags,
        summary: 'E-mail and robot deliveries with their attempts and errors (HR admins)',
        querystring: ListDeliveriesQuerySchema,
        response: { 200: z.object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => service.listDeliveries(ctx, actorOf(request), request.query),
  );

  r.post(
    '/api/v1/deliveries/:id/retry',
    {
      schema: {
        tags,
        summary: 'Try a failed delivery again now (HR admins)',
        params: z.object({ id: z.uuid() }),
        response: { 200: RetryDeliveryResultSchema },
      },
    },
    async (request) => service.retryDelivery(ctx, actorOf(request), request.params.id),
  );
}
