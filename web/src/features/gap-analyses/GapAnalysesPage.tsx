import { PlusOutlined } from '@ant-design/icons';
import type { GapAnalysis } from '@perfloop/core';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  List,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { describeError } from '../../shared/errors';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { EmployeeSelect } from '../employees/EmployeeSelect';
import { useInvalidateFollowThrough } from '../follow-ups/follow-ups.api';
import { GapAnalysisEditor, GapText } from './GapAnalysisEditor';
import { useGapAnalyses } from './gap-analyses.api';

type Item = GapAnalysis['items'][number] & { index: number };
type Converting = { analysis: GapAnalysis; item: number; action: number; text: string };

/** Turns one improvement action into a follow-up record: who is responsible and by when. */
function ToFollowUpModal({ target, onClose }: { target: Converting; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidateFollowThrough();
  const [form] = Form.useForm<{ responsibleId: string; dueDate?: Dayjs | null }>();
  const convert = useFormMutation({
    form,
    mutate: (values: { responsibleId: string; dueDate?: Dayjs | null }) =>
      api('POST /gap-analyses/{id}/follow-ups', {
        params: { id: target.analysis.id },
        body: {
          item: target.item,
          action: target.action,
          responsibleId: values.responsibleId,
          dueDate: values.dueDate ? values.dueDate.format('YYYY-MM-DD') : null,
        },
      }),
    successMessage: t('gaps.followUpCreated'),
    onSuccess: async () => {
      await invalidate();
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('gaps.toFollowUp')}
      okButtonProps={{ loading: convert.submitting }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{target.text}</Typography.Paragraph>
      <FormErrorAlert error={convert.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ responsibleId: target.analysis.employeeId }}
        onFinish={convert.submit}
      >
        <Form.Item
          name="responsibleId"
          label={t('followUps.responsible')}
          rules={[{ required: true, message: t('fieldErrors:required') }]}
        >
          <EmployeeSelect initialLabel={target.analysis.employeeName} />
        </Form.Item>
        <Form.Item name="dueDate" label={t('followUps.dueDate')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GapItemsTable({
  analysis,
  onConvert,
}: {
  analysis: GapAnalysis;
  onConvert: (c: Converting) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table<Item>
      size="small"
      rowKey="index"
      dataSource={analysis.items.map((item, index) => ({ ...item, index }))}
      pagination={false}
      columns={[
        { title: t('gaps.dimension'), dataIndex: 'dimension' },
        { title: t('gaps.target'), key: 'target', render: (_, i) => `${i.target}${i.unit}` },
        { title: t('gaps.actual'), key: 'actual', render: (_, i) => `${i.actual}${i.unit}` },
        {
          title: t('gaps.gap'),
          key: 'gap',
          render: (_, i) => <GapText target={i.target} actual={i.actual} unit={i.unit} />,
        },
        {
          title: t('gaps.rootCauses'),
          dataIndex: 'rootCauses',
          render: (causes: string[]) => (
            <List
              size="small"
              split={false}
              dataSource={causes}
              renderItem={(c) => <List.Item style={{ padding: 0 }}>{c}</List.Item>}
            />
          ),
        },
        {
          title: t('gaps.actions'),
          key: 'actions',
          render: (_, item) => (
            <Space orientation="vertical" size={2}>
              {item.actions.map((a, actionIndex) => (
                <Space key={a.text} size={4} wrap>
                  <span>{a.text}</span>
                  {a.followUpId ? (
                    <Tag color="green">{t('gaps.isFollowUp')}</Tag>
                  ) : (
                    <Button
                      size="small"
                      type="link"
                      onClick={() =>
                        onConvert({ analysis, item: item.index, action: actionIndex, text: a.text })
                      }
                    >
                      {t('gaps.toFollowUp')}
                    </Button>
                  )}
                </Space>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** 绩效改进分析表: the gap between target and actual per dimension, its causes, and the actions taken. */
export function GapAnalysesPage() {
  const { t } = useTranslation();
  const list = useGapAnalyses({});
  const [editing, setEditing] = useState<GapAnalysis | 'new' | null>(null);
  const [converting, setConverting] = useState<Converting | null>(null);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('gaps.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('gaps.new')}
        </Button>
      </Space>
      {list.isError && <Alert type="error" showIcon title={describeError(list.error, t)} />}
      {list.isPending ? (
        <Card loading />
      ) : list.items.length === 0 ? (
        <Empty description={t('gaps.empty')} />
      ) : (
        list.items.map((analysis) => (
          <Card
            key={analysis.id}
            size="small"
            title={
              <Space wrap>
                <span>{analysis.title}</span>
                <Link to={`/employees/${analysis.employeeId}`}>{analysis.employeeName}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {new Date(analysis.updatedAt).toLocaleDateString()}
                </Typography.Text>
              </Space>
            }
            extra={
              <Button size="small" type="link" onClick={() => setEditing(analysis)}>
                {t('common.edit')}
              </Button>
            }
          >
            <GapItemsTable analysis={analysis} onConvert={setConverting} />
          </Card>
        ))
      )}
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {editing && (
        <GapAnalysisEditor
          analysis={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {converting && <ToFollowUpModal target={converting} onClose={() => setConverting(null)} />}
    </Space>
  );
}
