import { PlusOutlined } from '@ant-design/icons';
import { type ApiToken, CreateTokenBodySchema, TOKEN_SCOPES, type TokenScope } from '@perfloop/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { describeError } from '../../shared/errors';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';

type Values = { name: string; scopes: TokenScope[]; expiresInDays: number };

/** Service API tokens for integrations: secret shown once, hashed at rest, revocable. */
export function ApiTokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const tokens = useQuery({
    queryKey: ['api-tokens'],
    queryFn: () => api('GET /api-tokens').then((r) => r.items),
  });
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const create = useFormMutation({
    form,
    mutate: (values: Values) => api('POST /api-tokens', { body: values }),
    onSuccess: async (created) => {
      setSecret(created.token);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
    },
  });

  async function revoke(id: string) {
    try {
      await api('DELETE /api-tokens/{id}', { params: { id } });
      message.success(t('tokens.revoked'));
      await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
    } catch (e) {
      message.error(describeError(e, t));
    }
  }

  const stateOf = (k: ApiToken) =>
    k.revokedAt ? (
      <Tag>{t('tokens.revoked')}</Tag>
    ) : dayjs(k.expiresAt).isBefore(dayjs()) ? (
      <Tag color="orange">{t('tokens.expired')}</Tag>
    ) : (
      <Tag color="green">{t('tokens.active')}</Tag>
    );

  return (
    <Card
      title={t('tokens.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setSecret(null);
            setOpen(true);
          }}
        >
          {t('tokens.create')}
        </Button>
      }
    >
      {tokens.isError && <Alert type="error" title={describeError(tokens.error, t)} />}
      <Table<ApiToken>
        rowKey="id"
        size="small"
        loading={tokens.isPending}
        dataSource={tokens.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('tokens.none')} /> }}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name' },
          {
            title: t('tokens.prefix'),
            dataIndex: 'prefix',
            render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
          },
          {
            title: t('tokens.scopes'),
            dataIndex: 'scopes',
            render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>),
          },
          {
            title: t('tokens.expires'),
            dataIndex: 'expiresAt',
            render: (v: string) => dayjs(v).format('YYYY-MM-DD'),
          },
          {
            title: t('tokens.lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—'),
          },
          { title: t('employee.status'), render: (_: unknown, k) => stateOf(k) },
          {
            title: t('common.actions'),
            render: (_: unknown, k) =>
              !k.revokedAt && (
                <Popconfirm
                  title={t('tokens.revokeConfirm')}
                  onConfirm={() => void revoke(k.id)}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                >
                  <Button size="small" danger>
                    {t('tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('tokens.create')}
        onCancel={() => setOpen(false)}
        onOk={() => (secret ? setOpen(false) : form.submit())}
        okText={secret ? t('common.close') : t('common.create')}
        confirmLoading={create.submitting}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        {secret ? (
          <Alert
            type="success"
            showIcon
            title={t('tokens.tokenShownOnce')}
            description={
              <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
                {secret}
              </Typography.Paragraph>
            }
          />
        ) : (
          <>
            <FormErrorAlert error={create.error} />
            <Form
              form={form}
              layout="vertical"
              onFinish={create.submit}
              initialValues={{ scopes: ['org:read'], expiresInDays: 90 }}
            >
              <Form.Item
                name="name"
                label={t('tokens.name')}
                rules={[zodRule(CreateTokenBodySchema.shape.name, t, { max: 64 })]}
              >
                <Input autoFocus />
              </Form.Item>
              <Form.Item
                name="scopes"
                label={t('tokens.scopes')}
                rules={[{ required: true, message: t('fieldErrors:required', { keySeparator: false }) }]}
              >
                <Checkbox.Group options={TOKEN_SCOPES.map((s) => ({ value: s, label: s }))} />
              </Form.Item>
              <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')}>
                <InputNumber min={1} max={730} />
              </Form.Item>
            </Form>
          </>
        )}
      </Modal>
    </Card>
  );
}
