import { NOTIFICATION_EVENTS, type Notification } from '@perfloop/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Empty,
  List,
  Segmented,
  Skeleton,
  Space,
  Switch,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { describeError } from '../../shared/errors';

function Inbox() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useInfiniteQuery({
    queryKey: ['notifications', 'inbox', unreadOnly],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api('GET /notifications', { query: { unread: unreadOnly ? 'true' : undefined, cursor: pageParam } }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];

  async function markRead(ids?: string[]) {
    try {
      await api('POST /notifications/read', { body: ids ? { ids } : {} });
      await client.invalidateQueries({ queryKey: ['notifications'] });
    } catch (e) {
      message.error(describeError(e, t));
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setUnreadOnly(v === 'unread')}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: t('notifications.unread') },
          ]}
        />
        <Button onClick={() => void markRead()}>{t('notifications.markAllRead')}</Button>
      </Space>
      {inbox.isError && <Alert type="error" showIcon title={describeError(inbox.error, t)} />}
      <List<Notification>
        loading={inbox.isPending}
        dataSource={items}
        data-testid="inbox"
        locale={{ emptyText: <Empty description={t('notifications.empty')} /> }}
        renderItem={(n) => (
          <List.Item
            actions={
              n.readAt
                ? []
                : [
                    <Button key="read" size="small" type="link" onClick={() => void markRead([n.id])}>
                      {t('notifications.markRead')}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              avatar={<Badge status={n.readAt ? 'default' : 'processing'} />}
              title={
                n.link ? (
                  <Link to={n.link} onClick={() => !n.readAt && void markRead([n.id])}>
                    {n.title}
                  </Link>
                ) : (
                  n.title
                )
              }
              description={`${t(`notifications.events.${n.event}`)} · ${new Date(n.createdAt).toLocaleString()}`}
            />
          </List.Item>
        )}
      />
      {inbox.hasNextPage && (
        <Button onClick={() => void inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Space>
  );
}

/** Per event: in the app, by e-mail. Each switch saves at once. */
function Preferences() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const prefs = useQuery({
    queryKey: ['notification-preferences'],
    queryFn: () => api('GET /me/notification-preferences'),
  });
  if (prefs.isPending) return <Skeleton active />;
  if (prefs.isError) return <Alert type="error" showIcon title={describeError(prefs.error, t)} />;
  const data = prefs.data;

  async function change(
    event: (typeof NOTIFICATION_EVENTS)[number],
    channel: 'inApp' | 'email',
    on: boolean,
  ) {
    try {
      await api('PUT /me/notification-preferences', {
        body: { [event]: { ...data[event], [channel]: on } },
      });
      await client.invalidateQueries({ queryKey: ['notification-preferences'] });
      message.success(t('common.saved'));
    } catch (e) {
      message.error(describeError(e, t));
    }
  }

  return (
    <>
      <Typography.Paragraph type="secondary">{t('notifications.preferencesHelp')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="event"
        pagination={false}
        dataSource={NOTIFICATION_EVENTS.map((event) => ({ event, ...data[event] }))}
        columns={[
          {
            title: t('notifications.event'),
            dataIndex: 'event',
            render: (e: string) => t(`notifications.events.${e}`),
          },
          {
            title: t('notifications.inApp'),
            dataIndex: 'inApp',
            render: (on: boolean, row) => (
              <Switch
                checked={on}
                onChange={(v) => void change(row.event, 'inApp', v)}
                aria-label={`${row.event} inApp`}
              />
            ),
          },
          {
            title: t('notifications.email'),
            dataIndex: 'email',
            render: (on: boolean, row) => (
              <Switch
                checked={on}
                onChange={(v) => void change(row.event, 'email', v)}
                aria-label={`${row.event} email`}
              />
            ),
          },
        ]}
      />
    </>
  );
}

/** My notifications, and which of them reach me where. */
export function NotificationsPage() {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('notifications.title')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'inbox', label: t('notifications.inbox'), children: <Inbox /> },
          { key: 'preferences', label: t('notifications.preferences'), children: <Preferences /> },
        ]}
      />
    </Space>
  );
}
