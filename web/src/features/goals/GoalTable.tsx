import { formatWeight, type Goal, type KeyResult } from '@perfloop/core';
import { Button, Empty, Space, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { GoalProgress, GoalStatusTag } from './GoalProgress';

type Row = { key: string; goal: Goal; kr: KeyResult | null; index: number; span: number };

/**
 * Goals in the seed's table layout — goal, key results, weight, due date — plus progress:
 * one row per key result, the goal cell spanning its KRs.
 */
export function GoalTable(props: {
  goals: Goal[];
  loading?: boolean;
  showOwner?: boolean;
  onCheckIn?: (goal: Goal, kr: KeyResult) => void;
  actions?: (goal: Goal) => ReactNode;
  empty?: ReactNode;
}) {
  const { t } = useTranslation();
  const rows: Row[] = props.goals.flatMap((goal): Row[] =>
    goal.keyResults.length === 0
      ? [{ key: goal.id, goal, kr: null, index: 0, span: 1 }]
      : goal.keyResults.map((kr, index) => ({ key: kr.id, goal, kr, index, span: goal.keyResults.length })),
  );
  const spanned = (row: Row) => ({ rowSpan: row.index === 0 ? row.span : 0 });
  return (
    <Table<Row>
      rowKey="key"
      size="middle"
      loading={props.loading}
      dataSource={rows}
      pagination={false}
      bordered
      locale={{ emptyText: props.empty ?? <Empty description={t('goals.empty')} /> }}
      columns={[
        ...(props.showOwner
          ? [
              {
                title: t('goals.owner'),
                key: 'owner',
                onCell: spanned,
                render: (_: unknown, row: Row) =>
                  row.goal.ownerName ?? row.goal.departmentName ?? t('goals.level.company'),
              },
            ]
          : []),
        {
          title: t('goals.goal'),
          key: 'goal',
          onCell: spanned,
          render: (_, row) => (
            <Space orientation="vertical" size={2}>
              <Link to={`/goals/${row.goal.id}`} data-testid="goal-link">
                {row.goal.title}
              </Link>
              <Space size={4} wrap>
                <GoalStatusTag status={row.goal.status} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {row.goal.kind.toUpperCase()} · {t('goals.weight')} {formatWeight(row.goal.weightBp)}%
                </Typography.Text>
              </Space>
              {row.goal.returnComment && (
                <Typography.Text type="warning" style={{ fontSize: 12 }}>
                  {t('goals.returnedWith', { comment: row.goal.returnComment })}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        {
          title: t('goals.keyResultColumn'),
          key: 'kr',
          render: (_, row) => row.kr?.title ?? '—',
        },
        {
          title: t('goals.weight'),
          key: 'weight',
          width: 80,
          align: 'right',
          render: (_, row) => (row.kr ? `${formatWeight(row.kr.weightBp)}%` : '—'),
        },
        {
          title: t('goals.dueDate'),
          key: 'due',
          width: 110,
          render: (_, row) => {
            const due = row.kr?.dueDate ?? row.goal.dueDate;
            return due ? due.slice(5).replace('-', '.').replace(/^0/, '') : '—';
          },
        },
        {
          title: t('goals.progress'),
          key: 'progress',
          width: 200,
          render: (_, row) =>
            row.kr ? (
              <GoalProgress
                progress={row.kr.progress}
                expected={row.kr.expected}
                behind={row.kr.behind}
                size="small"
              />
            ) : null,
        },
        {
          title: t('goals.goalProgress'),
          key: 'goalProgress',
          width: 200,
          onCell: spanned,
          render: (_, row) => (
            <GoalProgress
              progress={row.goal.progress}
              expected={row.goal.expected}
              behind={row.goal.behind}
            />
          ),
        },
        ...(props.onCheckIn || props.actions
          ? [
              {
                title: t('common.actions'),
                key: 'actions',
                width: 120,
                render: (_: unknown, row: Row) => (
                  <Space orientation="vertical" size={2}>
                    {props.onCheckIn && row.kr && row.goal.status === 'approved' && (
                      <Button
                        size="small"
                        onClick={() => props.onCheckIn?.(row.goal, row.kr!)}
                        data-testid="check-in-button"
                      >
                        {t('goals.checkIn')}
                      </Button>
                    )}
                    {row.index === 0 && props.actions?.(row.goal)}
                  </Space>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
