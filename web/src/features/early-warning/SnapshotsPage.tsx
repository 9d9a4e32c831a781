import { PlayCircleOutlined } from '@ant-design/icons';
import type { SnapshotRun } from '@perfloop/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { describeError } from '../../shared/errors';

/** HR: the weekly snapshot runs, and running one for a date (back-filling a missed week). */
export function SnapshotsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const runs = useQuery({
    queryKey: ['snapshots'],
    queryFn: () => api<{ items: SnapshotRun[] }>('/snapshots').then((r) => r.items),
  });
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run({ date }: { date: Dayjs }) {
    setRunning(true);
    setError(null);
    try {
      const result = await api<SnapshotRun>('/snapshots', {
        method: 'POST',
        body: { date: date.format('YYYY-MM-DD') },
      });
      message.success(
        result.alreadyRun
          ? t('snapshots.alreadyRun', { date: result.date })
          : t('snapshots.done', {
              date: result.date,
              opened: result.alertsOpened,
              resolved: result.alertsResolved,
            }),
      );
      await Promise.all(
        ['snapshots', 'alerts', 'dashboard'].map((key) => client.invalidateQueries({ queryKey: [key] })),
      );
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('snapshots.title')}
      </Typography.Title>
      <Card size="small" title={t('snapshots.runTitle')}>
        <Typography.Paragraph type="secondary">
          {t('snapshots.help')} <Link to="/admin/settings">{t('nav.settings')}</Link>
        </Typography.Paragraph>
        {error !== null && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(error, t)} />
        )}
        <Form layout="inline" onFinish={run}>
          <Form.Item
            name="date"
            label={t('snapshots.date')}
            rules={[{ required: true, message: t('fieldErrors:required') }]}
          >
            <DatePicker data-testid="snapshot-date" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<PlayCircleOutlined />}
            loading={running}
            data-testid="snapshot-run"
          >
            {t('snapshots.run')}
          </Button>
        </Form>
      </Card>
      {runs.isError && <Alert type="error" showIcon title={describeError(runs.error, t)} />}
      <Table<SnapshotRun>
        size="small"
        rowKey="date"
        loading={runs.isPending}
        dataSource={runs.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('snapshots.empty')} /> }}
        columns={[
          { title: t('snapshots.date'), dataIndex: 'date' },
          {
            title: t('snapshots.trigger'),
            dataIndex: 'trigger',
            render: (v: string) => <Tag>{t(`snapshots.triggers.${v}`)}</Tag>,
          },
          { title: t('snapshots.goals'), dataIndex: 'goals' },
          { title: t('snapshots.keyResults'), dataIndex: 'keyResults' },
          { title: t('snapshots.opened'), dataIndex: 'alertsOpened' },
          { title: t('snapshots.resolved'), dataIndex: 'alertsResolved' },
          {
            title: t('snapshots.finishedAt'),
            dataIndex: 'finishedAt',
            render: (v: string) => new Date(v).toLocaleString(),
          },
        ]}
      />
    </Space>
  );
}
