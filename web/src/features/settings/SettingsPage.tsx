import { roundPercent, type TenantSettings, UpdateTenantSettingsBodySchema } from '@perfloop/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiRequest } from '../../api/client';
import { describeError } from '../../shared/errors';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';

const TIME_ZONES = Intl.supportedValuesOf('timeZone');
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));

/** The form shows the pace threshold as a percentage; the API stores a ratio. */
type Values = Omit<TenantSettings, 'version' | 'goalsVisibleToAll' | 'progressCap' | 'paceThreshold'> & {
  pacePercent: number;
};

/** Company name and time zone, early-warning thresholds and the job schedule; saved with If-Match and audited. */
export function SettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const settings = useQuery({
    queryKey: ['settings'],
    queryFn: () => apiRequest('GET /settings'),
  });
  const save = useFormMutation({
    form,
    rename: { paceThreshold: 'pacePercent' },
    // The form shows once the settings are loaded, so their ETag is at hand.
    mutate: ({ pacePercent, ...values }: Values) =>
      api('PATCH /settings', {
        body: { ...values, paceThreshold: pacePercent / 100 },
        ifMatch: settings.data?.etag ?? undefined,
      }),
    successMessage: t('common.saved'),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['settings'] });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const shape = UpdateTenantSettingsBodySchema.shape;

  useEffect(() => {
    if (settings.data) {
      const { paceThreshold, ...rest } = settings.data.data;
      form.setFieldsValue({ ...rest, pacePercent: roundPercent(paceThreshold) });
    }
  }, [settings.data, form]);

  return (
    <Card title={t('settings.title')} style={{ maxWidth: 760 }}>
      {settings.isPending ? (
        <Skeleton active />
      ) : settings.isError ? (
        <Alert type="error" title={describeError(settings.error, t)} />
      ) : (
        <>
          <FormErrorAlert error={save.error} />
          <Form form={form} layout="vertical" onFinish={save.submit}>
            <Form.Item
              name="companyName"
              label={t('settings.companyName')}
              rules={[zodRule(shape.companyName.unwrap(), t, { max: 64 })]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="timeZone" label={t('settings.timeZone')} extra={t('settings.timeZoneHelp')}>
              <Select showSearch options={TIME_ZONES.map((z) => ({ value: z, label: z }))} />
            </Form.Item>
            <Divider titlePlacement="start">{t('settings.earlyWarning')}</Divider>
            <Typography.Paragraph type="secondary">{t('settings.earlyWarningHelp')}</Typography.Paragraph>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item
                  name="pacePercent"
                  label={t('settings.paceThreshold')}
                  rules={[
                    { required: true, type: 'number', min: 1, max: 100, message: t('settings.paceRange') },
                  ]}
                >
                  <InputNumber
                    min={1}
                    max={100}
                    step={5}
                    suffix="%"
                    style={{ width: '100%' }}
                    data-testid="pace-threshold"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="consecutiveSnapshots"
                  label={t('settings.consecutiveSnapshots')}
                  rules={[zodRule(shape.consecutiveSnapshots.unwrap(), t)]}
                >
                  <InputNumber min={1} max={13} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="staleDays"
                  label={t('settings.staleDays')}
                  rules={[zodRule(shape.staleDays.unwrap(), t)]}
                >
                  <InputNumber
                    min={1}
                    max={365}
                    precision={0}
                    suffix={t('settings.days')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Divider titlePlacement="start">{t('settings.schedule')}</Divider>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="snapshotWeekday" label={t('settings.snapshotWeekday')}>
                  <Select options={WEEKDAYS.map((d) => ({ value: d, label: t(`settings.weekdays.${d}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="snapshotHour" label={t('settings.snapshotHour')}>
                  <Select options={HOURS} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="reminderHour" label={t('settings.reminderHour')}>
                  <Select options={HOURS} />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" loading={save.submitting}>
              {t('common.save')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
