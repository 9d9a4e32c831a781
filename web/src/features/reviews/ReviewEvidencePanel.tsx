import { formatPercent, formatWeight, type ReviewEvidence } from '@perfloop/core';
import {
  Alert,
  Card,
  Collapse,
  type CollapseProps,
  Empty,
  List,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shared/errors';
import { GoalProgress, GoalStatusTag } from '../goals/GoalProgress';
import { RaterTypeTag } from './ReviewTags';
import { useReviewEvidence } from './reviews.api';

type Goals = NonNullable<ReviewEvidence['goals']>;
type FollowUps = NonNullable<ReviewEvidence['followUps']>;
type MidReviews = NonNullable<ReviewEvidence['midReviews']>;

const date = (iso: string) => (iso.length > 10 ? new Date(iso).toLocaleDateString() : iso);
const small = { fontSize: 12 } as const;
const prewrap = { whiteSpace: 'pre-wrap', marginBottom: 0 } as const;

function None({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} style={{ margin: 8 }} />;
}

function GoalsSection({ goals }: { goals: Goals }) {
  const { t } = useTranslation();
  if (goals.length === 0) return <None text={t('reviews.evidence.noGoals')} />;
  return (
    <List
      size="small"
      dataSource={goals}
      renderItem={(g) => (
        <List.Item style={{ display: 'block' }}>
          <Space wrap size={4}>
            <Typography.Text strong>{g.title}</Typography.Text>
            <GoalStatusTag status={g.status} />
            <Typography.Text type="secondary" style={small}>
              {t('reviews.weight', { weight: formatWeight(g.weightBp) })}
            </Typography.Text>
          </Space>
          <GoalProgress progress={g.progress} size="small" />
          {g.checkIns.length > 0 && (
            <ul style={{ paddingInlineStart: 18, margin: '4px 0 0' }}>
              {g.checkIns.map((c) => (
                <li key={c.at} style={small}>
                  <Typography.Text type="secondary" style={small}>
                    {date(c.at)}
                    {c.confidence !== null && ` · ${t('reviews.evidence.confidence', { n: c.confidence })}`}
                  </Typography.Text>
                  {c.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{c.comment}</div>}
                </li>
              ))}
            </ul>
          )}
        </List.Item>
      )}
    />
  );
}

function FollowUpList({ items, empty }: { items: FollowUps; empty: string }) {
  const { t } = useTranslation();
  if (items.length === 0) return <None text={empty} />;
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(f) => (
        <List.Item style={{ display: 'block' }}>
          <Space wrap size={4}>
            <Typography.Text type="secondary" style={small}>
              {f.date}
            </Typography.Text>
            <Typography.Text strong>{f.topic}</Typography.Text>
            <Tag>{t(`followUps.statuses.${f.status}`, { defaultValue: f.status })}</Tag>
          </Space>
          {f.summary && <Typography.Paragraph style={prewrap}>{f.summary}</Typography.Paragraph>}
          {f.action && (
            <Typography.Paragraph style={prewrap}>
              {t('reviews.evidence.action', { action: f.action })}
            </Typography.Paragraph>
          )}
        </List.Item>
      )}
    />
  );
}

