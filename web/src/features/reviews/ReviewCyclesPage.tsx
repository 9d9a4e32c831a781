import { PlusOutlined } from '@ant-design/icons';
import type { Me, ReviewCycle } from '@perfloop/core';
import { Alert, Button, Empty, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { can } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { CycleSelect, useSelectedCycle } from '../cycles/CycleSelect';
import { ReviewCycleForm } from './ReviewCycleForm';
import { ReviewCycleStatusTag, ReviewDeadlines, ReviewKindTag } from './ReviewCycleTags';
import { useReviewCycles } from './review-cycles.api';

/** HR and managers: the review rounds of a performance cycle; HR creates them. */
export function ReviewCyclesPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { cycle, cycles, setCycle, isPending: cyclesPending } = useSelectedCycle();
  const rounds = useReviewCycles(cycle?.id);
  const [creating, setCreating] = useState(false);
  const canManage = can(me, 'reviews.manage');

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('reviewCycles.title')}
        </Typography.Title>
        <Space wrap>
          <CycleSelect cycles={cycles} value={cycle?.id} onChange={setCycle} />
          {canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="new-review-cycle"
            >
              {t('reviewCycles.new')}
            </Button>
          )}
        </Space>
      </Space>
      {rounds.isError && <Alert type="error" showIcon title={describeError(rounds.error, t)} />}
      <Table<ReviewCycle>
        rowKey="id"
        size="middle"
        loading={cyclesPending || rounds.isPending}
        dataSource={rounds.items}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="review-cycles-table"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviewCycles.empty')} />,
        }}
        columns={[
          {
            title: t('reviewCycles.name'),
            dataIndex: 'name',
            fixed: 'left',
            render: (name: string, r) => <Link to={`/review-cycles/${r.id}`}>{name}</Link>,
          },
          { title: t('reviewCycles.cycle'), dataIndex: 'cycleName' },
          {
            title: t('reviewCycles.kind'),
            dataIndex: 'kind',
            render: (_, r) => <ReviewKindTag kind={r.kind} />,
          },
          {
            title: t('reviewCycles.statusLabel'),
            dataIndex: 'status',
            render: (_, r) => <ReviewCycleStatusTag status={r.status} />,
          },
          {
            title: t('reviewCycles.participants'),
            dataIndex: 'participants',
            align: 'right',
            render: (n: number, r) => (r.status === 'draft' && n === 0 ? '—' : n),
          },
          {
            title: t('reviewCycles.deadlines'),
            key: 'deadlines',
            render: (_, r) => <ReviewDeadlines deadlines={r.deadlines} />,
          },
        ]}
        onRow={(r) => ({
          onClick: (e) => {
            // A click on the name's link navigates by itself.
            if (!(e.target instanceof HTMLElement && e.target.closest('a')))
              navigate(`/review-cycles/${r.id}`);
          },
          style: { cursor: 'pointer' },
        })}
      />
      {rounds.hasNextPage && (
        <Button onClick={() => void rounds.fetchNextPage()} loading={rounds.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {creating && (
        <ReviewCycleForm
          {...(cycle && { defaultCycleId: cycle.id })}
          onClose={() => setCreating(false)}
          onSaved={(saved) => navigate(`/review-cycles/${saved.id}`)}
        />
      )}
    </Space>
  );
}
