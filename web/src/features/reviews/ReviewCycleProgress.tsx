import { formatPercent, type RaterType, type ReviewProgress } from '@perfloop/core';
import { Alert, Card, Col, Empty, Progress, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shared/errors';
import { RaterTypeText } from './ReviewCycleTags';
import { useReviewProgress } from './review-cycles.api';
import { completionRatio } from './review-cycles.format';

type Completion = { total: number; submitted: number; late: number };

/** A completion share with a thin bar; a dash when nothing is expected. */
function CompletionCell({ c }: { c: Completion }) {
  const ratio = completionRatio(c);
  if (ratio === null) return <>—</>;
  return (
    <div style={{ minWidth: 120 }}>
      <Progress percent={ratio * 100} size="small" showInfo={false} status="normal" />
      <Typography.Text type="secondary">
        {formatPercent(ratio)} · {c.submitted}/{c.total}
      </Typography.Text>
    </div>
  );
}

function useCompletionColumns<Row extends Completion>(first: ColumnsType<Row>[number]): ColumnsType<Row> {
  const { t } = useTranslation();
  return [
    first,
    {
      title: t('reviewCycles.progress.completion'),
      key: 'completion',
      render: (_, row) => <CompletionCell c={row} />,
    },
    {
      title: t('reviewCycles.progress.late'),
      dataIndex: 'late',
      align: 'right',
      render: (late: number) => (late > 0 ? <Typography.Text type="danger">{late}</Typography.Text> : 0),
    },
  ];
}

/** Completion of a round in the caller's reach: overall, by rater type, department and manager. */
export function ReviewCycleProgress({ reviewCycleId }: { reviewCycleId: string }) {
  const { t } = useTranslation();
  const progress = useReviewProgress(reviewCycleId, true);
  const typeColumns = useCompletionColumns<ReviewProgress['byRaterType'][number]>({
    title: t('reviewCycles.progress.raterType'),
    dataIndex: 'raterType',
    render: (type: RaterType) => <RaterTypeText raterType={type} />,
  });
  const departmentColumns = useCompletionColumns<ReviewProgress['byDepartment'][number]>({
    title: t('reviewCycles.progress.department'),
    dataIndex: 'name',
  });
  const managerColumns = useCompletionColumns<ReviewProgress['byManager'][number]>({
    title: t('reviewCycles.progress.manager'),
    dataIndex: 'name',
  });

  if (progress.isPending) return <Skeleton active />;
  if (progress.isError) return <Alert type="error" showIcon title={describeError(progress.error, t)} />;
  const p = progress.data;
  if (p.total === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviewCycles.progress.empty')} />;

  const table = <R extends object>(title: string, rows: R[], columns: ColumnsType<R>, key: keyof R) => (
    <Card size="small" title={title}>
      <Table<R>
        size="small"
        rowKey={key as string}
        dataSource={rows}
        columns={columns}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 420 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} />,
        }}
      />
    </Card>
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <Card size="small" data-testid="review-progress-overall">
          <Statistic title={t('reviewCycles.progress.overall')} value={p.percent} precision={1} suffix="%" />
          <Progress percent={p.percent} showInfo={false} />
          <Typography.Text type="secondary">
            {t('reviewCycles.progress.submittedOf', { submitted: p.submitted, total: p.total })}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small">
          <Statistic
            title={t('reviewCycles.progress.lateCount')}
            value={p.late}
            styles={{ content: { color: p.late > 0 ? '#cf1322' : undefined } }}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        {table(t('reviewCycles.progress.byRaterType'), p.byRaterType, typeColumns, 'raterType')}
      </Col>
      <Col xs={24} lg={12}>
        {table(t('reviewCycles.progress.byDepartment'), p.byDepartment, departmentColumns, 'departmentId')}
      </Col>
      <Col xs={24}>
        {table(t('reviewCycles.progress.byManager'), p.byManager, managerColumns, 'managerId')}
      </Col>
    </Row>
  );
}
