import { PlusOutlined } from '@ant-design/icons';
import {
  CYCLE_KINDS,
  CYCLE_PHASES,
  type Cycle,
  type CycleKind,
  dateInTimeZone,
  defaultCycleName,
  defaultCycleRange,
  roundPercent,
} from '@perfloop/core';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { useInvalidateGoals } from '../goals/goals.api';
import { useCycles } from './cycles.api';

type Values = {
  name: string;
  kind: CycleKind;
  range: [Dayjs, Dayjs];
  phases: Partial<Record<(typeof CYCLE_PHASES)[number], [Dayjs, Dayjs] | null>>;
  /** Empty fields use the company's setting; the pace threshold is shown as a percentage. */
  warning: { pacePercent?: number | null; consecutiveSnapshots?: number | null; staleDays?: number | null };
};

function warningOverride(w: Values['warning'] | undefined) {
  const out: Record<string, number> = {};
  if (typeof w?.pacePercent === 'number') out.paceThreshold = w.pacePercent / 100;
  if (typeof w?.consecutiveSnapshots === 'number') out.consecutiveSnapshots = w.consecutiveSnapshots;
  if (typeof w?.staleDays === 'number') out.staleDays = w.staleDays;
  return Object.keys(out).length > 0 ? out : null;
}

function CycleForm(props: { cycle?: Cycle; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe().data!;
  const [form] = Form.useForm<Values>();
  const invalidate = useInvalidateGoals();
  const locale = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const today = dateInTimeZone(new Date(), me.tenant.timeZone);
  const initialRange = defaultCycleRange('quarter', today);
  const c = props.cycle;

  function save(v: Values) {
    const phases = Object.fromEntries(
      Object.entries(v.phases ?? {})
        .filter(([, r]) => r)
        .map(([k, r]) => [k, { start: r![0].format('YYYY-MM-DD'), end: r![1].format('YYYY-MM-DD') }]),
    );
    const body = {
      name: v.name,
      kind: v.kind,
      startDate: v.range[0].format('YYYY-MM-DD'),
      endDate: v.range[1].format('YYYY-MM-DD'),
      phases,
      warningSettings: warningOverride(v.warning),
    };
    return c
      ? api('PATCH /cycles/{id}', { params: { id: c.id }, body, ifMatch: `"${c.version}"` })
      : api('POST /cycles', { body });
  }
  const submission = useFormMutation({
    form,
    mutate: save,
    successMessage: t('common.saved'),
    onSuccess: async () => {
      await invalidate();
      props.onClose();
    },
  });

  return (
    <Modal
      open
      width={640}
      title={c ? t('cycles.edit') : t('cycles.new')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: submission.submitting }}
      destroyOnHidden
    >
      <FormErrorAlert error={submission.error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submission.submit}
        initialValues={
          c
            ? {
                name: c.name,
                kind: c.kind,
                range: [dayjs(c.startDate), dayjs(c.endDate)],
                phases: Object.fromEntries(
                  Object.entries(c.phases).map(([k, p]) => [k, p ? [dayjs(p.start), dayjs(p.end)] : null]),
                ),
                warning: {
                  pacePercent:
                    c.warningSettings?.paceThreshold === undefined
                      ? null
                      : roundPercent(c.warningSettings.paceThreshold),
                  consecutiveSnapshots: c.warningSettings?.consecutiveSnapshots ?? null,
                  staleDays: c.warningSettings?.staleDays ?? null,
                },
              }
            : {
                kind: 'quarter',
                name: defaultCycleName('quarter', initialRange.startDate, locale),
                range: [dayjs(initialRange.startDate), dayjs(initialRange.endDate)],
              }
        }
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.kind && !c) {
            const range = defaultCycleRange(changed.kind, today);
            form.setFieldsValue({
              range: [dayjs(range.startDate), dayjs(range.endDate)],
              name: defaultCycleName(changed.kind, range.startDate, locale),
            });
          }
        }}
      >
        <Space.Compact block>
          <Form.Item name="kind" label={t('cycles.kind')} style={{ width: 160 }}>
            <Select options={CYCLE_KINDS.map((k) => ({ value: k, label: t(`cycles.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('cycles.name')}
            style={{ flex: 1 }}
            rules={[{ required: true, whitespace: true, message: t('fieldErrors:required') }]}
          >
            <Input maxLength={64} />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="range"
          label={t('cycles.range')}
          rules={[{ required: true, message: t('fieldErrors:required') }]}
        >
          <DatePicker.RangePicker />
        </Form.Item>
        {CYCLE_PHASES.map((phase) => (
          <Form.Item key={phase} name={['phases', phase]} label={t(`cycles.phases.${phase}`)}>
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
        ))}
        <Typography.Text strong>{t('cycles.warningOverride')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('cycles.warningOverrideHelp')}</Typography.Paragraph>
        <Space wrap>
          <Form.Item name={['warning', 'pacePercent']} label={t('settings.paceThreshold')}>
            <InputNumber min={1} max={100} suffix="%" placeholder={t('cycles.companyDefault')} />
          </Form.Item>
          <Form.Item name={['warning', 'consecutiveSnapshots']} label={t('settings.consecutiveSnapshots')}>
            <InputNumber min={1} max={13} precision={0} placeholder={t('cycles.companyDefault')} />
          </Form.Item>
          <Form.Item name={['warning', 'staleDays']} label={t('settings.staleDays')}>
            <InputNumber min={1} max={365} precision={0} placeholder={t('cycles.companyDefault')} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** HR: cycles with their phases; open, close (read-only) and reopen. */
export function CyclesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cycles = useCycles();
  const invalidate = useInvalidateGoals();
  const [editing, setEditing] = useState<{ cycle?: Cycle } | null>(null);

  async function transition(cycle: Cycle, action: 'open' | 'close' | 'reopen') {
    try {
      await api('POST /cycles/{id}/{action}', { params: { id: cycle.id, action } });
      message.success(t(`cycles.done.${action}`));
      await invalidate();
    } catch (e) {
      message.error(describeError(e, t));
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cycles.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
          {t('cycles.new')}
        </Button>
      </Space>
      {cycles.isError && <Alert type="error" showIcon title={describeError(cycles.error, t)} />}
      <Table<Cycle>
        rowKey="id"
        loading={cycles.isPending}
        dataSource={cycles.data ?? []}
        pagination={false}
        columns={[
          { title: t('cycles.name'), dataIndex: 'name' },
          { title: t('cycles.kind'), dataIndex: 'kind', render: (k: string) => t(`cycles.kinds.${k}`) },
          { title: t('cycles.range'), key: 'range', render: (_, c) => `${c.startDate} ~ ${c.endDate}` },
          {
            title: t('cycles.statusLabel'),
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'open' ? 'green' : s === 'closed' ? 'default' : 'blue'}>
                {t(`cycles.status.${s}`)}
              </Tag>
            ),
          },
          { title: t('cycles.goalCount'), dataIndex: 'goalCount' },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, c) => (
              <Space>
                {c.status !== 'closed' && (
                  <Button size="small" onClick={() => setEditing({ cycle: c })}>
                    {t('common.edit')}
                  </Button>
                )}
                {c.status === 'draft' && (
                  <Button size="small" type="primary" onClick={() => void transition(c, 'open')}>
                    {t('cycles.open')}
                  </Button>
                )}
                {c.status === 'open' && (
                  <Popconfirm title={t('cycles.closeConfirm')} onConfirm={() => void transition(c, 'close')}>
                    <Button size="small">{t('cycles.close')}</Button>
                  </Popconfirm>
                )}
                {c.status === 'closed' && (
                  <Button size="small" onClick={() => void transition(c, 'reopen')}>
                    {t('cycles.reopen')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <CycleForm {...(editing.cycle && { cycle: editing.cycle })} onClose={() => setEditing(null)} />
      )}
    </Space>
  );
}
