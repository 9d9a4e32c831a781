import { UsergroupAddOutlined } from '@ant-design/icons';
import { formatPercent, formatWeight, type TeamMemberProgress } from '@perfloop/core';
import { Alert, Button, Empty, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../shared/errors';
import { CycleSelect, useSelectedCycle } from '../cycles/CycleSelect';
import { GoalEditor } from './GoalEditor';
import { GoalImportModal } from './GoalImportModal';
import { GoalProgress } from './GoalProgress';
import { GoalTable } from './GoalTable';
import { useGoals, useTeamProgress } from './goals.api';

/** A manager's team for a cycle: attainment and pace per person (sortable), and everyone's goals below. */
export function TeamGoalsPage() {
  const { t } = useTranslation();
  const { cycle, cycles, setCycle } = useSelectedCycle();
  const [depth, setDepth] = useState<'direct' | 'all'>('direct');
  const team = useTeamProgress(cycle?.id, depth);
  const goals = useGoals({ cycleId: cycle?.id, scope: 'team' }, !!cycle);
  const [assigning, setAssigning] = useState(false);
  const [importing, setImporting] = useState(false);
  const members = new Set((team.data ?? []).map((m) => m.employeeId));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('goals.teamGoals')}
        </Typography.Title>
        <Space wrap>
          <Radio.Group
            optionType="button"
            value={depth}
            onChange={(e) => setDepth(e.target.value)}
            options={[
              { value: 'direct', label: t('goals.directReports') },
              { value: 'all', label: t('goals.allReports') },
            ]}
          />
          <CycleSelect cycles={cycles} value={cycle?.id} onChange={setCycle} />
          <Button
            icon={<UsergroupAddOutlined />}
            disabled={!cycle || cycle.status === 'closed'}
            onClick={() => setAssigning(true)}
          >
            {t('goals.bulkAssign')}
          </Button>
          <Button disabled={!cycle || cycle.status === 'closed'} onClick={() => setImporting(true)}>
            {t('goals.import')}
          </Button>
        </Space>
      </Space>
      {team.isError && <Alert type="error" showIcon title={describeError(team.error, t)} />}
      <Table<TeamMemberProgress>
        rowKey="employeeId"
        loading={team.isPending && !!cycle}
        dataSource={team.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('goals.noReports')} /> }}
        data-testid="team-table"
        columns={[
          {
            title: t('goals.member'),
            dataIndex: 'name',
            sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
            render: (name: string, m) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/employees/${m.employeeId}`}>{name}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m.title ?? ''} · {m.departmentName}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('goals.goalsColumn'),
            key: 'goals',
            render: (_, m) => (
              <Space size={4} wrap>
                <span>{m.goalCount}</span>
                {m.pendingApproval > 0 && (
                  <Tag color="processing">{t('goals.pending', { count: m.pendingApproval })}</Tag>
                )}
                {m.goalCount > 0 && m.weightTotalBp !== 10000 && (
                  <Tag color="warning">{formatWeight(m.weightTotalBp)}%</Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('goals.attainment'),
            dataIndex: 'attainment',
            sorter: (a, b) => a.attainment - b.attainment,
            render: (_, m) => (
              <GoalProgress progress={m.attainment} expected={m.expected} behind={m.behind} size="small" />
            ),
          },
          {
            title: t('goals.pace'),
            dataIndex: 'pace',
            sorter: (a, b) => (a.pace ?? -1) - (b.pace ?? -1),
            render: (pace: number | null, m) =>
              pace === null ? (
                '—'
              ) : (
                <Typography.Text type={m.behind ? 'danger' : undefined}>
                  {formatPercent(pace)}
                </Typography.Text>
              ),
          },
          {
            title: t('goals.lastCheckIn'),
            dataIndex: 'lastCheckInAt',
            sorter: (a, b) => (a.lastCheckInAt ?? '').localeCompare(b.lastCheckInAt ?? ''),
            render: (v: string | null) => (v ? new Date(v).toLocaleDateString() : '—'),
          },
        ]}
      />
      <Typography.Title level={4}>{t('goals.teamGoalList')}</Typography.Title>
      <GoalTable
        goals={(goals.data ?? []).filter((g) => g.ownerId && members.has(g.ownerId))}
        loading={goals.isPending && !!cycle}
        showOwner
      />
      {cycle && assigning && (
        <GoalEditor open mode="bulk" cycle={cycle} onClose={() => setAssigning(false)} />
      )}
      {cycle && importing && <GoalImportModal cycle={cycle} onClose={() => setImporting(false)} />}
    </Space>
  );
}
