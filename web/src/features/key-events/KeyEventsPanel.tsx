import { PlusOutlined } from '@ant-design/icons';
import type { KeyEvent, Me } from '@perfloop/core';
import { Alert, App, Button, Card, Empty, List, Popconfirm, Segmented, Space, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { describeError } from '../../shared/errors';
import { KeyEventForm } from './KeyEventForm';
import { useInvalidateKeyEvents, useKeyEvents } from './key-events.api';

type PolarityFilter = 'all' | KeyEvent['polarity'];
const POLARITY_COLORS = { positive: 'green', negative: 'red' } as const;

/**
 * The key events (关键事件) about one person, newest first, with a form to record one; the
 * writer changes or deletes their own. On the profile page, and beside a review form with the
 * review's `cycleId` (events within that cycle) and `canRecord` false for reviewers who only read.
 * What the list holds is the server's decision: a caller sees only what they may read.
 */
export function KeyEventsPanel(props: {
  employeeId: string;
  me: Me;
  cycleId?: string;
  canRecord?: boolean;
  title?: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateKeyEvents();
  const [polarity, setPolarity] = useState<PolarityFilter>('all');
  const [editing, setEditing] = useState<KeyEvent | 'new' | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const list = useKeyEvents({
    employeeId: props.employeeId,
    cycleId: props.cycleId,
    polarity: polarity === 'all' ? undefined : polarity,
  });
  const canRecord = props.canRecord ?? true;

  async function remove(event: KeyEvent) {
    setDeleting(event.id);
    try {
      await api('DELETE /key-events/{id}', { params: { id: event.id } });
      message.success(t('keyEvents.deleted'));
      await invalidate();
    } catch (e) {
      message.error(describeError(e, t));
    } finally {
      setDeleting(null);
    }
  }

  return (
    <Card
      title={props.title ?? t('keyEvents.title')}
      data-testid="key-events-panel"
      extra={
        <Space wrap>
          <Segmented<PolarityFilter>
            size="small"
            value={polarity}
            onChange={setPolarity}
            options={(['all', 'positive', 'negative'] as const).map((p) => ({
              value: p,
              label: p === 'all' ? t('keyEvents.all') : t(`keyEvents.polarities.${p}`),
            }))}
          />
          {canRecord && (
            <Button
              type="primary"
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="key-event-add"
            >
              {t('keyEvents.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('keyEvents.help')}</Typography.Paragraph>
      {list.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('keyEvents.loadError')}
          description={describeError(list.error, t)}
          action={
            <Button size="small" onClick={() => void list.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : (
        <List<KeyEvent>
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          dataSource={list.items}
          locale={{ emptyText: <Empty description={t('keyEvents.empty')} /> }}
          renderItem={(event) => (
            <List.Item
              key={event.id}
              actions={
                event.authorId === props.me.id
                  ? [
                      <Button key="edit" size="small" type="link" onClick={() => setEditing(event)}>
                        {t('common.edit')}
                      </Button>,
                      <Popconfirm
                        key="delete"
                        title={t('keyEvents.deleteConfirm')}
                        okText={t('common.delete')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => remove(event)}
                      >
                        <Button size="small" type="link" danger loading={deleting === event.id}>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap size={[8, 0]}>
                    <Typography.Text strong>{event.occurredOn}</Typography.Text>
                    <Tag color={POLARITY_COLORS[event.polarity]}>
                      {t(`keyEvents.polarities.${event.polarity}`)}
                    </Tag>
                    <Tag>{t(`keyEvents.kinds.${event.kind}`)}</Tag>
                    {event.goalId && event.goalTitle && (
                      <Link to={`/goals/${event.goalId}`} style={{ fontWeight: 'normal' }}>
                        {event.goalTitle}
                      </Link>
                    )}
                  </Space>
                }
                description={
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{event.description}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('keyEvents.recordedBy', { name: event.authorName })}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {editing && (
        <KeyEventForm
          employeeId={props.employeeId}
          keyEvent={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}
