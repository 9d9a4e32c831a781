import { MinusCircleOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  type Delivery,
  NOTIFICATION_EVENTS,
  type NotificationEvent,
  ROBOT_KINDS,
  SmtpInputSchema,
} from '@perfloop/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiRequest } from '../../api/client';
import { usePagedList } from '../../api/paged-list';
import { describeError } from '../../shared/errors';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';

type RobotValues = {
  id?: string;
  name: string;
  kind: (typeof ROBOT_KINDS)[number];
  url: string;
  secret?: string;
  events: NotificationEvent[];
};
type Values = {
  smtpEnabled: boolean;
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string; from: string };
  robots: RobotValues[];
};

function ChannelsForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const channels = useQuery({
    queryKey: ['notification-channels'],
    queryFn: () => apiRequest('GET /notification-channels'),
  });
  const save = useFormMutation({
    form,
    mutate: (values: Values) =>
      api('PUT /notification-channels', {
        ifMatch: channels.data?.etag ?? undefined,
        body: {
          smtp: values.smtpEnabled
            ? {
                ...values.smtp,
                user: values.smtp.user ?? '',
                // Empty keeps the stored password.
                password: values.smtp.password ? values.smtp.password : undefined,
              }
            : null,
          robots: (values.robots ?? []).map((r) => ({ ...r, secret: r.secret ? r.secret : undefined })),
        },
      }),
    successMessage: t('common.saved'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notification-channels'] }),
  });
  const smtpEnabled = Form.useWatch('smtpEnabled', form);
  const data = channels.data?.data;

  useEffect(() => {
    if (!data) return;
    form.setFieldsValue({
      smtpEnabled: data.smtp !== null,
      smtp: data.smtp ?? { host: '', port: 465, secure: true, user: '', from: '' },
      robots: data.robots.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        url: r.url,
        events: r.events,
      })),
    });
  }, [data, form]);

  if (channels.isPending) return <Skeleton active />;
  if (channels.isError) return <Alert type="error" showIcon title={describeError(channels.error, t)} />;

  const secretPlaceholder = (set: boolean | undefined) => (set ? t('channels.secretKept') : '');
  return (
    <Form<Values> form={form} layout="vertical" onFinish={save.submit} style={{ maxWidth: 900 }}>
      <FormErrorAlert error={save.error} />
      <Card
        size="small"
        title={t('channels.smtp')}
        extra={
          <Form.Item name="smtpEnabled" valuePropName="checked" noStyle>
            <Switch aria-label={t('channels.smtpEnabled')} />
          </Form.Item>
        }
        style={{ marginBottom: 16 }}
      >
        {smtpEnabled ? (
          <Row gutter={12}>
            <Col xs={24} md={10}>
              <Form.Item
                name={['smtp', 'host']}
                label={t('channels.host')}
                rules={[zodRule(SmtpInputSchema.shape.host, t, { max: 200 })]}
              >
                <Input placeholder="smtp.exmail.qq.com" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['smtp', 'port']} label={t('channels.port')}>
                <InputNumber min={1} max={65535} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name={['smtp', 'secure']} label={t('channels.secure')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['smtp', 'user']} label={t('channels.user')}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['smtp', 'password']} label={t('channels.password')}>
                <Input.Password
                  autoComplete="new-password"
                  placeholder={secretPlaceholder(data?.smtp?.passwordSet)}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name={['smtp', 'from']}
                label={t('channels.from')}
                rules={[zodRule(SmtpInputSchema.shape.from, t, { max: 200 })]}
              >
                <Input placeholder="绩效系统 <hr@example.com>" />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Typography.Text type="secondary">{t('channels.smtpOff')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('channels.robots')} style={{ marginBottom: 16 }}>
        <Form.List name="robots">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.length === 0 && (
                <Typography.Text type="secondary">{t('channels.noRobots')}</Typography.Text>
              )}
              {fields.map((field) => {
                const stored = data?.robots.find(
                  (r) => r.id === form.getFieldValue(['robots', field.name, 'id']),
                );
                return (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    extra={
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(field.name)}
                        aria-label={t('channels.removeRobot')}
                      />
                    }
                  >
                    <Row gutter={12}>
                      <Col xs={24} md={8}>
                        <Form.Item
                          name={[field.name, 'name']}
                          label={t('channels.robotName')}
                          rules={[{ required: true, whitespace: true, message: t('fieldErrors:required') }]}
                        >
                          <Input maxLength={100} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6}>
                        <Form.Item name={[field.name, 'kind']} label={t('channels.kind')}>
                          <Select
                            options={ROBOT_KINDS.map((k) => ({ value: k, label: t(`channels.kinds.${k}`) }))}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={10}>
                        <Form.Item
                          name={[field.name, 'secret']}
                          label={t('channels.secret')}
                          extra={t('channels.secretHelp')}
                        >
                          <Input.Password
                            autoComplete="new-password"
                            placeholder={secretPlaceholder(stored?.secretSet)}
                          />
                        </Form.Item>
                      </Col>
                      <Col span={24}>
                        <Form.Item
                          name={[field.name, 'url']}
                          label={t('channels.url')}
                          rules={[{ required: true, message: t('fieldErrors:required') }]}
                        >
                          <Input placeholder="https://open.feishu.cn/open-apis/bot/v2/hook/…" />
                        </Form.Item>
                      </Col>
                      <Col span={24}>
                        <Form.Item name={[field.name, 'events']} label={t('channels.events')}>
                          <Select
                            mode="multiple"
                            options={NOTIFICATION_EVENTS.map((e) => ({
                              value: e,
                              label: t(`notifications.events.${e}`),
                            }))}
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                );
              })}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ kind: 'feishu', events: ['alert.pace', 'alert.stale'] })}
              >
                {t('channels.addRobot')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Card>
      <Button type="primary" htmlType="submit" loading={save.submitting}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

const DELIVERY_COLORS = { pending: 'processing', sent: 'success', failed: 'error' } as const;

function Deliveries() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<string | undefined>();
  const list = usePagedList('deliveries', 'GET /deliveries', { status, limit: 50 });

  async function retry(id: string) {
    try {
      await api('POST /deliveries/{id}/retry', { params: { id } });
      message.success(t('channels.retried'));
      await list.refetch();
    } catch (e) {
      message.error(describeError(e, t));
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          aria-label={t('channels.status')}
          allowClear
          placeholder={t('channels.anyStatus')}
          value={status}
          onChange={setStatus}
          style={{ minWidth: 140 }}
          options={(['pending', 'sent', 'failed'] as const).map((s) => ({
            value: s,
            label: t(`channels.statuses.${s}`),
          }))}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
          {t('common.retry')}
        </Button>
      </Space>
      {list.isError && <Alert type="error" showIcon title={describeError(list.error, t)} />}
      <Table<Delivery>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: <Empty description={t('channels.noDeliveries')} /> }}
        columns={[
          {
            title: t('channels.createdAt'),
            dataIndex: 'createdAt',
            render: (v: string) => new Date(v).toLocaleString(),
          },
          {
            title: t('channels.channel'),
            dataIndex: 'channel',
            render: (c: string) => t(`channels.channels.${c}`),
          },
          { title: t('channels.target'), dataIndex: 'target' },
          {
            title: t('notifications.event'),
            dataIndex: 'event',
            render: (e: string) => t(`notifications.events.${e}`),
          },
          {
            title: t('channels.status'),
            dataIndex: 'status',
            render: (s: Delivery['status']) => (
              <Tag color={DELIVERY_COLORS[s]}>{t(`channels.statuses.${s}`)}</Tag>
            ),
          },
          { title: t('channels.attempts'), dataIndex: 'attempts' },
          {
            title: t('channels.nextAttempt'),
            dataIndex: 'nextAttemptAt',
            render: (v: string | null, d) =>
              d.status === 'pending' && v ? new Date(v).toLocaleString() : '—',
          },
          {
            title: t('channels.lastError'),
            dataIndex: 'lastError',
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, d) =>
              d.status === 'failed' ? (
                <Button size="small" onClick={() => void retry(d.id)}>
                  {t('channels.retryNow')}
                </Button>
              ) : null,
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Space>
  );
}

/** HR: the company's SMTP server and chat-group robots, and every delivery with its attempts. */
export function NotificationChannelsPage() {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('channels.title')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'channels', label: t('channels.config'), children: <ChannelsForm /> },
          { key: 'deliveries', label: t('channels.deliveries'), children: <Deliveries /> },
        ]}
      />
    </Space>
  );
}
