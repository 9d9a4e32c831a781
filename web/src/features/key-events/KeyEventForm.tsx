import { CreateKeyEventBodySchema, KEY_EVENT_KINDS, type KeyEvent } from '@perfloop/core';
import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';
import { useGoals } from '../goals/goals.api';
import { useInvalidateKeyEvents } from './key-events.api';

type Values = {
  occurredOn: Dayjs;
  kind: KeyEvent['kind'];
  polarity: KeyEvent['polarity'];
  description: string;
  goalId?: string | null;
};

const POLARITIES = ['positive', 'negative'] as const;

/** Records a key event about one person, or changes one (with If-Match). */
export function KeyEventForm(props: { employeeId: string; keyEvent?: KeyEvent; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const invalidate = useInvalidateKeyEvents();
  const goals = useGoals({ ownerId: props.employeeId });
  const editing = props.keyEvent;
  const submission = useFormMutation({
    form,
    mutate: save,
    successMessage: t('keyEvents.saved'),
    onSuccess: async () => {
      await invalidate();
      props.onClose();
    },
  });
  const shape = CreateKeyEventBodySchema.shape;

  function save(values: Values) {
    const body = {
      occurredOn: values.occurredOn.format('YYYY-MM-DD'),
      kind: values.kind,
      polarity: values.polarity,
      description: values.description,
      goalId: values.goalId ?? null,
    };
    return editing
      ? api('PATCH /key-events/{id}', { params: { id: editing.id }, body, ifMatch: `"${editing.version}"` })
      : api('POST /key-events', { body: { ...body, employeeId: props.employeeId } });
  }

  const goalOptions = (goals.data ?? []).map((g) => ({ value: g.id, label: g.title }));
  // A linked goal the list no longer holds keeps its title.
  if (editing?.goalId && editing.goalTitle && !goalOptions.some((o) => o.value === editing.goalId))
    goalOptions.unshift({ value: editing.goalId, label: editing.goalTitle });

  return (
    <Modal
      open
      title={editing ? t('keyEvents.edit') : t('keyEvents.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submission.submitting, id: 'key-event-save' }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={600}
    >
      <FormErrorAlert error={submission.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submission.submit}
        initialValues={
          editing
            ? { ...editing, occurredOn: dayjs(editing.occurredOn) }
            : { occurredOn: dayjs(), kind: 'event', goalId: null }
        }
      >
        <Form.Item
          name="occurredOn"
          label={t('keyEvents.occurredOn')}
          rules={[{ required: true, message: t('fieldErrors:required') }]}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item name="kind" label={t('keyEvents.kind')} rules={[zodRule(shape.kind, t)]}>
          <Radio.Group
            aria-label={t('keyEvents.kind')}
            optionType="button"
            options={KEY_EVENT_KINDS.map((k) => ({ value: k, label: t(`keyEvents.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="polarity"
          label={t('keyEvents.polarity')}
          required
          rules={[zodRule(shape.polarity, t)]}
        >
          <Radio.Group
            aria-label={t('keyEvents.polarity')}
            optionType="button"
            buttonStyle="solid"
            options={POLARITIES.map((p) => ({ value: p, label: t(`keyEvents.polarities.${p}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('keyEvents.description')}
          required
          rules={[zodRule(shape.description, t, { max: 2000 })]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            showCount
            placeholder={t('keyEvents.descriptionPlaceholder')}
            data-testid="key-event-description"
          />
        </Form.Item>
        <Form.Item name="goalId" label={t('keyEvents.goal')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={goals.isPending}
            placeholder={t('keyEvents.goalPlaceholder')}
            options={goalOptions}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
