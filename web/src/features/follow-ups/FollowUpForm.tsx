import { CreateFollowUpBodySchema, type FollowUp } from '@perfloop/core';
import { DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';
import { EmployeeSelect } from '../employees/EmployeeSelect';
import { useInvalidateFollowThrough } from './follow-ups.api';

type Values = {
  date: Dayjs;
  employeeId: string;
  topic: string;
  summary?: string;
  action?: string;
  responsibleId: string;
  dueDate?: Dayjs | null;
};

const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** Records a follow-up (the seed's seven columns), or edits one with If-Match. */
export function FollowUpForm(props: { followUp?: FollowUp; meId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const invalidate = useInvalidateFollowThrough();
  const editing = props.followUp;
  const submission = useFormMutation({
    form,
    mutate: save,
    onSuccess: async () => {
      await invalidate();
      props.onClose();
    },
  });
  const shape = CreateFollowUpBodySchema.shape;

  function save(values: Values) {
    const body = {
      date: values.date.format('YYYY-MM-DD'),
      topic: values.topic,
      summary: values.summary ?? '',
      action: values.action ?? '',
      responsibleId: values.responsibleId,
      dueDate: iso(values.dueDate),
    };
    return editing
      ? api('PATCH /follow-ups/{id}', { params: { id: editing.id }, body, ifMatch: `"${editing.version}"` })
      : api('POST /follow-ups', { body: { ...body, employeeId: values.employeeId } });
  }

  return (
    <Modal
      open
      title={editing ? t('followUps.edit') : t('followUps.new')}
      okText={t('common.save')}
      okButtonProps={{ loading: submission.submitting, id: 'follow-up-save' }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={640}
    >
      <FormErrorAlert error={submission.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submission.submit}
        initialValues={
          editing
            ? {
                ...editing,
                date: dayjs(editing.date),
                dueDate: editing.dueDate ? dayjs(editing.dueDate) : null,
              }
            : { date: dayjs(), responsibleId: props.meId }
        }
      >
        <Form.Item
          name="date"
          label={t('followUps.date')}
          rules={[{ required: true, message: t('fieldErrors:required') }]}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item name="employeeId" label={t('followUps.employee')} rules={[zodRule(shape.employeeId, t)]}>
          <EmployeeSelect initialLabel={editing?.employeeName} disabled={!!editing} />
        </Form.Item>
        <Form.Item name="topic" label={t('followUps.topic')} rules={[zodRule(shape.topic, t, { max: 200 })]}>
          <Input maxLength={200} data-testid="follow-up-topic" />
        </Form.Item>
        <Form.Item name="summary" label={t('followUps.summary')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="action" label={t('followUps.action')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="responsibleId"
          label={t('followUps.responsible')}
          rules={[zodRule(shape.responsibleId, t)]}
        >
          <EmployeeSelect initialLabel={editing?.responsibleName ?? t('followUps.me')} />
        </Form.Item>
        <Form.Item name="dueDate" label={t('followUps.dueDate')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
