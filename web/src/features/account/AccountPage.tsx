import { ChangePasswordBodySchema, type Me } from '@perfloop/core';
import { Button, Card, Descriptions, Form, Input, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { LanguageSwitch } from '../../i18n/LanguageSwitch';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';

type PasswordForm = { currentPassword: string; newPassword: string; confirmPassword: string };

export function AccountPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordForm>();
  const change = useFormMutation({
    form,
    mutate: (values: PasswordForm) =>
      api('POST /me/password', {
        body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      }),
    successMessage: t('account.passwordChanged'),
    onSuccess: () => form.resetFields(),
  });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 640 }}>
      <Card title={t('account.title')}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('employee.name')}>{me.name}</Descriptions.Item>
          <Descriptions.Item label={t('employee.employeeNo')}>{me.employeeNo}</Descriptions.Item>
          <Descriptions.Item label={t('employee.email')}>{me.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('employee.roles')}>
            {me.roles.map((r) => (
              <Tag key={r}>{t(`roles.${r}`)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('account.language')}>
            <LanguageSwitch />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('account.changePassword')}>
        <FormErrorAlert error={change.error} />
        <Form form={form} layout="vertical" onFinish={change.submit}>
          <Form.Item
            name="currentPassword"
            label={t('account.currentPassword')}
            rules={[zodRule(ChangePasswordBodySchema.shape.currentPassword, t)]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('account.newPassword')}
            rules={[zodRule(ChangePasswordBodySchema.shape.newPassword, t)]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t('account.confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_r, value) => {
                  if (value !== getFieldValue('newPassword')) throw new Error(t('account.passwordMismatch'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.submitting}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
