import { type Alert, formatPercent } from '@perfloop/core';
import { Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A pace the server says is behind (core's rule, the company's threshold) reads red; no pace is a dash. */
export function PaceText({ pace, behind }: { pace: number | null; behind: boolean }) {
  if (pace === null) return <>—</>;
  return <Typography.Text type={behind ? 'danger' : undefined}>{formatPercent(pace)}</Typography.Text>;
}

/** Early-warning alerts: rule, goal, owner, when it opened, and the numbers behind it. */
export function AlertTable(props: {
  alerts: Alert[];
  loading?: boolean;
  showOwner?: boolean;
  showStatus?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Table<Alert>
      size="small"
      rowKey="id"
      loading={props.loading}
      dataSource={props.alerts}
      pagination={false}
      data-testid={props.testId}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.empty')} /> }}
      columns={[
        {
          title: t('alerts.rule'),
          dataIndex: 'rule',
          render: (rule: Alert['rule']) => (
            <Tag color={rule === 'pace' ? 'volcano' : 'gold'}>{t(`alerts.rules.${rule}`)}</Tag>
          ),
        },
        {
          title: t('alerts.goal'),
          dataIndex: 'goalTitle',
          render: (title: string, a) => <Link to={`/goals/${a.goalId}`}>{title}</Link>,
        },
        ...(props.showOwner
          ? [
              {
                title: t('alerts.owner'),
                key: 'owner',
                render: (_: unknown, a: Alert) =>
                  a.ownerId ? (
                    <Link to={`/employees/${a.ownerId}`}>{a.ownerName}</Link>
                  ) : (
                    (a.departmentName ?? '—')
                  ),
              },
            ]
          : []),
        {
          title: t('alerts.detail'),
          key: 'detail',
          render: (_, a) =>
            a.rule === 'pace' ? (
              <span>
                {t('alerts.paceDetail', {
                  progress: formatPercent(a.progress ?? 0),
                  expected: formatPercent(a.expected ?? 0),
                })}{' '}
                · <PaceText pace={a.pace} behind />
              </span>
            ) : (
              t('alerts.staleDetail', { date: a.lastCheckInOn ?? t('alerts.never') })
            ),
        },
        { title: t('alerts.openedOn'), dataIndex: 'openedOn' },
        ...(props.showStatus
          ? [
              {
                title: t('alerts.status'),
                key: 'status',
                render: (_: unknown, a: Alert) =>
                  a.status === 'open' ? (
                    <Tag color="red">{t('alerts.statuses.open')}</Tag>
                  ) : (
                    <Tag color="green">{t('alerts.resolvedOn', { date: a.resolvedOn })}</Tag>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}
