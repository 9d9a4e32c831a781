import type { AlignmentNode } from '@perfloop/core';
import { formatPercent } from '@perfloop/core';
import { Alert, Button, Empty, Space, Tag, Tree, Typography } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../shared/errors';
import { CycleSelect, useSelectedCycle } from '../cycles/CycleSelect';
import { GoalProgress, GoalStatusTag } from './GoalProgress';
import { fetchTreeLevel, useAlignmentRoots } from './goals.api';

/** The goals aligned to one goal that have been loaded so far, and where the next page starts. */
export type LoadedLevel = { items: AlignmentNode[]; nextCursor: string | null };

/**
 * The loaded levels as antd tree data: a goal aligned to a KR hangs under that KR, one aligned to
 * the goal itself under the goal. A goal with aligned goals not yet loaded has no children, so the
 * tree asks for them (loadData) when it is opened; a level with more pages ends in "load more".
 */
export function buildAlignmentTree(
  roots: readonly AlignmentNode[],
  levels: ReadonlyMap<string, LoadedLevel>,
  t: (key: string, options?: Record<string, unknown>) => string,
  loadMore: (goalId: string) => void,
): DataNode[] {
  const toNode = (goal: AlignmentNode): DataNode => {
    const level = levels.get(goal.id);
    const title = (
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
        {goal.childCount > 0 && (
          <Typography.Text type="secondary">
            {t('goals.alignedCount', { count: goal.childCount })}
          </Typography.Text>
        )}
      </Space>
    );
    const key = `g:${goal.id}`;
    if (goal.childCount > 0 && !level) return { key, title, isLeaf: false };
    const aligned = level?.items ?? [];
    const children: DataNode[] = [
      ...goal.keyResults.map((kr): DataNode => {
        const below = aligned.filter((g) => g.parentKeyResultId === kr.id).map(toNode);
        return {
          key: `k:${kr.id}`,
          title: (
            <Space size={8}>
              <Typography.Text>{kr.title}</Typography.Text>
              <Typography.Text type="secondary">{formatPercent(kr.progress)}</Typography.Text>
              {kr.rollUp && <Tag>{t('goals.rollUp')}</Tag>}
            </Space>
          ),
          isLeaf: below.length === 0,
          children: below,
        };
      }),
      ...aligned.filter((g) => g.parentKeyResultId === null).map(toNode),
    ];
    if (level?.nextCursor)
      children.push({
        key: `more:${goal.id}`,
        isLeaf: true,
        selectable: false,
        title: (
          <Button type="link" size="small" onClick={() => loadMore(goal.id)}>
            {t('common.loadMore')}
          </Button>
        ),
      });
    return { key, title, isLeaf: children.length === 0, children };
  };
  return roots.map(toNode);
}

export function AlignmentTreePage() {
  const { t } = useTranslation();
  const { cycle, cycles, setCycle } = useSelectedCycle();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('goals.alignment')}
        </Typography.Title>
        <CycleSelect cycles={cycles} value={cycle?.id} onChange={setCycle} />
      </Space>
      {/* Another cycle is another tree: keyed, so what was opened is dropped. */}
      {cycle ? (
        <AlignmentTree key={cycle.id} cycleId={cycle.id} />
      ) : (
        <Empty description={t('goals.emptyTree')} />
      )}
    </Space>
  );
}

/** The roots of one cycle's tree, and each goal's aligned goals loaded as it is opened. */
function AlignmentTree({ cycleId }: { cycleId: string }) {
  const { t } = useTranslation();
  const roots = useAlignmentRoots(cycleId);
  const [levels, setLevels] = useState<ReadonlyMap<string, LoadedLevel>>(new Map());
  const [levelError, setLevelError] = useState<unknown>(null);
  const load = useCallback(
    async (goalId: string, cursor: string | null) => {
      setLevelError(null);
      try {
        const page = await fetchTreeLevel(cycleId, goalId, cursor);
        setLevels((before) => {
          const next = new Map(before);
          const loaded = cursor ? (before.get(goalId)?.items ?? []) : [];
          next.set(goalId, { items: [...loaded, ...page.items], nextCursor: page.nextCursor });
          return next;
        });
      } catch (error) {
        setLevelError(error);
        throw error;
      }
    },
    [cycleId],
  );
  const loadMore = useCallback(
    // A failed page shows its error; "load more" stays to try again.
    (goalId: string) => void load(goalId, levels.get(goalId)?.nextCursor ?? null).catch(() => undefined),
    [load, levels],
  );
  const loadData = useCallback(
    async (node: EventDataNode<DataNode>) => {
      const key = String(node.key);
      // Rejecting leaves the goal unloaded: closing and opening it again retries.
      if (key.startsWith('g:') && !levels.has(key.slice(2))) await load(key.slice(2), null);
    },
    [load, levels],
  );
  const rootNodes = useMemo(() => roots.data?.pages.flatMap((p) => p.items) ?? [], [roots.data]);
  const data = useMemo(
    () => buildAlignmentTree(rootNodes, levels, t, loadMore),
    [rootNodes, levels, t, loadMore],
  );
  if (roots.isError) return <Alert type="error" showIcon title={describeError(roots.error, t)} />;
  if (roots.isPending) return <Typography.Text>{t('common.loading')}</Typography.Text>;
  if (data.length === 0) return <Empty description={t('goals.emptyTree')} />;
  return (
    <>
      {levelError !== null && <Alert type="error" showIcon title={describeError(levelError, t)} />}
      <Tree treeData={data} loadData={loadData} selectable={false} showLine blockNode virtual height={720} />
      {roots.hasNextPage && (
        <Button
          onClick={() => void roots.fetchNextPage()}
          loading={roots.isFetchingNextPage}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
