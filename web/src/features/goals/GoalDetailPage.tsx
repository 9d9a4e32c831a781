import { formatWeight, type KeyResult } from '@perfloop/core';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  List,
  Result,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useMe } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { useCycles } from '../cycles/cycles.api';
import { RevisionList } from '../revisions/RevisionList';
import { RevisionModal } from '../revisions/RevisionModal';
import { useGoalRevisions } from '../revisions/revisions.api';
import { askForComment } from './ask-comment';
import { CheckInChart } from './CheckInChart';
import { CheckInModal } from './CheckInModal';
import { GoalEditor } from './GoalEditor';
import { GoalProgress, GoalStatusTag } from './GoalProgress';
import { useCheckIns, useGoal, useGoalVersions, useInvalidateGoals } from './goals.api';

function KeyResultHistory({ keyResult }: { keyResult: KeyResult }) {
  const checkIns = useCheckIns(keyResult.id);
  if (checkIns.isPending) return <Skeleton active />;
  return <CheckInChart keyResult={keyResult} checkIns={checkIns.data ?? []} />;
}

function Versions({ goalId }: { goalId: string }) {
  const { t } = useTranslation();
  const versions = useGoalVersions(goalId);
  if (versions.isPending) return <Skeleton active />;
  if (!versions.data?.length) return <Empty description={t('goals.noVersions')} />;
  return (
    <Timeline
      items={[...versions.data].reverse().map((v) => ({
        key: v.revisionNo,
        content: (
          <Space orientation="vertical" size={2}>
            <Typography.Text strong>
              {t('goals.versionNo', { no: v.revisionNo })} · {new Date(v.createdAt).toLocaleString()}
            </Typography.Text>
            <Typography.Text>{v.snapshot.title}</Typography.Text>
            {v.snapshot.keyResults.map((kr) => (
              <Typography.Text key={kr.id} type="secondary">
                {kr.title} · {t('goals.targetValue')} {kr.targetValue ?? '—'}
                {kr.unit ?? ''} · {formatWeight(kr.weightBp)}% · {kr.dueDate ?? ''}
              </Typography.Text>
            ))}
            {v.approvals.map((a) => (
              <Typography.Text key={`${a.step}${a.at}`} type="secondary">
                {t(`revisions.steps.${a.step}`)}：{a.actorName} {t(`revisions.decisions.${a.decision}`)}{' '}
                {new Date(a.at).toLocaleString()}
              </Typography.Text>
            ))}
          </Space>
        ),
      }))}
    />
  );
}

