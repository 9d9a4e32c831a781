import type { Goal, RevisionChangeKind } from '@perfloop/core';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client';
import { describeError } from '../../shared/errors';
import { useInvalidateGoals } from '../goals/goals.api';

type Values = {
  kind: RevisionChangeKind;
  targets: Record<string, number | null>;
  weights: Record<string, number | null>;
  titles: Record<string, string>;
  title?: string;
  dueDate?: Dayjs;
  reason: string;
  basis: string;
};

/** 目标修订: propose a change with its reason and basis; it then goes to the department head and HR. */
export function RevisionModal(props: { goal: Goal; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const invalidate = useInvalidateGoals();
  const kind = Form.useWatch('kind', form) ?? 'target';
  const krs = props.goal.keyResults;

  async function submit(v: Values) {
    setSaving(true);
    setError(null);
    const change =
      v.kind === 'target'
        ? {
            kind: 'target',
            keyResults: krs
              .filter(
                (kr) =>
                  kr.kind === 'metric' && v.targets[kr.id] !== kr.targetValue && v.targets[kr.id] != null,
              )
              .map((kr) => ({ id: kr.id, targetValue: v.targets[kr.id] })),
          }
        : v.kind === 'weight'
          ? {
              kind: 'weight',
              keyResults: krs.map((kr) => ({
                id: kr.id,
                weightBp: Math.round((v.weights[kr.id] ?? 0) * 100),
              })),
            }
          : v.kind === 'due_date'
            ? { kind: 'due_date', dueDate: v.dueDate?.format('YYYY-MM-DD') }
            : v.kind === 'text'
              ? {
                  kind: 'text',
                  title: v.title,
                  keyResults: krs
                    .filter((kr) => v.titles[kr.id] !== kr.title)
                    .map((kr) => ({ id: kr.id, title: v.titles[kr.id] })),
                }
              : { kind: 'cancel' };
    try {
      await apiRequest('/goal-revisions', {
        method: 'POST',
        body: { goalId: props.goal.id, change, reason: v.reason, basis: v.basis },
      });
      message.success(t('revisions.submitted'));
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
      open={props.open}
      title={t('revisions.request')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, id: 'revision-save' }}
      width={640}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('revisions.help')}</Typography.Paragraph>
      {error !== null && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={describeError(error, t)} />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          kind: 'target',
          targets: Object.fromEntries(krs.map((kr) => [kr.id, kr.targetValue])),
          weights: Object.fromEntries(krs.map((kr) => [kr.id, kr.weightBp / 100])),
          titles: Object.fromEntries(krs.map((kr) => [kr.id, kr.title])),
          title: props.goal.title,
          dueDate: props.goal.dueDate ? dayjs(props.goal.dueDate) : undefined,
        }}
      >
        <Form.Item name="kind" label={t('revisions.kind')}>
          <Select
            data-testid="revision-kind"
            options={['target', 'weight', 'due_date', 'text', 'cancel'].map((k) => ({
              value: k,
              label: t(`revisions.kinds.${k}`),
            }))}
          />
        </Form.Item>
        {kind === 'target' &&
          krs
            .filter((kr) => kr.kind === 'metric')
            .map((kr, i) => (
              <Form.Item
                key={kr.id}
                name={['targets', kr.id]}
                label={`${kr.title}（${t('goals.targetValue')}）`}
              >
                <InputNumber style={{ width: '100%' }} data-testid={`revision-target-${i}`} />
              </Form.Item>
            ))}
        {kind === 'weight' &&
          krs.map((kr) => (
            <Form.Item key={kr.id} name={['weights', kr.id]} label={`${kr.title}（${t('goals.weight')} %）`}>
              <InputNumber min={0} max={100} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          ))}
        {kind === 'due_date' && (
          <Form.Item
            name="dueDate"
            label={t('goals.dueDate')}
            rules={[{ required: true, message: t('fieldErrors:required') }]}
          >
            <DatePicker />
          </Form.Item>
        )}
        {kind === 'text' && (
          <>
            <Form.Item name="title" label={t('goals.objective')}>
              <Input />
            </Form.Item>
            {krs.map((kr, i) => (
              <Form.Item key={kr.id} name={['titles', kr.id]} label={`KR${i + 1}`}>
                <Input />
              </Form.Item>
            ))}
          </>
        )}
        <Form.Item
          name="reason"
          label={t('revisions.reason')}
          rules={[{ required: true, whitespace: true, message: t('fieldErrors:required') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2 }}
            maxLength={1000}
            placeholder={t('revisions.reasonPlaceholder')}
            data-testid="revision-reason"
          />
        </Form.Item>
        <Form.Item
          name="basis"
          label={t('revisions.basis')}
          rules={[{ required: true, whitespace: true, message: t('fieldErrors:required') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2 }}
            maxLength={1000}
            placeholder={t('revisions.basisPlaceholder')}
            data-testid="revision-basis"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
