import { EmailSchema, EmployeeNoSchema, NewPasswordSchema, PersonNameSchema } from '@perfloop/core';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { api } from '../api/client';
import { describeError } from '../shared/errors';
import { zodRule } from '../shared/zod-rule';

type SetupForm = {
  companyName: string;
  adminName: string;
  adminEmployeeNo: string;
  adminEmail: string;
  password: string;
};

/** First run without the demo (PERFLOOP_DEMO=0): create the company and its first admin. */
export function SetupPage() {
  const { t } = useTranslation();
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api<{ needsSetup: boolean }>('/setup') });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(values: SetupForm) {
    setSubmitting(true);
    setError(null);
    try {
      const result = await api<{ login: string }>('/setup', { method: 'POST', body: values });
      setDone(result.login);
    } catch (e) {
      setError(e);
    } finally {
      setSubmitting(false);
    }
  }

  if (done || setup.data?.needsSetup === false) {
    return (
      <Result
        status="success"
        title={done ? t('setup.done', { login: done }) : t('setup.alreadyDone')}
        extra={
          <Link to="/login">
            <Button type="primary">{t('login.submit')}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f5ff' }}>
      <Card style={{ width: 440 }} loading={setup.isPending}>
        <Typography.Title level={3}>{t('setup.title')}</Typography.Title>
        {error !== null && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(error, t)} />
        )}
        <Form layout="vertical" onFinish={submit}>
          <Form.Item
            name="companyName"
            label={t('setup.companyName')}
            rules={[zodRule(z.string().trim().min(1, 'required').max(64, 'too_long'), t, { max: 64 })]}
          >
            <Input autoFocus />
          </Form.Item>
          <Form.Item
            name="adminName"
            label={t('setup.adminName')}
            rules={[zodRule(PersonNameSchema, t, { max: 64 })]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="adminEmployeeNo"
            label={t('employee.employeeNo')}
            rules={[zodRule(EmployeeNoSchema, t, { max: 32 })]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="adminEmail" label={t('employee.email')} rules={[zodRule(EmailSchema, t)]}>
            <Input type="email" autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[zodRule(NewPasswordSchema, t)]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
