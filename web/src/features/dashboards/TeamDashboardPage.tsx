import { CalendarOutlined } from '@ant-design/icons';
import { roundPercent, type TeamDashboard } from '@perfloop/core';
import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EChart } from '../../shared/EChart';
import { describeError } from '../../shared/errors';
import { CycleSelect, useSelectedCycle } from '../cycles/CycleSelect';
import { AlertTable, PaceText } from '../early-warning/AlertTable';
import { GoalProgress } from '../goals/GoalProgress';
import { ScheduleOneOnOneModal } from '../one-on-ones/ScheduleOneOnOneModal';
import { useTeamDashboard } from './dashboards.api';

type Member = TeamDashboard['members'][number];
const day = (v: string | null) => (v ? new Date(v).toLocaleDateString() : '—');

/** A manager's direct reports: attainment against expected, pace, alerts, overdue follow-ups, last check-in and 1:1. */
export function TeamDashboardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { cycle, cycles, setCycle } = useSelectedCycle();
  const dashboard = useTeamDashboard(cycle?.id);
  const members = dashboard.data?.members ?? [];
  const [scheduling, setScheduling] = useState<{ id: string; name: string } | null>(null);

  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 40 },
      xAxis: { type: 'category', data: members.map((m) => m.name) },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('dashboard.attainment'),
          type: 'bar',
          data: members.map((m) => roundPercent(m.attainment)),
        },
        { name: t('dashboard.expected'), type: 'bar', data: members.map((m) => roundPercent(m.expected)) },
      ],
    }),
    [members, t],
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dashboard.team')}
        </Typography.Title>
        <CycleSelect cycles={cycles} value={cycle?.id} onChange={setCycle} />
      </Space>
      {dashboard.isError && <Alert type="error" showIcon title={describeError(dashboard.error, t)} />}
      <Card size="small" title={t('dashboard.attainmentVsExpected')}>
        {members.length > 0 && <EChart option={option} label={t('dashboard.attainmentVsExpected')} />}
        <Table<Member>
          rowKey="employeeId"
          size="small"
          loading={dashboard.isPending && !!cycle}
          dataSource={members}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          // Nine columns: on a phone the table scrolls inside its card instead of widening the page.
          scroll={{ x: 'max-content' }}
          data-testid="team-dashboard-table"
          locale={{ emptyText: <Empty description={t('goals.noReports')} /> }}
          columns={[
            {
              title: t('goals.member'),
              dataIndex: 'name',
              render: (name: string, m) => <Link to={`/employees/${m.employeeId}`}>{name}</Link>,
            },
            {
              title: t('dashboard.attainment'),
              key: 'attainment',
              sorter: (a, b) => a.attainment - b.attainment,
              render: (_, m) => (
                <GoalProgress progress={m.attainment} expected={m.expected} behind={m.behind} size="small" />
              ),
            },
            {
              title: t('dashboard.pace'),
              dataIndex: 'pace',
              sorter: (a, b) => (a.pace ?? -1) - (b.pace ?? -1),
              render: (p: number | null, m) => <PaceText pace={p} behind={m.behind} />,
            },
            {
              title: t('dashboard.openAlerts'),
              dataIndex: 'openAlerts',
              sorter: (a, b) => a.openAlerts - b.openAlerts,
              render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0),
            },
            {
              title: t('dashboard.overdueFollowUps'),
              dataIndex: 'overdueFollowUps',
              render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : 0),
            },
            {
              title: t('dashboard.midReviewRisks'),
              dataIndex: 'midReviewRisks',
              sorter: (a, b) =>
                (a.midReviewRisks?.high ?? 0) * 100 +
                (a.midReviewRisks?.medium ?? 0) -
                ((b.midReviewRisks?.high ?? 0) * 100 + (b.midReviewRisks?.medium ?? 0)),
              render: (r: Member['midReviewRisks']) =>
                r === null ? (
                  <Typography.Text type="secondary">{t('dashboard.noMidReview')}</Typography.Text>
                ) : r.high + r.medium === 0 ? (
                  <Tag color="green">{t('dashboard.riskLowOnly')}</Tag>
                ) : (
                  <Space size={4}>
                    {r.high > 0 && <Tag color="red">{t('dashboard.riskHigh', { count: r.high })}</Tag>}
                    {r.medium > 0 && (
                      <Tag color="orange">{t('dashboard.riskMedium', { count: r.medium })}</Tag>
                    )}
                  </Space>
                ),
            },
            { title: t('goals.lastCheckIn'), dataIndex: 'lastCheckInAt', render: day },
            { title: t('dashboard.lastOneOnOne'), dataIndex: 'lastOneOnOneAt', render: day },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, m) => (
                <Button
                  size="small"
                  icon={<CalendarOutlined />}
                  data-testid={`schedule-one-on-one-${m.employeeNo}`}
                  onClick={() => setScheduling({ id: m.employeeId, name: m.name })}
                >
                  {t('oneOnOnes.schedule')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('dashboard.teamAlerts')}>
        <AlertTable
          alerts={dashboard.data?.openAlerts ?? []}
          loading={dashboard.isPending && !!cycle}
          showOwner
          testId="team-alerts"
        />
      </Card>
      {scheduling && (
        <ScheduleOneOnOneModal
          employee={scheduling}
          onClose={() => setScheduling(null)}
          onScheduled={(meeting) => navigate(`/one-on-ones/${meeting.id}`)}
        />
      )}
    </Space>
  );
}