function MidReviewsSection({ reviews, goals }: { reviews: MidReviews; goals: Goals | null }) {
  const { t } = useTranslation();
  if (reviews.length === 0) return <None text={t('reviews.evidence.noMidReviews')} />;
  const titleOf = (goalId: string) =>
    goals?.find((g) => g.id === goalId)?.title ?? t('reviews.evidence.aGoal');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {reviews.map((r, i) => {
        const retro = r.answers.retrospective;
        const parts: [string, string][] = [
          [t('reviews.retro.done'), retro.done],
          [t('reviews.retro.notDone'), retro.notDone],
          [t('reviews.retro.lessons'), retro.lessons],
        ];
        return (
          <Card
            // biome-ignore lint/suspicious/noArrayIndexKey: the server's order, never reordered
            key={i}
            size="small"
            title={
              <Space wrap size={4}>
                <RaterTypeTag raterType={r.raterType} />
                <Typography.Text type="secondary" style={small}>
                  {r.submittedAt ? date(r.submittedAt) : t('reviews.evidence.notSubmitted')}
                </Typography.Text>
              </Space>
            }
          >
            {r.answers.goals
              .filter((g) => g.risk || g.comment)
              .map((g) => (
                <div key={g.goalId} style={{ marginBottom: 6 }}>
                  <Typography.Text strong>{titleOf(g.goalId)}</Typography.Text>{' '}
                  {g.risk && <Tag>{t(`reviews.risks.${g.risk}`)}</Tag>}
                  {g.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{g.comment}</div>}
                </div>
              ))}
            {parts
              .filter(([, text]) => text)
              .map(([label, text]) => (
                <div key={label} style={{ marginBottom: 6 }}>
                  <Typography.Text type="secondary">{label}</Typography.Text>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{text}</div>
                </div>
              ))}
            {retro.plan.length > 0 && (
              <>
                <Typography.Text type="secondary">{t('reviews.retro.plan')}</Typography.Text>
                <ul style={{ paddingInlineStart: 18, margin: 0 }}>
                  {retro.plan.map((p) => (
                    <li key={p.text}>
                      {p.text}
                      {p.dueDate && ` (${p.dueDate})`}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Card>
        );
      })}
    </Space>
  );
}

/**
 * The evidence beside the form: what the product already holds about the ratee in the cycle.
 * A section the server sends as null is one this reviewer may not see, and is not shown.
 */
export function ReviewEvidencePanel({ reviewId, showTitle }: { reviewId: string; showTitle: boolean }) {
  const { t } = useTranslation();
  const evidence = useReviewEvidence(reviewId);
  if (evidence.isPending) return <Skeleton active />;
  if (evidence.isError) return <Alert type="error" showIcon title={describeError(evidence.error, t)} />;
  const e = evidence.data;
  const sections: { key: string; label: string; count?: number; children: ReactNode }[] = [];
  if (e.goals)
    sections.push({
      key: 'goals',
      label: t('reviews.evidence.goals'),
      count: e.goals.length,
      children: <GoalsSection goals={e.goals} />,
    });
  if (e.alerts)
    sections.push({
      key: 'alerts',
      label: t('reviews.evidence.alerts'),
      count: e.alerts.length,
      children:
        e.alerts.length === 0 ? (
          <None text={t('reviews.evidence.noAlerts')} />
        ) : (
          <List
            size="small"
            dataSource={e.alerts}
            renderItem={(a) => (
              <List.Item>
                <Space wrap size={4}>
                  <Tag color={a.status === 'open' ? 'red' : 'default'}>
                    {t(`alerts.rules.${a.kind}`, { defaultValue: a.kind })}
                  </Tag>
                  <span>{a.goalTitle ?? '—'}</span>
                  <Typography.Text type="secondary" style={small}>
                    {date(a.openedOn)} · {t(`alerts.statuses.${a.status}`, { defaultValue: a.status })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        ),
    });
  if (e.followUps) {
    const actionItems = e.followUps.filter((f) => f.source === 'one_on_one');
    const others = e.followUps.filter((f) => f.source !== 'one_on_one');
    sections.push({
      key: 'followUps',
      label: t('reviews.evidence.followUps'),
      count: others.length,
      children: <FollowUpList items={others} empty={t('reviews.evidence.noFollowUps')} />,
    });
    sections.push({
      key: 'actionItems',
      label: t('reviews.evidence.actionItems'),
      count: actionItems.length,
      children: <FollowUpList items={actionItems} empty={t('reviews.evidence.noActionItems')} />,
    });
  }
  if (e.keyEvents)
    sections.push({
      key: 'keyEvents',
      label: t('reviews.evidence.keyEvents'),
      count: e.keyEvents.length,
      children:
        e.keyEvents.length === 0 ? (
          <None text={t('reviews.evidence.noKeyEvents')} />
        ) : (
          <List
            size="small"
            dataSource={e.keyEvents}
            renderItem={(k) => (
              <List.Item style={{ display: 'block' }}>
                <Space wrap size={4}>
                  <Tag color={k.polarity === 'positive' ? 'green' : 'red'}>
                    {t(`reviews.evidence.polarity.${k.polarity}`)}
                  </Tag>
                  <Tag>{t(`reviews.evidence.eventKinds.${k.kind}`)}</Tag>
                  <Typography.Text type="secondary" style={small}>
                    {k.occurredOn} · {k.authorName}
                  </Typography.Text>
                </Space>
                <Typography.Paragraph style={prewrap}>{k.description}</Typography.Paragraph>
                {k.goalTitle && (
                  <Typography.Text type="secondary" style={small}>
                    {t('reviews.evidence.goal', { title: k.goalTitle })}
                  </Typography.Text>
                )}
              </List.Item>
            )}
          />
        ),
    });
  if (e.midReviews)
    sections.push({
      key: 'midReviews',
      label: t('reviews.evidence.midReviews'),
      count: e.midReviews.length,
      children: <MidReviewsSection reviews={e.midReviews} goals={e.goals} />,
    });
  if (e.feedback)
    sections.push({
      key: 'feedback',
      label: t('reviews.evidence.feedback'),
      count: e.feedback.length,
      children:
        e.feedback.length === 0 ? (
          <None text={t('reviews.evidence.noFeedback')} />
        ) : (
          <List
            size="small"
            dataSource={e.feedback}
            renderItem={(f) => (
              <List.Item style={{ display: 'block' }}>
                <Space wrap size={4}>
                  <Tag color={f.kind === 'praise' ? 'green' : 'gold'}>{t(`feedback.kinds.${f.kind}`)}</Tag>
                  <Typography.Text type="secondary" style={small}>
                    {f.fromName} · {date(f.createdAt)}
                  </Typography.Text>
                </Space>
                <Typography.Paragraph style={prewrap}>{f.body}</Typography.Paragraph>
              </List.Item>
            )}
          />
        ),
    });

  const items: CollapseProps['items'] = sections.map((s) => ({
    key: s.key,
    label: s.count === undefined ? s.label : `${s.label} (${s.count})`,
    children: s.children,
  }));
  return (
    <section aria-label={t('reviews.evidence.title')}>
      {showTitle && (
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('reviews.evidence.title')}
        </Typography.Title>
      )}
      {e.attainment !== null && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space wrap>
            <Typography.Text type="secondary">{t('reviews.evidence.attainment')}</Typography.Text>
            <Typography.Text strong style={{ fontSize: 18 }}>
              {formatPercent(e.attainment)}
            </Typography.Text>
          </Space>
        </Card>
      )}
      {items.length === 0 ? (
        <None text={t('reviews.evidence.nothingVisible')} />
      ) : (
        <Collapse size="small" items={items} defaultActiveKey={['goals', 'keyEvents']} />
      )}
    </section>
  );
}
