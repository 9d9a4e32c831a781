import { LoginBodySchema } from '@perfloop/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../api/client';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { FormErrorAlert } from '../shared/FormErrorAlert';
import { useFormMutation } from '../shared/use-form-mutation';
import { zodRule } from '../shared/zod-rule';

type LoginForm = { login: string; password: string; tenant?: string };

export function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginForm>();
  const [needsTenant, setNeedsTenant] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api('GET /setup') });
  const login = useFormMutation({
    form,
    mutate: async (values: LoginForm) => {
      try {
        return await api('POST /auth/login', { body: values });
      } catch (e) {
        if (e instanceof ApiError && e.code === 'auth.tenant_required') setNeedsTenant(true);
        throw e;
      }
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      const next = params.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    },
  });

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f5ff' }}>
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <LanguageSwitch size="small" />
        </div>
        <Typography.Title level={3} style={{ marginTop: 8 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {setup.data?.needsSetup && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={<Link to="/setup">{t('setup.needed')}</Link>}
          />
        )}
        <FormErrorAlert error={login.error} />
        <Form form={form} layout="vertical" onFinish={login.submit} requiredMark={false}>
          <Form.Item name="login" label={t('login.login')} rules={[zodRule(LoginBodySchema.shape.login, t)]}>
            <Input autoFocus autoComplete="username" placeholder={t('login.loginPlaceholder')} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[zodRule(LoginBodySchema.shape.password, t)]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {needsTenant && (
            <Form.Item name="tenant" label={t('login.tenant')} extra={t('login.tenantHelp')}>
              <Input />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={login.submitting}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
