import { formatPercent, type KeyResult, keyResultProgress, measureOfKeyResult } from '@perfloop/core';
import { Alert, App, Form, Input, InputNumber, Modal, Slider, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client';
import { describeError } from '../../shared/errors';
import { useInvalidateGoals } from './goals.api';

type Values = { value?: number; done?: boolean; percent?: number; confidence: number; comment?: string };

/** A check-in: the new value (or milestone state), a confidence 1–10 and a comment; progress previews as you type. */
export function CheckInModal(props: { keyResult: KeyResult | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const invalidate = useInvalidateGoals();
  const kr = props.keyResult;
  const watched = Form.useWatch([], form) as Values | undefined;
  const preview =
    kr && watched
      ? keyResultProgress(
          measureOfKeyResult({
            ...kr,
            currentValue: watched.value ?? kr.currentValue,
            done: !!watched.done,
            manualPercent: watched.percent ?? null,
          }),
        )
      : null;

  async function submit(values: Values) {
    if (!kr) return;
    setSaving(true);
    setError(null);
    try {
      await apiRequest(`/key-results/${kr.id}/check-ins`, {
        method: 'POST',
        body:
          kr.kind === 'metric'
            ? { value: values.value, confidence: values.confidence, comment: values.comment ?? '' }
            : {
                done: !!values.done,
                percent: values.percent,
                confidence: values.confidence,
                comment: values.comment ?? '',
              },
      });
      message.success(t('goals.checkedIn'));
      await invalidate();
      props.onClose();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={!!kr}
      title={t('goals.checkIn')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, id: 'check-in-save' }}
      okText={t('goals.checkIn')}
      destroyOnHidden
    >
      {kr && (
        <>
          <Typography.Paragraph strong>{kr.title}</Typography.Paragraph>
          {error !== null && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={describeError(error, t)} />
          )}
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{
              value: kr.currentValue ?? undefined,
              done: kr.done,
              percent: kr.manualPercent ?? undefined,
              confidence: kr.confidence ?? 7,
            }}
          >
            {kr.kind === 'metric' ? (
              <Form.Item
                name="value"
                label={t('goals.currentValue', {
                  start: kr.startValue,
                  target: kr.targetValue ?? '',
                  unit: kr.unit ?? '',
                })}
                rules={[{ required: true, message: t('fieldErrors:required') }]}
              >
                <InputNumber style={{ width: '100%' }} autoFocus data-testid="check-in-value" />
              </Form.Item>
            ) : (
              <>
                <Form.Item name="done" label={t('goals.milestoneDone')} valuePropName="checked">
                  <Switch />
                </Form.Item>
                <Form.Item name="percent" label={t('goals.milestonePercent')}>
                  <InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} />
                </Form.Item>
              </>
            )}
            <Form.Item name="confidence" label={t('goals.confidence')} extra={t('goals.confidenceHelp')}>
              <Slider min={1} max={10} marks={{ 1: '1', 5: '5', 10: '10' }} />
            </Form.Item>
            <Form.Item name="comment" label={t('goals.comment')}>
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={2000}
                placeholder={t('goals.commentPlaceholder')}
              />
            </Form.Item>
          </Form>
          {preview !== null && (
            <Typography.Text type="secondary" data-testid="check-in-preview">
              {t('goals.progressAfter', { progress: formatPercent(preview) })}
            </Typography.Text>
          )}
        </>
      )}
    </Modal>
  );
}
