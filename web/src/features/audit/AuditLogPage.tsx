import type { AuditEvent } from '@perfloop/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { describeError } from '../../shared/errors';

const ENTITY_TYPES = ['employee', 'department', 'api_token', 'import', 'tenant'];

/** The append-only audit log, newest first, filtered by entity type, entity id and action. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [entityType, setEntityType] = useState<string | undefined>();
  const [action, setAction] = useState('');
  const [entityId, setEntityId] = useState('');
  const query = useInfiniteQuery({
    queryKey: ['audit', entityType, action, entityId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api('GET /audit-events', {
        query: {
          entityType,
          action: action || undefined,
          entityId: entityId || undefined,
          cursor: pageParam,
          limit: 50,
        },
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title={t('audit.title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('audit.filterEntity')}
          style={{ width: 180 }}
          value={entityType}
          onChange={setEntityType}
          options={ENTITY_TYPES.map((e) => ({ value: e, label: t(`audit.entities.${e}`) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('audit.filterAction')}
          onSearch={setAction}
          style={{ width: 220 }}
        />
        <Input.Search
          allowClear
          placeholder={t('audit.filterEntityId')}
          onSearch={setEntityId}
          style={{ width: 300 }}
        />
      </Space>
      {query.isError ? (
        <Alert type="error" title={describeError(query.error, t)} />
      ) : (
        <Table<AuditEvent>
          rowKey="id"
          size="small"
          loading={query.isPending}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: <Empty description={t('common.noData')} /> }}
          expandable={{
            expandedRowRender: (e) => (
              <Space align="start" size="large">
                <div>
                  <Typography.Text strong>{t('audit.before')}</Typography.Text>
                  <pre style={{ maxWidth: 520, overflow: 'auto' }}>
                    {JSON.stringify(e.before, null, 2) ?? '—'}
                  </pre>
                </div>
                <div>
                  <Typography.Text strong>{t('audit.after')}</Typography.Text>
                  <pre style={{ maxWidth: 520, overflow: 'auto' }}>
                    {JSON.stringify(e.after, null, 2) ?? '—'}
                  </pre>
                </div>
              </Space>
            ),
          }}
          columns={[
            {
              title: t('audit.time'),
              dataIndex: 'at',
              width: 180,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
            },
            {
              title: t('audit.actor'),
              dataIndex: 'actorName',
              render: (v: string | null, e) => (
                <Space>
                  {v ?? '—'}
                  {e.actorKind !== 'user' && <Tag>{t(`audit.actorKinds.${e.actorKind}`)}</Tag>}
                </Space>
              ),
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              render: (v: string) => <Tag color="blue">{v}</Tag>,
            },
            {
              title: t('audit.entity'),
              render: (_: unknown, e) =>
                `${t(`audit.entities.${e.entityType}`, { defaultValue: e.entityType })} · ${e.entityId.slice(0, 8)}`,
            },
          ]}
        />
      )}
      {query.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </Card>
  );
}
