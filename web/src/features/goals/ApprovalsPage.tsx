import type { Goal } from '@perfloop/core';
import { Alert, App, Badge, Button, Card, Empty, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { RevisionList } from '../revisions/RevisionList';
import { askForComment } from './ask-comment';
import { GoalTable } from './GoalTable';
import { useApprovals, useInvalidateGoals } from './goals.api';

/** One inbox for everything waiting on me: submitted goals and revision requests. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useMe().data!;
  const approvals = useApprovals();
  const invalidate = useInvalidateGoals();
  const [busy, setBusy] = useState<string | null>(null);

  async function decide(goal: Goal, approve: boolean) {
    let comment = '';
    if (!approve) {
      const answer = await askForComment(modal, t('goals.returnTitle'), t('goals.returnPlaceholder'));
      if (answer === null) return;
      comment = answer;
    }
    setBusy(goal.id);
    try {
      if (approve) await api('POST /goals/{id}/approve', { params: { id: goal.id } });
      else await api('POST /goals/{id}/return', { params: { id: goal.id }, body: { comment } });
      message.success(t(approve ? 'goals.done.approve' : 'goals.done.return'));
      await invalidate();
    } catch (e) {
      message.error(describeError(e, t));
    } finally {
      setBusy(null);
    }
  }

  const goals = approvals.data?.goals ?? [];
  const revisions = approvals.data?.revisions ?? [];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('approvals.title')}
      </Typography.Title>
      {approvals.isError && <Alert type="error" showIcon title={describeError(approvals.error, t)} />}
      <Card>
        <Tabs
          items={[
            {
              key: 'goals',
              label: (
                <Badge count={goals.length} offset={[12, 0]} size="small">
                  {t('approvals.goals')}
                </Badge>
              ),
              children: (
                <GoalTable
                  goals={goals}
                  loading={approvals.isPending}
                  showOwner
                  empty={<Empty description={t('approvals.noGoals')} />}
                  actions={(goal) => (
                    <Space orientation="vertical" size={2}>
                      <Button
                        size="small"
                        type="primary"
                        loading={busy === goal.id}
                        onClick={() => void decide(goal, true)}
                        data-testid="approve-goal"
                      >
                        {t('goals.approve')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        loading={busy === goal.id}
                        onClick={() => void decide(goal, false)}
                      >
                        {t('goals.return')}
                      </Button>
                    </Space>
                  )}
                />
              ),
            },
            {
              key: 'revisions',
              label: (
                <Badge count={revisions.length} offset={[12, 0]} size="small">
                  {t('approvals.revisions')}
                </Badge>
              ),
              children: <RevisionList revisions={revisions} showGoal meId={me.id} />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
