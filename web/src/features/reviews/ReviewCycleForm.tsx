import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { type Cycle, REVIEW_KINDS, type ReviewCycle, type ReviewKind } from '@perfloop/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  TreeSelect,
  Typography,
} from 'antd';
import { type CSSProperties, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiRequest } from '../../api/client';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { CycleSelect } from '../cycles/CycleSelect';
import { useCycles } from '../cycles/cycles.api';
import { buildDepartmentTree, useDepartments } from '../departments/departments.api';
import { toTreeData } from '../employees/EmployeeForm';
import { useInvalidateReviewCycles, useTemplateChoices } from './review-cycles.api';
import {
  emptyPopulation,
  type ReviewCycleFormValues,
  toCreateReviewCycleBody,
  toReviewCycleFormValues,
  toUpdateReviewCycleBody,
} from './review-cycles.form';

/** The performance cycle as a form control (CycleSelect takes its value and change from Form.Item). */
function CycleField(props: { cycles: Cycle[]; value?: string; onChange?: (id: string) => void }) {
  return <CycleSelect cycles={props.cycles} value={props.value} onChange={(id) => props.onChange?.(id)} />;
}

/**
 * Several people by searching names and numbers on the server. Names of people already chosen
 * (a saved draft holds only their ids) are read one by one, from the same cache as their profiles.
 */
function PeopleSelect(props: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  id?: string;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const value = props.value ?? [];
  const results = useQuery({
    queryKey: ['employee-search', search],
    queryFn: () => api('GET /employees', { query: { q: search, limit: 20 } }).then((r) => r.items),
  });
  const unnamed = value.filter((id) => !labels[id]).slice(0, 100);
  const chosen = useQueries({
    queries: unnamed.map((id) => ({
      queryKey: ['employee', id],
      queryFn: () => apiRequest('GET /employees/{id}', { params: { id } }),
      staleTime: 60_000,
    })),
  });
  const known: Record<string, string> = { ...labels };
  for (const q of chosen)
    if (q.data) known[q.data.data.id] = `${q.data.data.name} (${q.data.data.employeeNo})`;
  const options = (results.data ?? []).map((e) => ({ value: e.id, label: `${e.name} (${e.employeeNo})` }));
  for (const id of value)
    if (!options.some((o) => o.value === id)) options.unshift({ value: id, label: known[id] ?? id });

  return (
    <Select
      id={props.id}
      mode="multiple"
      style={props.style}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(ids: string[]) => {
        const next = { ...labels };
        for (const o of options) if (ids.includes(o.value)) next[o.value] = String(o.label);
        setLabels(next);
        props.onChange?.(ids);
      }}
      options={options}
      loading={results.isFetching}
      placeholder={t('common.searchPeople')}
      notFoundContent={results.isFetching ? t('common.loading') : t('common.noData')}
    />
  );
}