/** One goal: its key results with progress and history, versions (备案), revisions, and the actions the caller may take. */
export function GoalDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useMe().data!;
  const goal = useGoal(id);
  const cycles = useCycles();
  const revisions = useGoalRevisions(id!);
  const invalidate = useInvalidateGoals();
  const [checkIn, setCheckIn] = useState<KeyResult | null>(null);
  const [editing, setEditing] = useState(false);
  const [revising, setRevising] = useState(false);

  if (goal.isPending) return <Skeleton active />;
  if (goal.isError)
    return (
      <Result
        status="404"
        title={describeError(goal.error, t)}
        extra={<Link to="/goals">{t('goals.myGoals')}</Link>}
      />
    );
  const g = goal.data.data;
  const cycle = cycles.data?.find((c) => c.id === g.cycleId);

  async function act(action: 'submit' | 'approve' | 'return') {
    let comment = '';
    if (action === 'return') {
      const answer = await askForComment(modal, t('goals.returnTitle'), t('goals.returnPlaceholder'));
      if (answer === null) return;
      comment = answer;
    }
    try {
      const params = { id: g.id };
      if (action === 'submit') await api('POST /goals/{id}/submit', { params });
      else if (action === 'approve') await api('POST /goals/{id}/approve', { params });
      else await api('POST /goals/{id}/return', { params, body: { comment } });
      message.success(t(`goals.done.${action}`));
      await invalidate();
    } catch (e) {
      message.error(describeError(e, t));
    }
  }

  const p = g.permissions;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/goals">{t('goals.myGoals')}</Link> }, { title: g.title }]} />
      <Card
        title={
          <Space wrap>
            <span data-testid="goal-title-heading">{g.title}</span>
            <GoalStatusTag status={g.status} />
            <Tag>{g.kind.toUpperCase()}</Tag>
            <Tag>{t(`goals.level.${g.level}`)}</Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {p.canEdit && <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
            {p.canSubmit && (
              <Button type="primary" onClick={() => void act('submit')}>
                {t('goals.submit')}
              </Button>
            )}
            {p.canApprove && (
              <>
                <Button type="primary" onClick={() => void act('approve')} data-testid="approve-goal">
                  {t('goals.approve')}
                </Button>
                <Button danger onClick={() => void act('return')}>
                  {t('goals.return')}
                </Button>
              </>
            )}
            {p.canRequestRevision && (
              <Button onClick={() => setRevising(true)} data-testid="request-revision">
                {t('revisions.request')}
              </Button>
            )}
          </Space>
        }
      >
        {g.returnComment && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('goals.returnedWith', { comment: g.returnComment })}
          />
        )}
        {g.warnings.length > 0 && (g.status === 'draft' || g.status === 'returned') && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('goals.smartTitle')}
            description={
              <ul style={{ margin: 0 }}>
                {g.warnings.map((w) => (
                  <li key={`${w.index}${w.code}`}>{w.message}</li>
                ))}
              </ul>
            }
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('goals.owner')}>
            {g.ownerName ?? g.departmentName ?? t('goals.level.company')}
          </Descriptions.Item>
          <Descriptions.Item label={t('goals.cycle')}>{g.cycleName}</Descriptions.Item>
          <Descriptions.Item label={t('goals.goalWeight')}>{formatWeight(g.weightBp)}%</Descriptions.Item>
          <Descriptions.Item label={t('goals.dueDate')}>{g.dueDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('goals.alignedTo')}>
            {g.parentGoalId ? <Link to={`/goals/${g.parentGoalId}`}>{g.parentTitle}</Link> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('goals.version')}>{g.revisionNo}</Descriptions.Item>
          <Descriptions.Item label={t('goals.goalProgress')} span={3}>
            <div style={{ maxWidth: 360 }} data-testid="goal-progress">
              <GoalProgress progress={g.progress} expected={g.expected} behind={g.behind} />
            </div>
          </Descriptions.Item>
        </Descriptions>
        {g.description && <Typography.Paragraph>{g.description}</Typography.Paragraph>}
      </Card>
      <Card title={t('goals.keyResults')}>
        <List
          dataSource={g.keyResults}
          renderItem={(kr) => (
            <List.Item
              actions={
                p.canCheckIn
                  ? [
                      <Button
                        key="c"
                        size="small"
                        onClick={() => setCheckIn(kr)}
                        data-testid="check-in-button"
                      >
                        {t('goals.checkIn')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={kr.title}
                description={
                  <Space wrap>
                    <span>
                      {t('goals.weight')} {formatWeight(kr.weightBp)}%
                    </span>
                    {kr.kind === 'metric' && (
                      <span>
                        {kr.startValue} → {kr.targetValue}
                        {kr.unit ?? ''} · {t('goals.current')} {kr.currentValue ?? '—'}
                      </span>
                    )}
                    {kr.dueDate && <span>{kr.dueDate}</span>}
                    {kr.confidence !== null && (
                      <span>
                        {t('goals.confidence')} {kr.confidence}/10
                      </span>
                    )}
                    {kr.rollUp && <Tag>{t('goals.rollUp')}</Tag>}
                  </Space>
                }
              />
              <div style={{ width: 240 }}>
                <GoalProgress progress={kr.progress} expected={kr.expected} behind={kr.behind} size="small" />
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'history',
              label: t('goals.history'),
              children: (
                <Tabs
                  tabPosition="left"
                  items={g.keyResults.map((kr, i) => ({
                    key: kr.id,
                    label: `KR${i + 1}`,
                    children: <KeyResultHistory keyResult={kr} />,
                  }))}
                />
              ),
            },
            { key: 'versions', label: t('goals.versions'), children: <Versions goalId={g.id} /> },
            {
              key: 'revisions',
              label: t('revisions.title'),
              children: revisions.isPending ? (
                <Skeleton active />
              ) : (
                <RevisionList revisions={revisions.data ?? []} meId={me.id} />
              ),
            },
          ]}
        />
      </Card>
      {editing && cycle && (
        <GoalEditor open goal={g} etag={goal.data.etag} cycle={cycle} onClose={() => setEditing(false)} />
      )}
      {revising && <RevisionModal open goal={g} onClose={() => setRevising(false)} />}
      <CheckInModal keyResult={checkIn} onClose={() => setCheckIn(null)} />
    </Space>
  );
}
