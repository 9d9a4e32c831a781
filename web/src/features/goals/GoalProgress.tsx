import { formatPercent } from '@perfloop/core';
import { Progress, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Progress as people read it: rounded half-up to one decimal, over-achievement shown, and red when
 * the server says it is behind pace (core's rule against the company's threshold; never decided here).
 */
export function GoalProgress(props: {
  progress: number;
  expected?: number;
  behind?: boolean;
  size?: 'small' | 'default';
}) {
  const { t } = useTranslation();
  const behind = props.behind === true;
  const percent = Math.min(100, props.progress * 100);
  const bar = (
    <Progress
      percent={percent}
      size={props.size === 'small' ? 'small' : 'default'}
      status={behind ? 'exception' : props.progress >= 1 ? 'success' : 'normal'}
      format={() => formatPercent(props.progress)}
      style={{ minWidth: 120, marginBottom: 0 }}
    />
  );
  if (props.expected === undefined) return bar;
  return (
    <Tooltip title={t('goals.expectedTip', { expected: formatPercent(props.expected) })}>
      <span>{bar}</span>
    </Tooltip>
  );
}

const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'success',
  returned: 'warning',
  closed: 'default',
  cancelled: 'error',
};

export function GoalStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{t(`goals.status.${status}`)}</Tag>;
}
