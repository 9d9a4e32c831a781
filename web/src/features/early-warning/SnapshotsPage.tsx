import { PlayCircleOutlined } from '@ant-design/icons';
import type { SnapshotRun } from '@perfloop/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Form, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { describeError } from '../../shared/errors';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';

/** HR: the weekly snapshot runs, and running one for a date (back-filling a missed week). */
export function SnapshotsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const runs = useQuery({
    queryKey: ['snapshots'],
    queryFn: () => api('GET /snapshots').then((r) => r.items),
  });
  const [form] = Form.useForm<{ date: Dayjs }>();
  const run = useFormMutation({
    form,
    mutate: ({ date }: { date: Dayjs }) =>
      api('POST /snapshots', { body: { date: date.format('YYYY-MM-DD') } }),
    successMessage: (result) =>
      result.alreadyRun
        ? t('snapshots.alreadyRun', { date: result.date })
        : t('snapshots.done', {
            date: result.date,
            opened: result.alertsOpened,
            resolved: result.alertsResolved,
          }),
    onSuccess: () =>
      Promise.all(
        ['snapshots', 'alerts', 'dashboard'].map((key) => client.invalidateQueries({ queryKey: [key] })),
      ),
  });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('snapshots.title')}
      </Typography.Title>
      <Card size="small" title={t('snapshots.runTitle')}>
        <Typography.Paragraph type="secondary">
          {t('snapshots.help')} <Link to="/admin/settings">{t('nav.settings')}</Link>
        </Typography.Paragraph>
        <FormErrorAlert error={run.error} />
        <Form form={form} layout="inline" onFinish={run.submit}>
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
            loading={run.submitting}
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
