import { formatWeight, type MyDashboard as MyDashboardData, roundPercent } from '@perfloop/core';
import { Alert, Card, Col, Empty, List, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../shared/errors';
import { CycleSelect, useSelectedCycle } from '../cycles/CycleSelect';
import { AlertTable, PaceText } from '../early-warning/AlertTable';
import { GoalProgress, GoalStatusTag } from '../goals/GoalProgress';
import { useMyDashboard } from './dashboards.api';

type GoalLine = MyDashboardData['goals'][number];

/** My goals against the expected pace, my open alerts, follow-ups due within a week, my next 1:1. */
export function MyDashboard() {
  const { t } = useTranslation();
  const { cycle, cycles, setCycle, isPending: cyclesPending } = useSelectedCycle();
  const dashboard = useMyDashboard(cycle?.id);
  const data = dashboard.data;

  if (!cyclesPending && cycles.length === 0) return <Empty description={t('goals.noCycle')} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="my-dashboard">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('dashboard.mine')}
        </Typography.Title>
        <CycleSelect cycles={cycles} value={cycle?.id} onChange={setCycle} />
      </Space>
      {dashboard.isError && <Alert type="error" showIcon title={describeError(dashboard.error, t)} />}
      {!data ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.attainment')}
                  value={roundPercent(data.attainment)}
                  precision={1}
                  suffix="%"
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.expected')}
                  value={roundPercent(data.expected)}
                  precision={1}
                  suffix="%"
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('dashboard.pace')}
                  formatter={() => <PaceText pace={data.pace} behind={data.behind} />}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('dashboard.openAlerts')} value={data.openAlerts.length} />
              </Card>
            </Col>
          </Row>
          <Card
            size="small"
            title={t('dashboard.myGoals')}
            extra={<Link to="/goals">{t('nav.myGoals')}</Link>}
          >
            <Table<GoalLine>
              size="small"
              rowKey="id"
              dataSource={data.goals}
              pagination={false}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('goals.empty')} />,
              }}
              columns={[
                {
                  title: t('goals.goal'),
                  dataIndex: 'title',
                  render: (title: string, g) => <Link to={`/goals/${g.id}`}>{title}</Link>,
                },
                {
                  title: t('dashboard.status'),
                  dataIndex: 'status',
                  render: (s: string) => <GoalStatusTag status={s} />,
                },
                {
                  title: t('goals.weight'),
                  dataIndex: 'weightBp',
                  render: (w: number) => `${formatWeight(w)}%`,
                },
                {
                  title: t('goals.progress'),
                  key: 'progress',
                  render: (_, g) => (
                    <GoalProgress
                      progress={g.progress}
                      expected={g.expected}
                      behind={g.behind}
                      size="small"
                    />
                  ),
                },
                {
                  title: t('dashboard.pace'),
                  dataIndex: 'pace',
                  render: (p: number | null, g) => <PaceText pace={p} behind={g.behind} />,
                },
              ]}
            />
          </Card>
          <Card
            size="small"
            title={t('dashboard.openAlerts')}
            extra={<Link to="/alerts">{t('nav.alerts')}</Link>}
          >
            <AlertTable alerts={data.openAlerts} />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <Card
                size="small"
                title={t('dashboard.dueFollowUps')}
                extra={<Link to="/follow-ups">{t('nav.followUps')}</Link>}
              >
                <List
                  size="small"
                  dataSource={data.dueFollowUps}
                  locale={{ emptyText: t('dashboard.noDueFollowUps') }}
                  renderItem={(f) => (
                    <List.Item
                      extra={
                        f.status === 'overdue' ? (
                          <Tag color="red">{t('followUps.statuses.overdue')}</Tag>
                        ) : null
                      }
                    >
                      <List.Item.Meta
                        title={f.topic}
                        description={`${f.employeeName} · ${t('followUps.dueDate')} ${f.dueDate ?? '—'}`}
                      />
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card
                size="small"
                title={t('dashboard.nextOneOnOne')}
                extra={<Link to="/one-on-ones">{t('nav.oneOnOnes')}</Link>}
              >
                {data.nextOneOnOne ? (
                  <Space orientation="vertical" size={2}>
                    <Link to={`/one-on-ones/${data.nextOneOnOne.id}`}>
                      {new Date(data.nextOneOnOne.startsAt).toLocaleString()}
                    </Link>
                    <Typography.Text>
                      {data.nextOneOnOne.managerName} · {data.nextOneOnOne.employeeName}
                    </Typography.Text>
                    {data.nextOneOnOne.location && (
                      <Typography.Text type="secondary">{data.nextOneOnOne.location}</Typography.Text>
                    )}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('dashboard.noOneOnOne')}</Typography.Text>
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
