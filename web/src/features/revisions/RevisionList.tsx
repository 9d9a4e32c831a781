import { formatWeight, type RevisionChange } from '@perfloop/core';
import { App, Button, Empty, List, Space, Steps, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { describeError } from '../../shared/errors';
import { askForComment } from '../goals/ask-comment';
import { useInvalidateGoals } from '../goals/goals.api';
import type { RevisionItem } from './revisions.api';

export function describeChange(change: RevisionChange, t: TFunction): string {
  switch (change.kind) {
    case 'target':
      return t('revisions.describe.target', {
        values: change.keyResults.map((kr) => kr.targetValue).join('、'),
      });
    case 'weight':
      return t('revisions.describe.weight', {
        values: change.keyResults.map((kr) => `${formatWeight(kr.weightBp)}%`).join(' / '),
      });
    case 'due_date':
      return t('revisions.describe.due_date', { date: change.dueDate });
    case 'text':
      return t('revisions.describe.text', { title: change.title ?? '' });
    case 'cancel':
      return t('revisions.describe.cancel');
  }
}

const STATUS_COLORS: Record<string, string> = {
  submitted: 'processing',
  head_approved: 'processing',
  applied: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

/** Revision requests with their approval steps; the approver of the awaited step decides here. */
export function RevisionList(props: { revisions: RevisionItem[]; showGoal?: boolean; meId?: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const invalidate = useInvalidateGoals();
  const [busy, setBusy] = useState<string | null>(null);

  async function decide(revision: RevisionItem, action: 'approve' | 'reject' | 'withdraw') {
    let comment = '';
    if (action === 'reject') {
      const answer = await askForComment(modal, t('revisions.rejectTitle'), t('revisions.commentRequired'));
      if (answer === null) return;
      comment = answer;
    }
    setBusy(revision.id);
    try {
      const params = { id: revision.id };
      if (action === 'approve') await api('POST /goal-revisions/{id}/approve', { params, body: {} });
      else if (action === 'reject')
        await api('POST /goal-revisions/{id}/reject', { params, body: { comment } });
      else await api('POST /goal-revisions/{id}/withdraw', { params });
      message.success(t(`revisions.done.${action}`));
      await invalidate();
    } catch (e) {
      message.error(describeError(e, t));
    } finally {
      setBusy(null);
    }
  }

  if (props.revisions.length === 0) return <Empty description={t('revisions.empty')} />;
  return (
    <List
      dataSource={props.revisions}
      renderItem={(r) => {
        const stepIndex = r.status === 'submitted' ? 1 : r.status === 'head_approved' ? 2 : 3;
        const rejected = r.status === 'rejected';
        return (
          <List.Item
            data-testid="revision-item"
            actions={[
              ...(r.canDecide
                ? [
                    <Button
                      key="a"
                      type="primary"
                      size="small"
                      loading={busy === r.id}
                      onClick={() => void decide(r, 'approve')}
                      data-testid="revision-approve"
                    >
                      {t('revisions.approve')}
                    </Button>,
                    <Button
                      key="r"
                      danger
                      size="small"
                      loading={busy === r.id}
                      onClick={() => void decide(r, 'reject')}
                    >
                      {t('revisions.reject')}
                    </Button>,
                  ]
                : []),
              ...(props.meId &&
              r.requestedById === props.meId &&
              (r.status === 'submitted' || r.status === 'head_approved')
                ? [
                    <Button key="w" size="small" onClick={() => void decide(r, 'withdraw')}>
                      {t('revisions.withdraw')}
                    </Button>,
                  ]
                : []),
            ]}
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Tag color={STATUS_COLORS[r.status]}>{t(`revisions.status.${r.status}`)}</Tag>
                {props.showGoal && <Link to={`/goals/${r.goalId}`}>{r.goalTitle}</Link>}
                {props.showGoal && r.ownerName && (
                  <Typography.Text type="secondary">{r.ownerName}</Typography.Text>
                )}
                <Typography.Text strong>{describeChange(r.change, t)}</Typography.Text>
              </Space>
              <Typography.Text>
                {t('revisions.reason')}：{r.reason}　{t('revisions.basis')}：{r.basis}
              </Typography.Text>
              <Steps
                size="small"
                current={stepIndex}
                status={rejected ? 'error' : r.status === 'withdrawn' ? 'wait' : undefined}
                items={[
                  {
                    title: t('revisions.steps.submitted'),
                    content: `${r.requestedByName ?? ''} ${new Date(r.createdAt).toLocaleDateString()}`,
                  },
                  ...(['department_head', 'hr'] as const).map((step) => {
                    const decision = r.steps.find((s) => s.step === step);
                    return {
                      title: t(`revisions.steps.${step}`),
                      content: decision
                        ? `${decision.actorName ?? ''} ${t(`revisions.decisions.${decision.decision}`)}${decision.comment ? `：${decision.comment}` : ''}`
                        : '',
                    };
                  }),
                ]}
              />
            </Space>
          </List.Item>
        );
      }}
    />
  );
}
