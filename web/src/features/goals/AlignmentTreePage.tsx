import type { AlignmentNode } from '@perfloop/core';
import { formatPercent } from '@perfloop/core';
import { Alert, Empty, Space, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../shared/errors';
import { CycleSelect, useSelectedCycle } from './CycleSelect';
import { GoalProgress, GoalStatusTag } from './GoalProgress';
import { useAlignmentTree } from './goals.api';

/**
 * The flat node list as a tree: a goal aligned to a KR hangs under that KR, one aligned to a
 * goal under the goal; goals whose parent is not visible start a tree of their own.
 */
export function buildAlignmentTree(nodes: readonly AlignmentNode[], t: (key: string) => string): DataNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string, AlignmentNode[]>();
  const roots: AlignmentNode[] = [];
  for (const node of nodes) {
    const parentKey = node.parentKeyResultId
      ? `k:${node.parentKeyResultId}`
      : node.parentGoalId
        ? `g:${node.parentGoalId}`
        : null;
    const parentVisible = node.parentGoalId ? byId.has(node.parentGoalId) : false;
    if (!parentKey || !parentVisible) roots.push(node);
    else children.set(parentKey, [...(children.get(parentKey) ?? []), node]);
  }
  const levelOrder = { company: 0, department: 1, personal: 2 } as const;
  roots.sort((a, b) => levelOrder[a.level] - levelOrder[b.level]);
  const toNode = (goal: AlignmentNode): DataNode => ({
    key: `g:${goal.id}`,
    title: (
      <Space wrap size={8}>
        <Tag color={goal.level === 'company' ? 'purple' : goal.level === 'department' ? 'blue' : 'default'}>
          {t(`goals.level.${goal.level}`)}
        </Tag>
        <Link to={`/goals/${goal.id}`}>{goal.title}</Link>
        <Typography.Text type="secondary">{goal.ownerName ?? goal.departmentName ?? ''}</Typography.Text>
        <GoalStatusTag status={goal.status} />
        <span style={{ display: 'inline-block', width: 160 }}>
          <GoalProgress progress={goal.progress} size="small" />
        </span>
      </Space>
    ),
    children: [
      ...goal.keyResults.map(
        (kr): DataNode => ({
          key: `k:${kr.id}`,
          title: (
            <Space size={8}>
              <Typography.Text>{kr.title}</Typography.Text>
              <Typography.Text type="secondary">{formatPercent(kr.progress)}</Typography.Text>
              {kr.rollUp && <Tag>{t('goals.rollUp')}</Tag>}
            </Space>
          ),
          children: (children.get(`k:${kr.id}`) ?? []).map(toNode),
        }),
      ),
      ...(children.get(`g:${goal.id}`) ?? []).map(toNode),
    ],
  });
  return roots.map(toNode);
}

export function AlignmentTreePage() {
  const { t } = useTranslation();
  const { cycle, cycles, setCycle } = useSelectedCycle();
  const tree = useAlignmentTree(cycle?.id);
  const data = useMemo(() => buildAlignmentTree(tree.data ?? [], t), [tree.data, t]);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('goals.alignment')}
        </Typography.Title>
        <CycleSelect cycles={cycles} value={cycle?.id} onChange={setCycle} />
      </Space>
      {tree.isError && <Alert type="error" showIcon title={describeError(tree.error, t)} />}
      {tree.isPending && cycle ? (
        <Typography.Text>{t('common.loading')}</Typography.Text>
      ) : data.length === 0 ? (
        <Empty description={t('goals.emptyTree')} />
      ) : (
        <Tree treeData={data} defaultExpandAll selectable={false} showLine blockNode virtual height={720} />
      )}
    </Space>
  );
}