/** HR: create a review round, or edit it while it is a draft (If-Match on its version). */
export function ReviewCycleForm(props: {
  reviewCycle?: ReviewCycle;
  defaultCycleId?: string;
  onClose: () => void;
  onSaved?: (saved: ReviewCycle) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReviewCycleFormValues>();
  const invalidate = useInvalidateReviewCycles();
  const cycles = useCycles();
  const departments = useDepartments();
  const templates = useTemplateChoices(true);
  const saved = props.reviewCycle;
  const kind: ReviewKind = Form.useWatch('kind', form) ?? saved?.kind ?? 'final';
  const departmentTree = useMemo(
    () => toTreeData(buildDepartmentTree(departments.data ?? [])),
    [departments.data],
  );

  const templateOptions = (templates.data ?? []).map((x) => ({ value: x.id, label: x.name }));
  // A saved draft may name a template archived since: keep its name on screen.
  for (const p of saved?.populations ?? [])
    if (p.templateId && !templateOptions.some((o) => o.value === p.templateId))
      templateOptions.push({ value: p.templateId, label: p.templateName ?? p.templateId });

  const submission = useFormMutation({
    form,
    mutate: (v: ReviewCycleFormValues) =>
      saved
        ? api('PATCH /review-cycles/{id}', {
            params: { id: saved.id },
            body: toUpdateReviewCycleBody(v, saved.kind),
            ifMatch: `"${saved.version}"`,
          })
        : api('POST /review-cycles', { body: toCreateReviewCycleBody(v) }),
    successMessage: t('common.saved'),
    onSuccess: async (result) => {
      await invalidate();
      props.onSaved?.(result);
      props.onClose();
    },
  });

  /** Names a new round after its cycle and kind until HR types a name of their own. */
  function suggestName(changed: ReviewCycleFormValues, all: ReviewCycleFormValues) {
    if (saved || form.isFieldTouched('name') || !(changed.cycleId || changed.kind)) return;
    const cycle = cycles.data?.find((c) => c.id === all.cycleId);
    if (cycle) form.setFieldValue('name', `${cycle.name} ${t(`reviewCycles.kinds.${all.kind ?? 'final'}`)}`);
  }

  const defaultCycle = cycles.data?.find((c) => c.id === props.defaultCycleId);
  return (
    <Modal
      open
      width={760}
      title={saved ? t('reviewCycles.edit') : t('reviewCycles.new')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submission.submitting }}
      destroyOnHidden
    >
      <FormErrorAlert error={submission.error} style={{ marginBottom: 12 }} />
      <Form<ReviewCycleFormValues>
        form={form}
        layout="vertical"
        onFinish={submission.submit}
        onValuesChange={suggestName}
        initialValues={
          saved
            ? toReviewCycleFormValues(saved)
            : {
                cycleId: props.defaultCycleId,
                kind: 'final',
                name: defaultCycle ? `${defaultCycle.name} ${t('reviewCycles.kinds.final')}` : '',
                populations: [emptyPopulation()],
              }
        }
      >
        {saved ? (
          <Form.Item label={t('reviewCycles.cycle')}>
            <Typography.Text>
              {saved.cycleName} · {t(`reviewCycles.kinds.${saved.kind}`)}
            </Typography.Text>
          </Form.Item>
        ) : (
          <Space wrap align="start" style={{ width: '100%' }}>
            <Form.Item
              name="cycleId"
              label={t('reviewCycles.cycle')}
              rules={[{ required: true, message: t('fieldErrors:required') }]}
            >
              <CycleField cycles={cycles.data ?? []} />
            </Form.Item>
            <Form.Item name="kind" label={t('reviewCycles.kind')}>
              <Radio.Group
                optionType="button"
                options={REVIEW_KINDS.map((k) => ({ value: k, label: t(`reviewCycles.kinds.${k}`) }))}
              />
            </Form.Item>
          </Space>
        )}
        <Form.Item
          name="name"
          label={t('reviewCycles.name')}
          rules={[{ required: true, whitespace: true, message: t('fieldErrors:required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Typography.Text strong>{t('reviewCycles.populations')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('reviewCycles.populationsHelp')}</Typography.Paragraph>
        <Form.List name="populations">
          {(fields, { add, remove }, { errors }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t('reviewCycles.population', { n: index + 1 })}
                  data-testid="review-population"
                  extra={
                    fields.length > 1 && (
                      <Button
                        type="text"
                        danger
                        size="small"
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                      >
                        {t('reviewCycles.removePopulation')}
                      </Button>
                    )
                  }
                >
                  {kind === 'final' && (
                    <Form.Item
                      name={[field.name, 'templateId']}
                      label={t('reviewCycles.template')}
                      rules={[{ required: true, message: t('fieldErrors:required') }]}
                    >
                      <Select
                        options={templateOptions}
                        loading={templates.isPending}
                        placeholder={t('reviewCycles.chooseTemplate')}
                        notFoundContent={t('reviewCycles.noTemplates')}
                      />
                    </Form.Item>
                  )}
                  <Form.Item name={[field.name, 'departmentIds']} label={t('reviewCycles.departments')}>
                    <TreeSelect
                      multiple
                      treeData={departmentTree}
                      treeDefaultExpandAll
                      showSearch={{ treeNodeFilterProp: 'title' }}
                      loading={departments.isPending}
                      placeholder={t('reviewCycles.chooseDepartments')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'includeSubDepartments']} valuePropName="checked">
                    <Checkbox>{t('reviewCycles.includeSubDepartments')}</Checkbox>
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'jobLevels']}
                    label={t('reviewCycles.jobLevels')}
                    extra={t('reviewCycles.jobLevelsHelp')}
                  >
                    <Select mode="tags" open={false} tokenSeparators={[',', '，', ' ']} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'employeeIds']}
                    label={t('reviewCycles.employees')}
                    style={{ marginBottom: 0 }}
                  >
                    <PeopleSelect />
                  </Form.Item>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              {fields.length < 20 && (
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add(emptyPopulation())}>
                  {t('reviewCycles.addPopulation')}
                </Button>
              )}
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
