import { PlusOutlined } from '@ant-design/icons';
import type { OneOnOne } from '@perfloop/core';
import { Alert, Button, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../shared/errors';
import { useOneOnOnes } from './one-on-ones.api';
import { ScheduleOneOnOneModal } from './ScheduleOneOnOneModal';

const STATUS_COLORS = { scheduled: 'blue', done: 'green', cancelled: 'default' } as const;

/** My 1:1s and those of my reporting line, upcoming or past. */
export function OneOnOnesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [when, setWhen] = useState<'upcoming' | 'past'>('upcoming');
  const [scheduling, setScheduling] = useState(false);
  const list = useOneOnOnes({ when });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('oneOnOnes.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setScheduling(true)}>
          {t('oneOnOnes.schedule')}
        </Button>
      </Space>
      <Segmented
        value={when}
        onChange={(v) => setWhen(v as 'upcoming' | 'past')}
        options={[
          { value: 'upcoming', label: t('oneOnOnes.upcoming') },
          { value: 'past', label: t('oneOnOnes.past') },
        ]}
      />
      {list.isError && <Alert type="error" showIcon title={describeError(list.error, t)} />}
      <Table<OneOnOne>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: <Empty description={t('oneOnOnes.empty')} /> }}
        columns={[
          {
            title: t('oneOnOnes.startsAt'),
            dataIndex: 'startsAt',
            render: (v: string, m) => <Link to={`/one-on-ones/${m.id}`}>{new Date(v).toLocaleString()}</Link>,
          },
          { title: t('oneOnOnes.manager'), dataIndex: 'managerName' },
          { title: t('oneOnOnes.employee'), dataIndex: 'employeeName' },
          { title: t('oneOnOnes.location'), dataIndex: 'location', render: (v: string) => v || '—' },
          {
            title: t('oneOnOnes.recurrence'),
            dataIndex: 'recurrence',
            render: (r: string) => t(`oneOnOnes.recurrences.${r}`),
          },
          {
            title: t('oneOnOnes.status'),
            dataIndex: 'status',
            render: (s: OneOnOne['status']) => (
              <Tag color={STATUS_COLORS[s]}>{t(`oneOnOnes.statuses.${s}`)}</Tag>
            ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {scheduling && (
        <ScheduleOneOnOneModal
          onClose={() => setScheduling(false)}
          onScheduled={(meeting) => navigate(`/one-on-ones/${meeting.id}`)}
        />
      )}
    </Space>
  );
}
