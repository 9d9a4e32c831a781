import { EmailSchema, EmployeeNoSchema, NewPasswordSchema, PersonNameSchema } from '@perfloop/core';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { api } from '../api/client';
import { FormErrorAlert } from '../shared/FormErrorAlert';
import { useFormMutation } from '../shared/use-form-mutation';
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
  const [form] = Form.useForm<SetupForm>();
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api('GET /setup') });
  const [done, setDone] = useState<string | null>(null);
  const create = useFormMutation({
    form,
    mutate: (values: SetupForm) => api('POST /setup', { body: values }),
    onSuccess: (result) => setDone(result.login),
  });

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
        <FormErrorAlert error={create.error} />
        <Form form={form} layout="vertical" onFinish={create.submit}>
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
          <Button type="primary" htmlType="submit" block loading={create.submitting}>
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
