import { BellOutlined } from '@ant-design/icons';
import { RATER_TYPES, REVIEW_STATUSES, type TrackedReview } from '@perfloop/core';
import { Alert, App, Button, Empty, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { describeError } from '../../shared/errors';
import { buildDepartmentTree, useDepartments } from '../departments/departments.api';
import { toTreeData } from '../employees/EmployeeForm';
import { RaterTypeText, ReviewStatusTag } from './ReviewCycleTags';
import {
  fetchLateReviewIds,
  MAX_REMINDED,
  type TrackedReviewFilters,
  useInvalidateReviewCycles,
  useTrackedReviews,
} from './review-cycles.api';

/** Who writes about whom in a round, filtered; reminders to the selected or to everyone late. */
export function ReviewCycleReviews(props: { reviewCycleId: string; isOpen: boolean; canReopen: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [filters, setFilters] = useState<TrackedReviewFilters>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [reminding, setReminding] = useState(false);
  const reviews = useTrackedReviews(props.reviewCycleId, filters, true);
  const departments = useDepartments();
  const invalidate = useInvalidateReviewCycles();
  const departmentTree = useMemo(
    () => toTreeData(buildDepartmentTree(departments.data ?? [])),
    [departments.data],
  );

  function filter(change: Partial<TrackedReviewFilters>) {
    setFilters((f) => ({ ...f, ...change }));
    setSelected([]);
  }

  async function remind(reviewIds: string[]) {
    setReminding(true);
    try {
      const { reminded } = await api('POST /review-cycles/{id}/reminders', {
        params: { id: props.reviewCycleId },
        body: { reviewIds },
      });
      message.success(t('reviewCycles.reviews.reminded', { count: reminded }));
      setSelected([]);
      await invalidate();
    } catch (e) {
      message.error(describeError(e, t));
    } finally {
      setReminding(false);
    }
  }

  /** HR reopens a submitted review with a reason the reviewer is told (audited on the server). */
  function reopen(review: TrackedReview) {
    let reason = '';
    modal.confirm({
      title: t('reviewCycles.reviews.reopenTitle', {
        reviewer: review.reviewerName,
        ratee: review.rateeName,
      }),
      content: (
        <Input.TextArea
          aria-label={t('reviewCycles.reviews.reopenReason')}
          placeholder={t('reviewCycles.reviews.reopenReason')}
          maxLength={1000}
          autoSize={{ minRows: 3 }}
          onChange={(e) => {
            reason = e.target.value;
          }}
        />
      ),
      okText: t('reviewCycles.reviews.reopen'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        if (!reason.trim()) {
          message.error(t('reviewCycles.reviews.reopenReasonRequired'));
          throw new Error('reason required');
        }
        try {
          await api('POST /reviews/{id}/reopen', {
            params: { id: review.id },
            body: { reason: reason.trim() },
          });
          message.success(t('reviewCycles.reviews.reopened'));
          await invalidate();
        } catch (e) {
          message.error(describeError(e, t));
          throw e;
        }
      },
    });
  }

  function remindAllLate() {
    modal.confirm({
      title: t('reviewCycles.reviews.remindLate'),
      content: t('reviewCycles.reviews.remindLateConfirm'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const ids = await fetchLateReviewIds(props.reviewCycleId, filters);
          if (ids.length === 0) {
            message.info(t('reviewCycles.reviews.noneLate'));
            return;
          }
          await remind(ids);
        } catch (e) {
          message.error(describeError(e, t));
        }
      },
    });
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          aria-label={t('reviewCycles.reviews.status')}
          allowClear
          placeholder={t('reviewCycles.reviews.anyStatus')}
          style={{ minWidth: 130 }}
          value={filters.status}
          onChange={(status) => filter({ status })}
          options={REVIEW_STATUSES.map((s) => ({ value: s, label: t(`reviewCycles.reviewStatus.${s}`) }))}
        />
        <Select
          aria-label={t('reviewCycles.reviews.late')}
          allowClear
          placeholder={t('reviewCycles.reviews.anyDeadline')}
          style={{ minWidth: 130 }}
          value={filters.late}
          onChange={(late) => filter({ late })}
          options={[
            { value: 'true', label: t('reviewCycles.reviews.lateOnly') },
            { value: 'false', label: t('reviewCycles.reviews.notLate') },
          ]}
        />
        <Select
          aria-label={t('reviewCycles.reviews.type')}
          allowClear
          placeholder={t('reviewCycles.reviews.anyType')}
          style={{ minWidth: 130 }}
          value={filters.raterType}
          onChange={(raterType) => filter({ raterType })}
          options={RATER_TYPES.map((r) => ({ value: r, label: t(`reviewCycles.raterTypes.${r}`) }))}
        />
        <TreeSelect
          aria-label={t('reviewCycles.reviews.department')}
          allowClear
          placeholder={t('reviewCycles.reviews.anyDepartment')}
          style={{ minWidth: 180 }}
          treeData={departmentTree}
          treeDefaultExpandAll
          showSearch={{ treeNodeFilterProp: 'title' }}
          value={filters.departmentId}
          onChange={(departmentId?: string) => filter({ departmentId })}
        />
      </Space>
      {props.isOpen && (
        <Space wrap>
          <Button
            icon={<BellOutlined />}
            disabled={selected.length === 0}
            loading={reminding}
            onClick={() => void remind(selected)}
            data-testid="remind-selected"
          >
            {t('reviewCycles.reviews.remindSelected', { count: selected.length })}
          </Button>
          <Button danger loading={reminding} onClick={remindAllLate} data-testid="remind-late">
            {t('reviewCycles.reviews.remindLate')}
          </Button>
        </Space>
      )}
      {reviews.isError && <Alert type="error" showIcon title={describeError(reviews.error, t)} />}
      <Table<TrackedReview>
        rowKey="id"
        size="small"
        loading={reviews.isPending || (reviews.isFetching && !reviews.isFetchingNextPage)}
        dataSource={reviews.items}
        pagination={false}
        scroll={{ x: 960 }}
        data-testid="tracked-reviews-table"
        rowSelection={
          props.isOpen
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected((keys as string[]).slice(0, MAX_REMINDED)),
                // antd names them "Select row 1" in every language; the pair is what one picks.
                getCheckboxProps: (r) => ({
                  disabled: r.status === 'submitted',
                  'aria-label': t('reviewCycles.reviews.selectRow', {
                    reviewer: r.reviewerName,
                    ratee: r.rateeName,
                  }),
                }),
              }
            : undefined
        }
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviewCycles.reviews.empty')} />
          ),
        }}
        columns={[
          {
            title: t('reviewCycles.reviews.reviewerToRatee'),
            key: 'who',
            render: (_, r) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                {r.reviewerName} → {r.rateeName}
              </span>
            ),
          },
          {
            title: t('reviewCycles.reviews.department'),
            dataIndex: 'departmentName',
            render: (d) => d ?? '—',
          },
          {
            title: t('reviewCycles.reviews.type'),
            dataIndex: 'raterType',
            render: (_, r) => <RaterTypeText raterType={r.raterType} />,
          },
          {
            title: t('reviewCycles.reviews.status'),
            dataIndex: 'status',
            render: (_, r) => (
              <Space size={4} wrap>
                <ReviewStatusTag status={r.status} />
                {r.late && <Tag color="red">{t('reviewCycles.reviews.lateBadge')}</Tag>}
              </Space>
            ),
          },
          { title: t('reviewCycles.reviews.dueDate'), dataIndex: 'dueDate', render: (d) => d ?? '—' },
          {
            title: t('reviewCycles.reviews.submittedAt'),
            dataIndex: 'submittedAt',
            render: (at: string | null) => (at ? new Date(at).toLocaleString() : '—'),
          },
          {
            title: t('reviewCycles.reviews.lastReminded'),
            dataIndex: 'lastRemindedAt',
            render: (at: string | null) =>
              at ? (
                new Date(at).toLocaleString()
              ) : (
                <Typography.Text type="secondary">{t('reviewCycles.reviews.never')}</Typography.Text>
              ),
          },
          ...(props.canReopen && props.isOpen
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, review: TrackedReview) =>
                    review.status === 'submitted' ? (
                      <Button size="small" onClick={() => reopen(review)}>
                        {t('reviewCycles.reviews.reopen')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {reviews.hasNextPage && (
        <Button onClick={() => void reviews.fetchNextPage()} loading={reviews.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Space>
  );
}
