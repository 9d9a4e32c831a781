import { type TenantSettings, UpdateTenantSettingsBodySchema } from '@perfloop/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client';
import { describeError } from '../../shared/errors';
import { zodRule } from '../../shared/zod-rule';

const TIME_ZONES = Intl.supportedValuesOf('timeZone');

/** Company name and time zone; saved with If-Match and written to the audit log. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ companyName: string; timeZone: string }>();
  const settings = useQuery({
    queryKey: ['settings'],
    queryFn: () => apiRequest<TenantSettings>('/settings'),
  });
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data.data);
  }, [settings.data, form]);

  async function submit(values: { companyName: string; timeZone: string }) {
    if (!settings.data) return;
    setSaving(true);
    setError(null);
    try {
      await apiRequest('/settings', {
        method: 'PATCH',
        body: values,
        ifMatch: settings.data.etag ?? undefined,
      });
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['settings'] });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t('settings.title')} style={{ maxWidth: 640 }}>
      {settings.isPending ? (
        <Skeleton active />
      ) : settings.isError ? (
        <Alert type="error" title={describeError(settings.error, t)} />
      ) : (
        <>
          {error !== null && (
            <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(error, t)} />
          )}
          <Form form={form} layout="vertical" onFinish={submit}>
            <Form.Item
              name="companyName"
              label={t('settings.companyName')}
              rules={[zodRule(UpdateTenantSettingsBodySchema.shape.companyName.unwrap(), t, { max: 64 })]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="timeZone" label={t('settings.timeZone')} extra={t('settings.timeZoneHelp')}>
              <Select showSearch options={TIME_ZONES.map((z) => ({ value: z, label: z }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('common.save')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
