import { DownloadOutlined } from '@ant-design/icons';
import type { Me, ReviewCycle } from '@perfloop/core';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Result,
  Skeleton,
  Space,
  Tabs,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, api, downloadFile } from '../../api/client';
import { can } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { ReviewCycleForm } from './ReviewCycleForm';
import { ReviewCyclePeople } from './ReviewCyclePeople';
import { ReviewCycleProgress } from './ReviewCycleProgress';
import { ReviewCycleReviews } from './ReviewCycleReviews';
import { ReviewCycleStatusTag, ReviewDeadlines, ReviewKindTag } from './ReviewCycleTags';
import { useInvalidateReviewCycles, useReviewCycle } from './review-cycles.api';

const TABS = ['progress', 'reviews', 'people'] as const;
type Tab = (typeof TABS)[number];

/** Who a population picks, in one line: departments, job levels, named people, template. */
function PopulationSummary({ p, index }: { p: ReviewCycle['populations'][number]; index: number }) {
  const { t } = useTranslation();
  const parts = [
    p.departmentIds.length > 0 &&
      t(
        p.includeSubDepartments
          ? 'reviewCycles.summary.departmentsWithSubs'
          : 'reviewCycles.summary.departments',
        {
          count: p.departmentIds.length,
        },
      ),
    p.jobLevels.length > 0 && t('reviewCycles.summary.jobLevels', { levels: p.jobLevels.join(', ') }),
    p.employeeIds.length > 0 && t('reviewCycles.summary.people', { count: p.employeeIds.length }),
    p.templateName && t('reviewCycles.summary.template', { name: p.templateName }),
  ].filter((x): x is string => typeof x === 'string');
  return (
    <div>
      <Typography.Text strong>{t('reviewCycles.population', { n: index + 1 })}</Typography.Text>
      {' · '}
      {parts.length > 0 ? parts.join(' · ') : t('reviewCycles.summary.nobody')}
    </div>
  );
}

