import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { formatWeight, type MidAnswers, type ReviewGoal, RISK_LEVELS, type RiskLevel } from '@perfloop/core';
import { Button, Card, DatePicker, Empty, Flex, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { GoalProgress } from '../goals/GoalProgress';
import { serverPlanIndex } from './review-form';

type Retro = MidAnswers['retrospective'];
type RetroText = 'done' | 'notDone' | 'lessons';
const RETRO_TEXTS: RetroText[] = ['done', 'notDone', 'lessons'];

type Props = {
  goals: ReviewGoal[];
  value: MidAnswers;
  onChange: (next: MidAnswers, touched: string[]) => void;
  readOnly: boolean;
  errors: Record<string, string>;
  /** Turns plan item `index` (of the form's list) into a follow-up record; absent: not offered. */
  onPlanToFollowUp?: (index: number) => void;
  /** The plan item being turned into a follow-up. */
  converting: number | null;
};

const errorProps = (errors: Record<string, string>, path: string) => ({
  validateStatus: errors[path] ? ('error' as const) : undefined,
  help: errors[path],
});

function GoalRow(props: Props & { goal: ReviewGoal; index: number }) {
  const { t } = useTranslation();
  const { goal, index, value, readOnly, errors } = props;
  const answer = value.goals[index];
  const titleId = `review-goal-${goal.goalId}`;
  const commentId = `review-goal-comment-${goal.goalId}`;
  function set(patch: Partial<MidAnswers['goals'][number]>, field: string) {
    const goals = value.goals.map((g, i) => (i === index ? { ...g, ...patch } : g));
    props.onChange({ ...value, goals }, [`answers.goals.${index}.${field}`]);
  }
  return (
    <Card
      size="small"
      title={
        <Typography.Text strong id={titleId} style={{ whiteSpace: 'normal' }}>
          {goal.title}
        </Typography.Text>
      }
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('reviews.weight', { weight: formatWeight(goal.weightBp) })}
        </Typography.Text>
      }
    >
      <GoalProgress progress={goal.progress} size="small" />
      {goal.progressText.length > 0 && (
        <ul style={{ paddingInlineStart: 18, margin: '4px 0 12px' }}>
          {goal.progressText.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <Form.Item label={t('reviews.mid.risk')} {...errorProps(errors, `answers.goals.${index}.risk`)}>
        <Radio.Group
          aria-label={t('reviews.mid.riskOf', { goal: goal.title })}
          name={`risk-${goal.goalId}`}
          optionType="button"
          disabled={readOnly}
          value={answer?.risk ?? undefined}
          onChange={(e) => set({ risk: e.target.value as RiskLevel }, 'risk')}
          options={RISK_LEVELS.map((r) => ({ value: r, label: t(`reviews.risks.${r}`) }))}
        />
      </Form.Item>
      <Form.Item
        label={t('reviews.mid.comment')}
        htmlFor={commentId}
        style={{ marginBottom: 0 }}
        {...errorProps(errors, `answers.goals.${index}.comment`)}
      >
        <Input.TextArea
          id={commentId}
          aria-label={t('reviews.mid.commentOf', { goal: goal.title })}
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={2000}
          disabled={readOnly}
          value={answer?.comment ?? ''}
          onChange={(e) => set({ comment: e.target.value }, 'comment')}
        />
      </Form.Item>
    </Card>
  );
}

function PlanItems(props: Props) {
  const { t } = useTranslation();
  const { value, readOnly, errors } = props;
  const plan = value.retrospective.plan;
  function setPlan(next: Retro['plan'], touched: string[] = []) {
    props.onChange({ ...value, retrospective: { ...value.retrospective, plan: next } }, touched);
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {plan.length === 0 && readOnly && (
        <Typography.Text type="secondary">{t('reviews.mid.noPlan')}</Typography.Text>
      )}
      {plan.map((p, i) => {
        const serverIndex = serverPlanIndex(plan, i);
        const path = serverIndex === null ? null : `answers.retrospective.plan.${serverIndex}`;
        const error = path ? (errors[`${path}.text`] ?? errors[`${path}.dueDate`]) : undefined;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: plan items have no id; their place is their identity
          <div key={i}>
            <Flex wrap gap={8} align="center">
              <Input
                aria-label={t('reviews.mid.planItem', { n: i + 1 })}
                style={{ flex: '1 1 220px' }}
                maxLength={500}
                disabled={readOnly || !!p.followUpId}
                value={p.text}
                placeholder={t('reviews.mid.planPlaceholder')}
                status={error ? 'error' : undefined}
                onChange={(e) => setPlan(plan.map((q, j) => (j === i ? { ...q, text: e.target.value } : q)))}
              />
              <DatePicker
                aria-label={t('reviews.mid.planDue', { n: i + 1 })}
                placeholder={t('reviews.mid.dueDate')}
                disabled={readOnly || !!p.followUpId}
                value={p.dueDate ? dayjs(p.dueDate) : null}
                onChange={(d) =>
                  setPlan(
                    plan.map((q, j) => (j === i ? { ...q, dueDate: d ? d.format('YYYY-MM-DD') : null } : q)),
                  )
                }
              />
              {p.followUpId ? (
                <Link to="/follow-ups">
                  <Tag color="green">{t('reviews.mid.isFollowUp')}</Tag>
                </Link>
              ) : (
                props.onPlanToFollowUp &&
                serverIndex !== null && (
                  <Button
                    size="small"
                    loading={props.converting === i}
                    disabled={props.converting !== null && props.converting !== i}
                    onClick={() => props.onPlanToFollowUp?.(i)}
                    aria-label={t('reviews.mid.toFollowUpOf', { n: i + 1 })}
                  >
                    {t('reviews.mid.toFollowUp')}
                  </Button>
                )
              )}
              {!readOnly && !p.followUpId && (
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('reviews.mid.removePlan', { n: i + 1 })}
                  onClick={() => setPlan(plan.filter((_, j) => j !== i))}
                />
              )}
            </Flex>
            {error && <Typography.Text type="danger">{error}</Typography.Text>}
          </div>
        );
      })}
      {!readOnly && plan.length < 20 && (
        <Button
          icon={<PlusOutlined />}
          onClick={() => setPlan([...plan, { text: '', dueDate: null, followUpId: null }])}
        >
          {t('reviews.mid.addPlan')}
        </Button>
      )}
    </Space>
  );
}

