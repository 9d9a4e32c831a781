import { PlusOutlined } from '@ant-design/icons';
import {
  FULL_WEIGHT_BP,
  formatPercent,
  formatWeight,
  type Goal,
  type KeyResult,
  ownerAttainment,
} from '@perfloop/core';
import { Alert, App, Button, Card, Empty, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { CycleSelect, useSelectedCycle } from '../cycles/CycleSelect';
import { CheckInModal } from './CheckInModal';
import { GoalEditor } from './GoalEditor';
import { GoalTable } from './GoalTable';
import { useGoals, useInvalidateGoals } from './goals.api';

/** My goals for a cycle, in the seed's table layout, with the weight total and the actions an owner takes. */
export function MyGoalsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useMe().data!;
  const { cycle, cycles, isPending, setCycle } = useSelectedCycle();
  const goals = useGoals({ cycleId: cycle?.id, scope: 'mine' }, !!cycle);
  const invalidate = useInvalidateGoals();
  const [editing, setEditing] = useState<{ goal?: Goal } | null>(null);
  const [checkIn, setCheckIn] = useState<KeyResult | null>(null);
  const list = (goals.data ?? []).filter((g) => g.status !== 'cancelled' && g.ownerId === me.id);
  const total = list.reduce((s, g) => s + g.weightBp, 0);
  const drafts = list.filter((g) => g.status === 'draft' || g.status === 'returned');

  async function submit(goal: Goal) {
    try {
      const result = await api('POST /goals/{id}/submit', { params: { id: goal.id } });
      if (result.warnings.length > 0)
        modal.warning({
          title: t('goals.submittedWithWarnings'),
          content: (
            <ul>
              {result.warnings.map((w) => (
                <li key={w.message}>{w.message}</li>
              ))}
            </ul>
          ),
        });
      else message.success(t('goals.submitted'));
      await invalidate();
    } catch (e) {
      message.error(describeError(e, t));
    }
  }

  if (!isPending && cycles.length === 0)
    return <Empty description={t('goals.noCycles')} style={{ marginTop: 64 }} />;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('goals.myGoals')}
        </Typography.Title>
        <Space wrap>
          <CycleSelect cycles={cycles} value={cycle?.id} onChange={setCycle} />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!cycle || cycle.status === 'closed'}
            onClick={() => setEditing({})}
            data-testid="new-goal"
          >
            {t('goals.new')}
          </Button>
        </Space>
      </Space>
      {cycle && (
        <Card size="small">
          <Space size={48} wrap>
            <Statistic title={t('goals.attainment')} value={formatPercent(ownerAttainment(list))} />
            <Statistic
              title={t('goals.weightTotal')}
              value={`${formatWeight(total)}%`}
              styles={{ content: { color: total === FULL_WEIGHT_BP ? '#389e0d' : '#cf1322' } }}
            />
            <Statistic title={t('goals.period')} value={`${cycle.startDate} ~ ${cycle.endDate}`} />
          </Space>
        </Card>
      )}
      {drafts.length > 0 && total !== FULL_WEIGHT_BP && (
        <Alert type="warning" showIcon title={t('goals.weightsMustBe100', { total: formatWeight(total) })} />
      )}
      {goals.isError && <Alert type="error" showIcon title={describeError(goals.error, t)} />}
      <GoalTable
        goals={list}
        loading={goals.isPending && !!cycle}
        onCheckIn={(_, kr) => setCheckIn(kr)}
        actions={(goal) =>
          goal.status === 'draft' || goal.status === 'returned' ? (
            <Space orientation="vertical" size={2}>
              <Button size="small" onClick={() => setEditing({ goal })}>
                {t('common.edit')}
              </Button>
              <Button size="small" type="primary" onClick={() => void submit(goal)} data-testid="submit-goal">
                {t('goals.submit')}
              </Button>
            </Space>
          ) : null
        }
        empty={<Empty description={t('goals.emptyMine')} />}
      />
      {cycle && editing && (
        <GoalEditor
          open
          onClose={() => setEditing(null)}
          cycle={cycle}
          {...(editing.goal && { goal: editing.goal })}
        />
      )}
      <CheckInModal keyResult={checkIn} onClose={() => setCheckIn(null)} />
    </Space>
  );
}
