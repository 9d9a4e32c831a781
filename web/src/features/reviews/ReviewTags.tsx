import type { NominationStatus, RaterType, ReviewKind, ReviewStatus } from '@perfloop/core';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const RATER_COLORS: Record<RaterType, string> = {
  self: 'blue',
  manager: 'purple',
  peer: 'cyan',
  subordinate: 'geekblue',
  collaborator: 'orange',
};
const STATUS_COLORS: Record<ReviewStatus, string> = { pending: 'default', draft: 'gold', submitted: 'green' };
const NOMINATION_COLORS: Record<NominationStatus, string> = {
  not_started: 'default',
  submitted: 'gold',
  approved: 'green',
};

/** 自评 / 上级评估 / 同事评估 / 下属评估 / 跨部门协作评估. */
export function RaterTypeTag({ raterType }: { raterType: RaterType }) {
  const { t } = useTranslation();
  return <Tag color={RATER_COLORS[raterType]}>{t(`reviews.raterTypes.${raterType}`)}</Tag>;
}

export function ReviewStatusTag({ status }: { status: ReviewStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`reviews.statuses.${status}`)}</Tag>;
}

export function ReviewKindTag({ kind }: { kind: ReviewKind }) {
  const { t } = useTranslation();
  return <Tag>{t(`reviews.kinds.${kind}`)}</Tag>;
}

/** The nomination's state; the ratee reads it in their own words (never who was approved). */
export function NominationStatusTag({ status, isRatee }: { status: NominationStatus; isRatee: boolean }) {
  const { t } = useTranslation();
  const key = isRatee ? `reviews.nominationStatusesMine.${status}` : `reviews.nominationStatuses.${status}`;
  return <Tag color={NOMINATION_COLORS[status]}>{t(key)}</Tag>;
}

/** "截止 2026-12-31" with a 已逾期 badge when the server says it is late. */
export function DueDate({ dueDate, late }: { dueDate: string | null; late?: boolean }) {
  const { t } = useTranslation();
  if (!dueDate) return <Typography.Text type="secondary">{t('reviews.noDeadline')}</Typography.Text>;
  return (
    <Space size={4}>
      <Typography.Text type={late ? 'danger' : 'secondary'}>
        {t('reviews.due', { date: dueDate })}
      </Typography.Text>
      {late && <Tag color="red">{t('reviews.late')}</Tag>}
    </Space>
  );
}
