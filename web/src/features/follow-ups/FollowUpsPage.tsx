import { CheckOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { FOLLOW_UP_STATUSES, type FollowUp, type Me } from '@perfloop/core';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Empty,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, downloadFile, toQuery } from '../../api/client';
import { canSeeOrganisation } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { EmployeeSelect } from '../employees/EmployeeSelect';
import { FollowUpForm } from './FollowUpForm';
import { useFollowUps, useInvalidateFollowThrough } from './follow-ups.api';

const STATUS_COLORS = { open: 'blue', done: 'green', overdue: 'red' } as const;

/** 绩效跟进记录表: the seed's columns, with status, filters, and export in the same layout. */
export function FollowUpsPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateFollowThrough();
  const [view, setView] = useState<'mine' | 'team' | 'all'>('all');
  const [status, setStatus] = useState<string>('any');
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<FollowUp | 'new' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const filters = {
    view,
    status,
    employeeId,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
    q: q || undefined,
  };
  const list = useFollowUps(filters);

  async function act(f: FollowUp, run: () => Promise<unknown>, done: string) {
    setBusy(f.id);
    try {
      await run();
      message.success(done);
      await invalidate();
    } catch (e) {
      message.error(describeError(e, t));
    } finally {
      setBusy(null);
    }
  }

  async function exportXlsx() {
    try {
      await downloadFile(
        `/follow-ups/export${toQuery({ ...filters, locale: i18n.language })}`,
        'follow-ups.xlsx',
      );
    } catch (e) {
      message.error(describeError(e, t));
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('followUps.title')}
        </Typography.Title>
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void exportXlsx()}
            data-testid="follow-ups-export"
          >
            {t('followUps.export')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('followUps.new')}
          </Button>
        </Space>
      </Space>
      <Space wrap>
        <Select
          aria-label={t('followUps.view')}
          value={view}
          onChange={setView}
          style={{ minWidth: 140 }}
          options={(['all', 'mine', 'team'] as const)
            .filter((v) => v !== 'team' || canSeeOrganisation(me))
            .map((v) => ({ value: v, label: t(`followUps.views.${v}`) }))}
        />
        <Select
          aria-label={t('followUps.status')}
          value={status}
          onChange={setStatus}
          style={{ minWidth: 120 }}
          options={[...FOLLOW_UP_STATUSES, 'any'].map((s) => ({
            value: s,
            label: t(`followUps.statuses.${s}`),
          }))}
        />
        <EmployeeSelect value={employeeId} onChange={setEmployeeId} style={{ minWidth: 200 }} />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => setRange(v)}
          aria-label={t('followUps.date')}
        />
        <Input.Search
          allowClear
          placeholder={t('followUps.searchTopic')}
          onSearch={setQ}
          style={{ width: 220 }}
          aria-label={t('common.search')}
        />
      </Space>
      {list.isError && <Alert type="error" showIcon title={describeError(list.error, t)} />}
      <Table<FollowUp>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1100 }}
        data-testid="follow-ups-table"
        locale={{ emptyText: <Empty description={t('followUps.empty')} /> }}
        columns={[
          { title: t('followUps.date'), dataIndex: 'date', width: 110 },
          {
            title: t('followUps.employee'),
            dataIndex: 'employeeName',
            render: (name: string, f) => <Link to={`/employees/${f.employeeId}`}>{name}</Link>,
          },
          {
            title: t('followUps.topic'),
            dataIndex: 'topic',
            render: (topic: string, f) => (
              <Space orientation="vertical" size={0}>
                <span>{topic}</span>
                {f.goalTitle && (
                  <Link to={`/goals/${f.goalId}`} style={{ fontSize: 12 }}>
                    {f.goalTitle}
                  </Link>
                )}
                {f.source !== 'manual' && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`followUps.sources.${f.source}`)}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('followUps.summary'), dataIndex: 'summary', ellipsis: true },
          { title: t('followUps.action'), dataIndex: 'action', ellipsis: true },
          { title: t('followUps.responsible'), dataIndex: 'responsibleName' },
          {
            title: t('followUps.dueDate'),
            dataIndex: 'dueDate',
            width: 110,
            render: (d: string | null, f) => (
              <Typography.Text type={f.status === 'overdue' ? 'danger' : undefined}>
                {d ?? '—'}
              </Typography.Text>
            ),
          },
          {
            title: t('followUps.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: FollowUp['status']) => (
              <Tag color={STATUS_COLORS[s]}>{t(`followUps.statuses.${s}`)}</Tag>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            width: 200,
            render: (_, f) => (
              <Space size={4}>
                {f.status !== 'done' && (
                  <Button
                    size="small"
                    icon={<CheckOutlined />}
                    loading={busy === f.id}
                    onClick={() =>
                      void act(
                        f,
                        () =>
                          api('PATCH /follow-ups/{id}', {
                            params: { id: f.id },
                            body: { status: 'done' },
                            ifMatch: `"${f.version}"`,
                          }),
                        t('followUps.markedDone'),
                      )
                    }
                  >
                    {t('followUps.markDone')}
                  </Button>
                )}
                <Button size="small" type="link" onClick={() => setEditing(f)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('followUps.deleteConfirm')}
                  onConfirm={() =>
                    act(
                      f,
                      () =>
                        api('DELETE /follow-ups/{id}', { params: { id: f.id }, ifMatch: `"${f.version}"` }),
                      t('followUps.deleted'),
                    )
                  }
                >
                  <Button size="small" type="link" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {editing && (
        <FollowUpForm
          followUp={editing === 'new' ? undefined : editing}
          meId={me.id}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}