/** A mid-cycle review (期中评估 / 复盘): each goal's progress, risk and comment, then the retrospective. */
export function MidReviewForm(props: Props) {
  const { t } = useTranslation();
  const { value, readOnly, errors } = props;
  const retro = value.retrospective;
  return (
    <Form layout="vertical" component="div">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('reviews.mid.goals')}
        </Typography.Title>
        {props.goals.length === 0 ? (
          <Card size="small">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviews.mid.noGoals')} />
          </Card>
        ) : (
          props.goals.map((g, i) => <GoalRow key={g.goalId} {...props} goal={g} index={i} />)
        )}
        <Card size="small" title={t('reviews.retro.title')}>
          {RETRO_TEXTS.map((field) => {
            const path = `answers.retrospective.${field}`;
            return (
              <Form.Item
                key={field}
                label={t(`reviews.retro.${field}`)}
                htmlFor={`review-retro-${field}`}
                extra={t(`reviews.retro.${field}Help`)}
                {...errorProps(errors, path)}
              >
                <Input.TextArea
                  id={`review-retro-${field}`}
                  autoSize={{ minRows: 2, maxRows: 10 }}
                  maxLength={4000}
                  disabled={readOnly}
                  value={retro[field]}
                  onChange={(e) =>
                    props.onChange({ ...value, retrospective: { ...retro, [field]: e.target.value } }, [path])
                  }
                />
              </Form.Item>
            );
          })}
          <Form.Item
            label={t('reviews.retro.plan')}
            extra={t('reviews.retro.planHelp')}
            style={{ marginBottom: 0 }}
          >
            <PlanItems {...props} />
          </Form.Item>
        </Card>
      </Space>
    </Form>
  );
}
