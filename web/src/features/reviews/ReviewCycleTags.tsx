import type {
  NominationStatus,
  RaterType,
  ReviewCycle,
  ReviewCycleStatus,
  ReviewKind,
  ReviewStatus,
} from '@perfloop/core';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const STATUS_COLOURS: Record<ReviewCycleStatus, string> = {
  draft: 'blue',
  open: 'green',
  closed: 'default',
};

/** 草稿 / 进行中 / 已结束. */
export function ReviewCycleStatusTag({ status }: { status: ReviewCycleStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="review-cycle-status">
      {t(`reviewCycles.status.${status}`)}
    </Tag>
  );
}

/** 期中评估 / 终期评估. */
export function ReviewKindTag({ kind }: { kind: ReviewKind }) {
  const { t } = useTranslation();
  return <Tag color={kind === 'final' ? 'purple' : 'cyan'}>{t(`reviewCycles.kinds.${kind}`)}</Tag>;
}

const REVIEW_STATUS_COLOURS: Record<ReviewStatus, string> = {
  pending: 'default',
  draft: 'processing',
  submitted: 'success',
};

export function ReviewStatusTag({ status }: { status: ReviewStatus }) {
  const { t } = useTranslation();
  return <Tag color={REVIEW_STATUS_COLOURS[status]}>{t(`reviewCycles.reviewStatus.${status}`)}</Tag>;
}

export function RaterTypeText({ raterType }: { raterType: RaterType }) {
  const { t } = useTranslation();
  return <>{t(`reviewCycles.raterTypes.${raterType}`)}</>;
}

const NOMINATION_COLOURS: Record<NominationStatus, string> = {
  not_started: 'default',
  submitted: 'gold',
  approved: 'green',
};

export function NominationStatusTag({ status }: { status: NominationStatus }) {
  const { t } = useTranslation();
  return <Tag color={NOMINATION_COLOURS[status]}>{t(`reviewCycles.people.nominationStatus.${status}`)}</Tag>;
}

/** The deadlines a round has (mid-cycle rounds have no nomination or peer deadline). */
export function ReviewDeadlines({ deadlines }: { deadlines: ReviewCycle['deadlines'] }) {
  const { t } = useTranslation();
  const set = (['nomination', 'self', 'peer', 'manager'] as const).filter((k) => deadlines[k]);
  if (set.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {set.map((k) => (
        <Typography.Text key={k} style={{ whiteSpace: 'nowrap' }}>
          {t('reviewCycles.labelled', { label: t(`reviewCycles.deadline.${k}`), value: deadlines[k] })}
        </Typography.Text>
      ))}
    </Space>
  );
}
