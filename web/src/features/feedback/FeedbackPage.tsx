import { BulbOutlined, LikeOutlined, SendOutlined } from '@ant-design/icons';
import { CreateFeedbackBodySchema, type Feedback, type Me } from '@perfloop/core';
import { Alert, Button, Empty, Form, Input, List, Modal, Radio, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { canSeeOrganisation } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';
import { EmployeeSelect } from '../employees/EmployeeSelect';
import { useInvalidateFollowThrough } from '../follow-ups/follow-ups.api';
import { useFeedback } from './feedback.api';

type Box = 'received' | 'sent' | 'team';
type Values = {
  toId: string;
  kind: 'praise' | 'suggestion';
  body: string;
  audience: 'recipient' | 'recipient_and_manager';
};

function FeedbackList({ box }: { box: Box }) {
  const { t } = useTranslation();
  const list = useFeedback(box);
  if (list.isError) return <Alert type="error" showIcon title={describeError(list.error, t)} />;
  return (
    <>
      <List<Feedback>
        loading={list.isPending}
        dataSource={list.items}
        locale={{ emptyText: <Empty description={t('feedback.empty')} /> }}
        renderItem={(f) => (
          <List.Item>
            <List.Item.Meta
              avatar={
                f.kind === 'praise' ? (
                  <LikeOutlined style={{ color: '#52c41a' }} />
                ) : (
                  <BulbOutlined style={{ color: '#faad14' }} />
                )
              }
              title={
                <Space wrap>
                  <span>{t('feedback.fromTo', { from: f.fromName, to: f.toName })}</span>
                  <Tag color={f.kind === 'praise' ? 'green' : 'gold'}>{t(`feedback.kinds.${f.kind}`)}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`feedback.audiences.${f.audience}`)} · {new Date(f.createdAt).toLocaleString()}
                  </Typography.Text>
                </Space>
              }
              description={
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {f.body}
                </Typography.Paragraph>
              }
            />
          </List.Item>
        )}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}

/** Continuous feedback: praise or a suggestion to anyone, seen by the recipient (and their manager if chosen). */
export function FeedbackPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(false);
  const invalidate = useInvalidateFollowThrough();
  const shape = CreateFeedbackBodySchema.shape;

  const send = useFormMutation({
    form,
    mutate: (values: Values) => api('POST /feedback', { body: values }),
    successMessage: t('feedback.sent'),
    onSuccess: async () => {
      setOpen(false);
      form.resetFields();
      await invalidate();
    },
  });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('feedback.title')}
        </Typography.Title>
        <Button type="primary" icon={<SendOutlined />} onClick={() => setOpen(true)}>
          {t('feedback.give')}
        </Button>
      </Space>
      <Tabs
        items={(['received', 'sent', 'team'] as const)
          .filter((b) => b !== 'team' || canSeeOrganisation(me))
          .map((box) => ({
            key: box,
            label: t(`feedback.boxes.${box}`),
            children: <FeedbackList box={box} />,
          }))}
      />
      <Modal
        open={open}
        title={t('feedback.give')}
        okText={t('feedback.send')}
        okButtonProps={{ loading: send.submitting }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <FormErrorAlert error={send.error} />
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={send.submit}
          initialValues={{ kind: 'praise', audience: 'recipient' }}
        >
          <Form.Item name="toId" label={t('feedback.to')} rules={[zodRule(shape.toId, t)]}>
            <EmployeeSelect excludeId={me.id} />
          </Form.Item>
          <Form.Item name="kind" label={t('feedback.kind')}>
            <Radio.Group
              optionType="button"
              options={(['praise', 'suggestion'] as const).map((k) => ({
                value: k,
                label: t(`feedback.kinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="body" label={t('feedback.body')} rules={[zodRule(shape.body, t, { max: 4000 })]}>
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
          <Form.Item name="audience" label={t('feedback.audience')}>
            <Radio.Group
              options={(['recipient', 'recipient_and_manager'] as const).map((a) => ({
                value: a,
                label: t(`feedback.audiences.${a}`),
              }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
