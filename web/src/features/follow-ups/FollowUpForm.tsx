import { CreateFollowUpBodySchema, type FollowUp } from '@perfloop/core';
import { Alert, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { describeError, fieldErrorsOf } from '../../shared/errors';
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
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const invalidate = useInvalidateFollowThrough();
  const editing = props.followUp;
  const shape = CreateFollowUpBodySchema.shape;

  async function submit(values: Values) {
    setSaving(true);
    setError(null);
    const body = {
      date: iso(values.date),
      topic: values.topic,
      summary: values.summary ?? '',
      action: values.action ?? '',
      responsibleId: values.responsibleId,
      dueDate: iso(values.dueDate),
    };
    try {
      if (editing)
        await api(`/follow-ups/${editing.id}`, { method: 'PATCH', body, ifMatch: `"${editing.version}"` });
      else await api('/follow-ups', { method: 'POST', body: { ...body, employeeId: values.employeeId } });
      await invalidate();
      props.onClose();
    } catch (e) {
      setError(e);
      form.setFields(fieldErrorsOf<Values>(e, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={editing ? t('followUps.edit') : t('followUps.new')}
      okText={t('common.save')}
      okButtonProps={{ loading: saving, id: 'follow-up-save' }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={640}
    >
      {error !== null && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(error, t)} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
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
