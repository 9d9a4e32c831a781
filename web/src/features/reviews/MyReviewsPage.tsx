import { type Me, type MyReview, type Nomination, REVIEW_STATUSES, type ReviewStatus } from '@perfloop/core';
import { Alert, Button, Card, Empty, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { can } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { DueDate, NominationStatusTag, RaterTypeTag, ReviewKindTag } from './ReviewTags';
import { useMyReviews, useNominations } from './reviews.api';

export const nominationPath = (n: Pick<Nomination, 'reviewCycleId' | 'employeeId'>) =>
  `/reviews/nominations/${n.reviewCycleId}/${n.employeeId}`;

const OPEN_LABEL: Record<ReviewStatus, string> = {
  pending: 'reviews.start',
  draft: 'reviews.continue',
  submitted: 'reviews.view',
};

/** My own nominations in open rounds: whom I propose to review me. */
function MyNominations() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useNominations('mine');
  if (list.isError) return <Alert type="error" showIcon title={describeError(list.error, t)} />;
  if (list.isPending || list.items.length === 0) return null;
  return (
    <Card size="small" title={t('reviews.myNominations')}>
      <List<Nomination>
        dataSource={list.items}
        renderItem={(n) => (
          <List.Item
            actions={[
              n.status === 'not_started' ? (
                <Button key="open" type="primary" size="small" onClick={() => navigate(nominationPath(n))}>
                  {t('reviews.nominate')}
                </Button>
              ) : (
                <Link key="open" to={nominationPath(n)}>
                  {t('reviews.viewNomination')}
                </Link>
              ),
            ]}
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <span>{t('reviews.nominateTitle', { min: n.min, max: n.max })}</span>
                  <NominationStatusTag status={n.status} isRatee />
                </Space>
              }
              description={<DueDate dueDate={n.dueDate} />}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Nominations of my team waiting for me (or HR) to approve. */
function TeamNominations() {
  const { t } = useTranslation();
  const list = useNominations('team', 'submitted');
  if (list.isError) return <Alert type="error" showIcon title={describeError(list.error, t)} />;
  if (list.isPending || list.items.length === 0) return null;
  return (
    <Card size="small" title={t('reviews.teamNominations', { count: list.items.length })}>
      <List<Nomination>
        dataSource={list.items}
        renderItem={(n) => (
          <List.Item
            actions={[
              <Link
                key="open"
                to={nominationPath(n)}
                aria-label={t('reviews.reviewNominationOf', { name: n.employeeName })}
              >
                {t('reviews.reviewNomination')}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <span>{n.employeeName}</span>
                  <NominationStatusTag status={n.status} isRatee={false} />
                </Space>
              }
              description={
                <Space wrap size={12}>
                  <span>
                    {t('reviews.proposedCount', {
                      count: n.proposedPeers.length + n.proposedCollaborators.length,
                    })}
                  </span>
                  <DueDate dueDate={n.dueDate} />
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function ReviewRow({ review }: { review: MyReview }) {
  const { t } = useTranslation();
  const label = t(OPEN_LABEL[review.status]);
  return (
    <List.Item
      actions={[
        <Link
          key="open"
          to={`/reviews/${review.id}`}
          aria-label={t('reviews.openReviewOf', {
            action: label,
            name: review.rateeName,
            type: t(`reviews.raterTypes.${review.raterType}`),
          })}
        >
          {label}
        </Link>,
      ]}
    >
      <List.Item.Meta
        title={
          <Space wrap size={4}>
            <span>{review.raterType === 'self' ? t('reviews.myself') : review.rateeName}</span>
            <RaterTypeTag raterType={review.raterType} />
            <ReviewKindTag kind={review.kind} />
          </Space>
        }
        description={
          <Space wrap size={12}>
            <span>{review.reviewCycleName}</span>
            {review.status === 'submitted' && review.submittedAt ? (
              <span>{t('reviews.submittedAt', { at: new Date(review.submittedAt).toLocaleString() })}</span>
            ) : (
              <DueDate dueDate={review.dueDate} late={review.late} />
            )}
          </Space>
        }
      />
    </List.Item>
  );
}

/** 绩效评估: the reviews I must write, by status, and the nominations waiting for me. */
export function MyReviewsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const reviews = useMyReviews();
  const mayApprove = can(me, 'team.view') || can(me, 'reviews.manage');

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('reviews.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('reviews.subtitle')}</Typography.Text>
      </div>
      <MyNominations />
      {mayApprove && <TeamNominations />}
      {reviews.isError ? (
        <Alert
          type="error"
          showIcon
          title={describeError(reviews.error, t)}
          action={
            <Button size="small" onClick={() => void reviews.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : reviews.isPending ? (
        <Card loading />
      ) : reviews.items.length === 0 ? (
        <Card>
          <Empty description={t('reviews.empty')} />
        </Card>
      ) : (
        REVIEW_STATUSES.map((status) => {
          const items = reviews.items.filter((r) => r.status === status);
          return (
            <Card key={status} size="small" title={t(`reviews.groups.${status}`, { count: items.length })}>
              {items.length === 0 ? (
                <Typography.Text type="secondary">{t(`reviews.groupEmpty.${status}`)}</Typography.Text>
              ) : (
                <List<MyReview> dataSource={items} renderItem={(r) => <ReviewRow review={r} />} />
              )}
            </Card>
          );
        })
      )}
      {reviews.hasNextPage && (
        <Button onClick={() => void reviews.fetchNextPage()} loading={reviews.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Space>
  );
}