/** A review round: status, deadlines and HR's actions; progress, reviews and people for whoever tracks it. */
export function ReviewCycleDetailPage({ me }: { me: Me }) {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const round = useReviewCycle(id);
  const invalidate = useInvalidateReviewCycles();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const canManage = can(me, 'reviews.manage');
  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'progress';

  if (round.isPending) return <Skeleton active />;
  if (round.isError) {
    const notFound = round.error instanceof ApiError && round.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('reviewCycles.notFound') : describeError(round.error, t)}
        extra={<Link to="/review-cycles">{t('reviewCycles.title')}</Link>}
      />
    );
  }
  const r = round.data;

  /** Runs one action with its button busy; a failure is told, never thrown. */
  async function act(name: string, run: () => Promise<string | undefined>) {
    setBusy(name);
    try {
      const done = await run();
      if (done) message.success(done);
      await invalidate();
    } catch (e) {
      message.error(describeError(e, t));
    } finally {
      setBusy(null);
    }
  }

  function confirm(title: string, content: string, name: string, run: () => Promise<string | undefined>) {
    modal.confirm({
      title,
      content,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => act(name, run),
    });
  }

  const launch = () =>
    confirm(
      t('reviewCycles.launch'),
      r.participants > 0
        ? t('reviewCycles.launchConfirm', { count: r.participants })
        : t('reviewCycles.launchConfirmPopulations'),
      'launch',
      async () => {
        const result = await api('POST /review-cycles/{id}/launch', { params: { id: r.id } });
        return t('reviewCycles.launched', { participants: result.participants, reviews: result.reviews });
      },
    );
  const close = () =>
    confirm(t('reviewCycles.close'), t('reviewCycles.closeConfirm'), 'close', async () => {
      await api('POST /review-cycles/{id}/close', { params: { id: r.id } });
      return t('reviewCycles.closed');
    });
  const recompute = () =>
    confirm(t('reviewCycles.recompute'), t('reviewCycles.recomputeConfirm'), 'scores', async () => {
      const run = await api('POST /review-cycles/{id}/scores', { params: { id: r.id } });
      return t('reviewCycles.recomputed', { count: run.scored });
    });
  const remove = () =>
    confirm(
      t('reviewCycles.delete'),
      t('reviewCycles.deleteConfirm', { name: r.name }),
      'delete',
      async () => {
        await api('DELETE /review-cycles/{id}', { params: { id: r.id } });
        navigate('/review-cycles');
        return t('reviewCycles.deleted');
      },
    );
  const exportStatus = () =>
    act('export', async () => {
      await downloadFile(`/review-cycles/${encodeURIComponent(r.id)}/export`, 'review-status.xlsx');
      return undefined;
    });

  const isDraft = r.status === 'draft';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb
        items={[{ title: <Link to="/review-cycles">{t('reviewCycles.title')}</Link> }, { title: r.name }]}
      />
      <Card>
        {/* Title and actions in the body, so on a phone the actions wrap under the title instead of hiding it. */}
        <Flex wrap justify="space-between" align="center" gap={12} style={{ marginBottom: 16 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            <Space wrap>
              <span data-testid="review-cycle-name">{r.name}</span>
              <ReviewCycleStatusTag status={r.status} />
              <ReviewKindTag kind={r.kind} />
            </Space>
          </Typography.Title>
          <Space wrap>
            {canManage && isDraft && (
              <>
                <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
                <Button danger loading={busy === 'delete'} onClick={remove}>
                  {t('common.delete')}
                </Button>
                <Button
                  type="primary"
                  loading={busy === 'launch'}
                  onClick={launch}
                  data-testid="launch-review-cycle"
                >
                  {t('reviewCycles.launch')}
                </Button>
              </>
            )}
            {canManage && r.status === 'open' && (
              <Button
                type="primary"
                danger
                loading={busy === 'close'}
                onClick={close}
                data-testid="close-review-cycle"
              >
                {t('reviewCycles.close')}
              </Button>
            )}
            {canManage && !isDraft && r.kind === 'final' && (
              <Button loading={busy === 'scores'} onClick={recompute}>
                {t('reviewCycles.recompute')}
              </Button>
            )}
            {!isDraft && (
              <Button
                icon={<DownloadOutlined />}
                loading={busy === 'export'}
                onClick={() => void exportStatus()}
              >
                {t('reviewCycles.export')}
              </Button>
            )}
          </Space>
        </Flex>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('reviewCycles.cycle')}>{r.cycleName}</Descriptions.Item>
          <Descriptions.Item label={t('reviewCycles.participants')}>
            {isDraft && r.participants === 0 ? '—' : r.participants}
          </Descriptions.Item>
          <Descriptions.Item label={t('reviewCycles.deadlines')}>
            <ReviewDeadlines deadlines={r.deadlines} />
          </Descriptions.Item>
          {r.launchedAt && (
            <Descriptions.Item label={t('reviewCycles.launchedAt')}>
              {new Date(r.launchedAt).toLocaleString()}
            </Descriptions.Item>
          )}
          {r.closedAt && (
            <Descriptions.Item label={t('reviewCycles.closedAt')}>
              {new Date(r.closedAt).toLocaleString()}
            </Descriptions.Item>
          )}
          {r.scoredAt && (
            <Descriptions.Item label={t('reviewCycles.scoredAt')}>
              {new Date(r.scoredAt).toLocaleString()}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('reviewCycles.populations')} span={{ xs: 1, md: 3 }}>
            <Space orientation="vertical" size={2}>
              {r.populations.map((p, i) => (
                // Populations have no id; their order is their identity (the first match wins).
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <PopulationSummary key={i} p={p} index={i} />
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
        {r.status === 'open' && r.kind === 'final' && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            title={t('reviewCycles.anonymityWhileOpen')}
          />
        )}
      </Card>
      {isDraft ? (
        <Card>
          <Empty description={t('reviewCycles.draftHint')} />
        </Card>
      ) : (
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            activeKey={tab}
            onChange={(key) =>
              setParams(
                (p) => {
                  p.set('tab', key);
                  return p;
                },
                { replace: true },
              )
            }
            destroyOnHidden
            items={[
              {
                key: 'progress',
                label: t('reviewCycles.tabs.progress'),
                children: <ReviewCycleProgress reviewCycleId={r.id} />,
              },
              {
                key: 'reviews',
                label: t('reviewCycles.tabs.reviews'),
                children: (
                  <ReviewCycleReviews
                    reviewCycleId={r.id}
                    isOpen={r.status === 'open'}
                    canReopen={canManage}
                  />
                ),
              },
              {
                key: 'people',
                label: t('reviewCycles.tabs.people'),
                children: <ReviewCyclePeople reviewCycleId={r.id} kind={r.kind} />,
              },
            ]}
          />
        </Card>
      )}
      {editing && <ReviewCycleForm reviewCycle={r} onClose={() => setEditing(false)} />}
    </Space>
  );
}
