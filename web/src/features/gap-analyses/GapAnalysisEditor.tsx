import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { computeGap, formatPercent, type GapAnalysis, SaveGapAnalysisBodySchema } from '@perfloop/core';
import { Button, Card, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';
import { useCycles } from '../cycles/cycles.api';
import { EmployeeSelect } from '../employees/EmployeeSelect';
import { useInvalidateFollowThrough } from '../follow-ups/follow-ups.api';

type ItemValues = {
  dimension: string;
  target: number;
  actual: number;
  unit?: string;
  rootCauses?: string;
  actions?: string;
};
type Values = { employeeId: string; cycleId?: string | null; title: string; items: ItemValues[] };

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The computed gap of one row, as the table shows it: absolute and as a share of the target. */
export function GapText(props: { target: number; actual: number; unit: string }) {
  const { gap, gapRatio } = computeGap(props.target, props.actual);
  return (
    <Typography.Text type={gap < 0 ? 'danger' : 'success'}>
      {gap > 0 ? '+' : ''}
      {Number(gap.toFixed(4))}
      {props.unit}
      {gapRatio !== null && ` (${gapRatio > 0 ? '+' : ''}${formatPercent(gapRatio)})`}
    </Typography.Text>
  );
}

/** Creates or replaces a 绩效改进分析表: dimensions, target vs actual, root causes, improvement actions. */
export function GapAnalysisEditor(props: { analysis?: GapAnalysis; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const cycles = useCycles();
  const invalidate = useInvalidateFollowThrough();
  const editing = props.analysis;
  const submission = useFormMutation({
    form,
    mutate: save,
    onSuccess: async () => {
      await invalidate();
      props.onClose();
    },
  });
  const items = Form.useWatch('items', form) ?? [];

  function save(values: Values) {
    const body = {
      employeeId: values.employeeId,
      cycleId: values.cycleId ?? null,
      title: values.title,
      items: values.items.map((i) => ({
        dimension: i.dimension,
        target: i.target,
        actual: i.actual,
        unit: i.unit ?? '',
        rootCauses: lines(i.rootCauses),
        actions: lines(i.actions),
      })),
    };
    return editing
      ? api('PUT /gap-analyses/{id}', { params: { id: editing.id }, body, ifMatch: `"${editing.version}"` })
      : api('POST /gap-analyses', { body });
  }

  return (
    <Drawer
      open
      size="large"
      title={editing ? t('gaps.edit') : t('gaps.new')}
      onClose={props.onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={submission.submitting} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      }
    >
      <FormErrorAlert error={submission.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submission.submit}
        initialValues={
          editing
            ? {
                employeeId: editing.employeeId,
                cycleId: editing.cycleId,
                title: editing.title,
                items: editing.items.map((i) => ({
                  ...i,
                  rootCauses: i.rootCauses.join('\n'),
                  actions: i.actions.map((a) => a.text).join('\n'),
                })),
              }
            : { items: [{ dimension: '', unit: '%' }] }
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="employeeId"
              label={t('gaps.employee')}
              rules={[zodRule(SaveGapAnalysisBodySchema.shape.employeeId, t)]}
            >
              <EmployeeSelect initialLabel={editing?.employeeName} disabled={!!editing} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="cycleId" label={t('goals.cycle')}>
              <Select allowClear options={(cycles.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="title"
          label={t('gaps.titleLabel')}
          rules={[zodRule(SaveGapAnalysisBodySchema.shape.title, t, { max: 200 })]}
        >
          <Input maxLength={200} placeholder={t('gaps.titlePlaceholder')} />
        </Form.Item>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field, index) => {
                const item = items[index];
                return (
                  <Card
                    key={field.key}
                    size="small"
                    title={t('gaps.item', { n: index + 1 })}
                    extra={
                      fields.length > 1 && (
                        <Button
                          type="text"
                          icon={<MinusCircleOutlined />}
                          onClick={() => remove(field.name)}
                          aria-label={t('gaps.removeItem')}
                        />
                      )
                    }
                  >
                    <Row gutter={12}>
                      <Col xs={24} md={9}>
                        <Form.Item
                          name={[field.name, 'dimension']}
                          label={t('gaps.dimension')}
                          rules={[{ required: true, whitespace: true, message: t('fieldErrors:required') }]}
                        >
                          <Input maxLength={200} placeholder={t('gaps.dimensionPlaceholder')} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={4}>
                        <Form.Item
                          name={[field.name, 'target']}
                          label={t('gaps.target')}
                          rules={[{ required: true, message: t('fieldErrors:required') }]}
                        >
                          <InputNumber style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={4}>
                        <Form.Item
                          name={[field.name, 'actual']}
                          label={t('gaps.actual')}
                          rules={[{ required: true, message: t('fieldErrors:required') }]}
                        >
                          <InputNumber style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={3}>
                        <Form.Item name={[field.name, 'unit']} label={t('gaps.unit')}>
                          <Input maxLength={20} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={4}>
                        <Form.Item label={t('gaps.gap')}>
                          {typeof item?.target === 'number' && typeof item?.actual === 'number' ? (
                            <GapText target={item.target} actual={item.actual} unit={item.unit ?? ''} />
                          ) : (
                            '—'
                          )}
                        </Form.Item>
                      </Col>
                    </Row>
                    <Row gutter={12}>
                      <Col xs={24} md={12}>
                        <Form.Item
                          name={[field.name, 'rootCauses']}
                          label={t('gaps.rootCauses')}
                          extra={t('gaps.oneLineEach')}
                        >
                          <Input.TextArea rows={3} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={12}>
                        <Form.Item
                          name={[field.name, 'actions']}
                          label={t('gaps.actions')}
                          extra={t('gaps.oneLineEach')}
                        >
                          <Input.TextArea rows={3} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                );
              })}
              <Button icon={<PlusOutlined />} onClick={() => add({ unit: '%' })}>
                {t('gaps.addItem')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
