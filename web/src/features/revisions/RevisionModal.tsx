import type { Goal, RevisionChangeKind } from '@perfloop/core';
import { DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
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
  const [form] = Form.useForm<Values>();
  const invalidate = useInvalidateGoals();
  const submission = useFormMutation({
    form,
    mutate: save,
    successMessage: t('revisions.submitted'),
    onSuccess: async () => {
      await invalidate();
      props.onClose();
    },
  });
  const kind = Form.useWatch('kind', form) ?? 'target';
  const krs = props.goal.keyResults;

  function save(v: Values) {
    const change =
      v.kind === 'target'
        ? {
            kind: 'target' as const,
            keyResults: krs.flatMap((kr) => {
              const targetValue = v.targets[kr.id];
              return kr.kind === 'metric' && targetValue !== kr.targetValue && targetValue != null
                ? [{ id: kr.id, targetValue }]
                : [];
            }),
          }
        : v.kind === 'weight'
          ? {
              kind: 'weight' as const,
              keyResults: krs.map((kr) => ({
                id: kr.id,
                weightBp: Math.round((v.weights[kr.id] ?? 0) * 100),
              })),
            }
          : v.kind === 'due_date'
            ? // The form requires the date for this kind.
              { kind: 'due_date' as const, dueDate: v.dueDate!.format('YYYY-MM-DD') }
            : v.kind === 'text'
              ? {
                  kind: 'text' as const,
                  title: v.title,
                  keyResults: krs
                    .filter((kr) => v.titles[kr.id] !== kr.title)
                    .map((kr) => ({ id: kr.id, title: v.titles[kr.id] ?? '' })),
                }
              : { kind: 'cancel' as const };
    return api('POST /goal-revisions', {
      body: { goalId: props.goal.id, change, reason: v.reason, basis: v.basis },
    });
  }

  return (
    <Modal
      open={props.open}
      title={t('revisions.request')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: submission.submitting, id: 'revision-save' }}
      width={640}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('revisions.help')}</Typography.Paragraph>
      <FormErrorAlert error={submission.error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submission.submit}
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
