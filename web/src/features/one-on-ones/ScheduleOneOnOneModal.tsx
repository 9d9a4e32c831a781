import { CreateOneOnOneBodySchema, type OneOnOne, RECURRENCES } from '@perfloop/core';
import { DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';
import { EmployeeSelect } from '../employees/EmployeeSelect';
import { useInvalidateFollowThrough } from '../follow-ups/follow-ups.api';

type Values = {
  employeeId: string;
  startsAt: Dayjs;
  durationMinutes: number;
  location?: string;
  agenda?: string;
  recurrence: (typeof RECURRENCES)[number];
  occurrences: number;
};

/** Schedules a 1:1 (or a recurring series) with a report; resolves with the first meeting. */
export function ScheduleOneOnOneModal(props: {
  employee?: { id: string; name: string };
  onClose: () => void;
  onScheduled: (meeting: OneOnOne) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const invalidate = useInvalidateFollowThrough();
  const recurrence = Form.useWatch('recurrence', form);

  const schedule = useFormMutation({
    form,
    mutate: (values: Values) =>
      api('POST /one-on-ones', {
        body: {
          employeeId: values.employeeId,
          startsAt: values.startsAt.second(0).millisecond(0).format(),
          durationMinutes: values.durationMinutes,
          location: values.location ?? '',
          agenda: (values.agenda ?? '')
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean),
          recurrence: values.recurrence,
          occurrences: values.recurrence === 'none' ? 1 : values.occurrences,
        },
      }),
    onSuccess: async (created) => {
      await invalidate();
      props.onScheduled(created);
    },
  });

  return (
    <Modal
      open
      title={t('oneOnOnes.schedule')}
      okText={t('oneOnOnes.scheduleOk')}
      okButtonProps={{ loading: schedule.submitting, id: 'one-on-one-save' }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <FormErrorAlert error={schedule.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={schedule.submit}
        initialValues={{
          employeeId: props.employee?.id,
          startsAt: dayjs().add(1, 'day').hour(10).minute(0),
          durationMinutes: 30,
          recurrence: 'none',
          occurrences: 6,
        }}
      >
        <Form.Item
          name="employeeId"
          label={t('oneOnOnes.with')}
          rules={[zodRule(CreateOneOnOneBodySchema.shape.employeeId, t)]}
        >
          <EmployeeSelect initialLabel={props.employee?.name} />
        </Form.Item>
        <Form.Item
          name="startsAt"
          label={t('oneOnOnes.startsAt')}
          rules={[{ required: true, message: t('fieldErrors:required') }]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm', minuteStep: 5 }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="durationMinutes" label={t('oneOnOnes.duration')}>
          <InputNumber min={5} max={480} step={5} suffix={t('oneOnOnes.minutes')} />
        </Form.Item>
        <Form.Item name="location" label={t('oneOnOnes.location')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="agenda" label={t('oneOnOnes.agenda')} extra={t('oneOnOnes.agendaHelp')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="recurrence" label={t('oneOnOnes.recurrence')}>
          <Select options={RECURRENCES.map((r) => ({ value: r, label: t(`oneOnOnes.recurrences.${r}`) }))} />
        </Form.Item>
        {recurrence !== undefined && recurrence !== 'none' && (
          <Form.Item name="occurrences" label={t('oneOnOnes.occurrences')}>
            <InputNumber min={2} max={52} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
