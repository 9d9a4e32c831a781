import { ATTAINMENT_BUCKETS, type DepartmentDashboard, formatPercent, type Me } from '@perfloop/core';
import { Alert, Card, Col, Row, Space, Statistic, Table, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../auth/use-me';
import { EChart } from '../../shared/EChart';
import { describeError } from '../../shared/errors';
import { CycleSelect, useSelectedCycle } from '../cycles/CycleSelect';
import { buildDepartmentTree, useDepartments } from '../departments/departments.api';
import { AlertTable } from '../early-warning/AlertTable';
import { toTreeData } from '../employees/EmployeeForm';
import { useDepartmentDashboard } from './dashboards.api';

type Bucket = DepartmentDashboard['distribution'][number];

/** For heads, HRBPs and HR: attainment distribution, goals at risk and check-in compliance of a department and below. */
export function DepartmentDashboardPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { cycle, cycles, setCycle } = useSelectedCycle();
  const departments = useDepartments();
  const list = departments.data ?? [];
  // HR starts at the top of the tree; a head at the department they head.
  const top = buildDepartmentTree(list)[0]?.id;
  const fallback = can(me, 'dashboards.company.view')
    ? top
    : (list.find((d) => d.headId === me.id)?.id ?? top);
  const [chosen, setChosen] = useState<string | undefined>();
  const departmentId = chosen ?? fallback;
  const dashboard = useDepartmentDashboard(cycle?.id, departmentId);
  const data = dashboard.data;

  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: ATTAINMENT_BUCKETS.map((b) => `${b}%`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('dashboard.people'),
          type: 'bar',
          data: (data?.distribution ?? []).map((b) => b.people),
          itemStyle: { color: '#1677ff' },
        },
      ],
    }),
    [data, t],
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dashboard.department')}
        </Typography.Title>
        <Space wrap>
          <TreeSelect
            aria-label={t('goals.department')}
            style={{ minWidth: 220 }}
            treeData={toTreeData(buildDepartmentTree(list))}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            value={departmentId}
            onChange={(v: string) => setChosen(v)}
            loading={departments.isPending}
          />
          <CycleSelect cycles={cycles} value={cycle?.id} onChange={setCycle} />
        </Space>
      </Space>
      {dashboard.isError && <Alert type="error" showIcon title={describeError(dashboard.error, t)} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small" loading={dashboard.isPending}>
            <Statistic title={t('dashboard.peopleWithGoals')} value={data?.people ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" loading={dashboard.isPending}>
            <Statistic title={t('dashboard.goalsAtRisk')} value={data?.goalsAtRisk.length ?? 0} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" loading={dashboard.isPending}>
            <Statistic
              title={t('dashboard.compliance')}
              value={
                data?.checkIns.compliance === null || !data ? '—' : formatPercent(data.checkIns.compliance)
              }
            />
            <Typography.Text type="secondary">
              {t('dashboard.complianceDetail', {
                checked: data?.checkIns.checkedInLast7Days ?? 0,
                goals: data?.checkIns.goals ?? 0,
              })}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('dashboard.distribution')}>
        {data && data.people > 0 && (
          <EChart option={option} label={t('dashboard.distribution')} height={220} />
        )}
        <Table<Bucket>
          size="small"
          rowKey="bucket"
          loading={dashboard.isPending && !!departmentId}
          dataSource={data?.distribution ?? []}
          pagination={false}
          data-testid="distribution-table"
          columns={[
            { title: t('dashboard.attainmentRange'), dataIndex: 'bucket', render: (b: string) => `${b}%` },
            { title: t('dashboard.people'), dataIndex: 'people' },
            {
              title: t('dashboard.share'),
              key: 'share',
              render: (_, b) => (data && data.people > 0 ? formatPercent(b.people / data.people) : '—'),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('dashboard.goalsAtRisk')}>
        <AlertTable
          alerts={data?.goalsAtRisk ?? []}
          loading={dashboard.isPending && !!departmentId}
          showOwner
        />
      </Card>
    </Space>
  );
}
