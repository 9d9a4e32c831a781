import { formatPercent, type KeyResult, keyResultProgress, measureOfKeyResult } from '@perfloop/core';
import { Form, Input, InputNumber, Modal, Slider, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { useInvalidateGoals } from './goals.api';

type Values = { value?: number; done?: boolean; percent?: number; confidence: number; comment?: string };

/** A check-in: the new value (or milestone state), a confidence 1–10 and a comment; progress previews as you type. */
export function CheckInModal(props: { keyResult: KeyResult | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const invalidate = useInvalidateGoals();
  const kr = props.keyResult;
  const checkIn = useFormMutation({
    form,
    // The form shows only with a key result.
    mutate: (values: Values) =>
      api('POST /key-results/{id}/check-ins', {
        params: { id: kr!.id },
        body:
          kr!.kind === 'metric'
            ? { value: values.value, confidence: values.confidence, comment: values.comment ?? '' }
            : {
                done: !!values.done,
                percent: values.percent,
                confidence: values.confidence,
                comment: values.comment ?? '',
              },
      }),
    successMessage: t('goals.checkedIn'),
    onSuccess: async () => {
      await invalidate();
      props.onClose();
    },
  });
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

  return (
    <Modal
      open={!!kr}
      title={t('goals.checkIn')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: checkIn.submitting, id: 'check-in-save' }}
      okText={t('goals.checkIn')}
      destroyOnHidden
    >
      {kr && (
        <>
          <Typography.Paragraph strong>{kr.title}</Typography.Paragraph>
          <FormErrorAlert error={checkIn.error} style={{ marginBottom: 12 }} />
          <Form
            form={form}
            layout="vertical"
            onFinish={checkIn.submit}
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
