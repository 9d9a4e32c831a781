import type { Participant, ReviewKind } from '@perfloop/core';
import { Alert, Button, Empty, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../shared/errors';
import { NominationStatusTag } from './ReviewCycleTags';
import { useParticipants } from './review-cycles.api';
import { formatScore } from './review-cycles.format';

/** The people reviewed in a round: nomination, reviews in, final score; a click opens the result. */
export function ReviewCyclePeople(props: { reviewCycleId: string; kind: ReviewKind }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const people = useParticipants(props.reviewCycleId, q, true);
  const isFinal = props.kind === 'final';
  const resultPath = (p: Participant) => `/review-cycles/${props.reviewCycleId}/people/${p.employeeId}`;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search
        allowClear
        placeholder={t('reviewCycles.people.search')}
        onSearch={(value) => setQ(value.trim())}
        style={{ maxWidth: 320 }}
        aria-label={t('reviewCycles.people.search')}
      />
      {people.isError && <Alert type="error" showIcon title={describeError(people.error, t)} />}
      <Table<Participant>
        rowKey="employeeId"
        size="small"
        loading={people.isPending || (people.isFetching && !people.isFetchingNextPage)}
        dataSource={people.items}
        pagination={false}
        scroll={{ x: 860 }}
        data-testid="participants-table"
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviewCycles.people.empty')} />
          ),
        }}
        onRow={(p) =>
          isFinal
            ? {
                onClick: (e) => {
                  if (!(e.target instanceof HTMLElement && e.target.closest('a'))) navigate(resultPath(p));
                },
                style: { cursor: 'pointer' },
              }
            : {}
        }
        columns={[
          {
            title: t('reviewCycles.people.name'),
            dataIndex: 'name',
            fixed: 'left',
            render: (name: string, p) => (isFinal ? <Link to={resultPath(p)}>{name}</Link> : name),
          },
          {
            title: t('reviewCycles.people.department'),
            dataIndex: 'departmentName',
            render: (d) => d ?? '—',
          },
          { title: t('reviewCycles.people.manager'), dataIndex: 'managerName', render: (m) => m ?? '—' },
          ...(isFinal
            ? [
                {
                  title: t('reviewCycles.people.template'),
                  dataIndex: 'templateName',
                  render: (name: string | null) => name ?? '—',
                },
                {
                  title: t('reviewCycles.people.nomination'),
                  key: 'nomination',
                  render: (_: unknown, p: Participant) => <NominationStatusTag status={p.nominationStatus} />,
                },
              ]
            : []),
          {
            title: t('reviewCycles.people.reviews'),
            key: 'reviews',
            align: 'right',
            render: (_, p) => (
              <Space size={4}>
                <span>
                  {p.reviews.submitted}/{p.reviews.total}
                </span>
                {p.reviews.late > 0 && (
                  <Typography.Text type="danger">
                    {t('reviewCycles.people.late', { count: p.reviews.late })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          ...(isFinal
            ? [
                {
                  title: t('reviewCycles.people.finalScore'),
                  dataIndex: 'finalScore',
                  align: 'right' as const,
                  render: (score: number | null) => <strong>{formatScore(score)}</strong>,
                },
              ]
            : []),
        ]}
      />
      {people.hasNextPage && (
        <Button onClick={() => void people.fetchNextPage()} loading={people.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Space>
  );
}
