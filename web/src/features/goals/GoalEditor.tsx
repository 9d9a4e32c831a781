import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  type Cycle,
  checkSmart,
  formatWeight,
  type Goal,
  type GoalKind,
  type GoalLevel,
  KR_DIRECTIONS,
  type KrDirection,
  type KrKind,
} from '@perfloop/core';
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { hasRole, isAdmin, useMe } from '../../auth/use-me';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { buildDepartmentTree, useDepartments } from '../departments/departments.api';
import { toTreeData } from '../employees/EmployeeForm';
import { EmployeeSelect } from '../employees/EmployeeSelect';
import { useGoals, useInvalidateGoals } from './goals.api';

type KrValues = {
  id?: string;
  title: string;
  kind: KrKind;
  direction: KrDirection;
  startValue?: number | null;
  targetValue?: number | null;
  unit?: string;
  weight: number;
  dueDate?: Dayjs | null;
  rollUp?: boolean;
};
type FormValues = {
  kind: GoalKind;
  level: GoalLevel;
  ownerId?: string | null;
  departmentId?: string;
  title: string;
  description?: string;
  weight: number;
  dueDate?: Dayjs | null;
  parent?: string | null;
  keyResults: KrValues[];
  targetKind?: 'team' | 'department' | 'title';
  targetDepartmentId?: string;
  targetTitle?: string;
};

const toBp = (percent: number | undefined | null) => Math.round((percent ?? 0) * 100);
const toDate = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** Parent references are "g:<goal id>" or "k:<key result id>" in one tree select. */
function parentValue(goal: Goal | undefined): string | null {
  if (!goal) return null;
  if (goal.parentKeyResultId) return `k:${goal.parentKeyResultId}`;
  if (goal.parentGoalId) return `g:${goal.parentGoalId}`;
  return null;
}

/**
 * Create, edit or bulk-assign a goal. Weights are typed as percentages and sent as basis points;
 * the SMART check runs as you type, with the same rules the server applies on submit.
 */
export function GoalEditor(props: {
  open: boolean;
  onClose: () => void;
  cycle: Cycle;
  goal?: Goal;
  etag?: string | null;
  mode?: 'single' | 'bulk';
  defaultOwnerId?: string;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe().data!;
  const [form] = Form.useForm<FormValues>();
  const invalidate = useInvalidateGoals();
  const submission = useFormMutation({
    form,
    rename: { weightBp: 'weight' },
    mutate: save,
    successMessage: (text) => text,
    onSuccess: async () => {
      await invalidate();
      props.onClose();
    },
  });
  const departments = useDepartments();
  const candidates = useGoals({ cycleId: props.cycle.id }, props.open);
  const bulk = props.mode === 'bulk';
  const editing = !!props.goal;
  const goal = props.goal;
  const locale = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';

  const initial: Partial<FormValues> = goal
    ? {
        kind: goal.kind,
        level: goal.level,
        title: goal.title,
        description: goal.description ?? undefined,
        weight: goal.weightBp / 100,
        dueDate: goal.dueDate ? dayjs(goal.dueDate) : null,
        parent: parentValue(goal),
        keyResults: goal.keyResults.map((kr) => ({
          id: kr.id,
          title: kr.title,
          kind: kr.kind,
          direction: kr.direction,
          startValue: kr.startValue,
          targetValue: kr.targetValue,
          unit: kr.unit ?? undefined,
          weight: kr.weightBp / 100,
          dueDate: kr.dueDate ? dayjs(kr.dueDate) : null,
          rollUp: kr.rollUp,
        })),
      }
    : {
        kind: 'okr',
        level: 'personal',
        weight: 100,
        dueDate: dayjs(props.cycle.endDate),
        ownerId: props.defaultOwnerId ?? null,
        targetKind: 'team',
        keyResults: [{ title: '', kind: 'metric', direction: 'increase', startValue: 0, weight: 100 }],
      };

  const values = Form.useWatch([], form) as FormValues | undefined;
  const krs = values?.keyResults ?? initial.keyResults ?? [];
  const krSum = krs.reduce((s, kr) => s + toBp(kr?.weight), 0);
  const warnings = values
    ? checkSmart(
        {
          kind: values.kind ?? 'okr',
          ownerId: values.level === 'personal' || !values.level ? (values.ownerId ?? me.id) : me.id,
          dueDate: toDate(values.dueDate),
          keyResults: krs.filter(Boolean).map((kr) => ({
            title: kr.title ?? '',
            kind: kr.kind ?? 'metric',
            direction: kr.direction ?? 'increase',
            startValue: kr.startValue ?? 0,
            targetValue: kr.targetValue ?? null,
            unit: kr.unit ?? null,
            dueDate: toDate(kr.dueDate),
          })),
        },
        props.cycle,
        locale,
      )
    : [];

  const parentOptions = (candidates.data ?? [])
    .filter((g) => g.id !== goal?.id && g.status !== 'cancelled')
    .map((g) => ({
      value: `g:${g.id}`,
      title: `${g.title}${g.ownerName ? ` · ${g.ownerName}` : g.departmentName ? ` · ${g.departmentName}` : ''}`,
      children: g.keyResults.map((kr) => ({ value: `k:${kr.id}`, title: kr.title, children: [] })),
    }));

  /** Saves the goal (or assigns the copies) and answers what to tell the user. */
  async function save(v: FormValues): Promise<string> {
    const parent = v.parent ?? null;
    const body = {
      kind: v.kind,
      title: v.title,
      description: v.description || null,
      weightBp: toBp(v.weight),
      dueDate: toDate(v.dueDate),
      parentGoalId: parent?.startsWith('g:') ? parent.slice(2) : null,
      parentKeyResultId: parent?.startsWith('k:') ? parent.slice(2) : null,
      keyResults: v.keyResults.map((kr) => ({
        ...(kr.id && { id: kr.id }),
        title: kr.title,
        kind: v.kind === 'kpi' ? 'metric' : kr.kind,
        direction: kr.direction,
        startValue: kr.startValue ?? 0,
        targetValue: kr.kind === 'milestone' ? null : (kr.targetValue ?? null),
        unit: kr.unit || null,
        weightBp: toBp(kr.weight),
        dueDate: toDate(kr.dueDate),
        rollUp: !!kr.rollUp,
      })),
    };
    if (bulk) {
      // The form requires the department or the title its target kind needs.
      const target =
        v.targetKind === 'department'
          ? { kind: 'department' as const, departmentId: v.targetDepartmentId! }
          : v.targetKind === 'title'
            ? { kind: 'title' as const, title: v.targetTitle! }
            : { kind: 'team' as const };
      const result = await api('POST /goals/bulk-assign', {
        body: { ...body, cycleId: props.cycle.id, target },
      });
      return t('goals.assigned', { count: result.created });
    }
    if (goal) {
      await api('PATCH /goals/{id}', {
        params: { id: goal.id },
        body,
        ifMatch: props.etag ?? `"${goal.version}"`,
      });
      return t('common.saved');
    }
    await api('POST /goals', {
      body: {
        ...body,
        cycleId: props.cycle.id,
        level: v.level,
        ...(v.level === 'personal' && v.ownerId && { ownerId: v.ownerId }),
        ...(v.level === 'department' && { departmentId: v.departmentId }),
      },
    });
    return t('goals.created');
  }

  const levelOptions = [
    { value: 'personal', label: t('goals.level.personal') },
    ...(hasRole(me, 'department_head', 'hrbp', 'hr_admin', 'system_admin')
      ? [{ value: 'department', label: t('goals.level.department') }]
      : []),
    ...(isAdmin(me) ? [{ value: 'company', label: t('goals.level.company') }] : []),
  ];
  const deptTree = toTreeData(buildDepartmentTree(departments.data ?? []));

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={bulk ? t('goals.bulkAssign') : editing ? t('goals.edit') : t('goals.new')}
      size="large"
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={submission.submitting}
            onClick={() => form.submit()}
            data-testid="goal-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <FormErrorAlert error={submission.error} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submission.submit} requiredMark>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="kind" label={t('goals.kind')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'okr', label: 'OKR' },
                  { value: 'kpi', label: 'KPI' },
                ]}
                onChange={(e) => {
                  if (e.target.value === 'kpi') {
                    const first = form.getFieldValue(['keyResults', 0]) as KrValues | undefined;
                    form.setFieldValue('keyResults', [{ ...first, kind: 'metric', weight: 100 }]);
                  }
                }}
              />
            </Form.Item>
          </Col>
          {!bulk && !editing && (
            <Col span={8}>
              <Form.Item name="level" label={t('goals.levelLabel')}>
                <Select options={levelOptions} />
              </Form.Item>
            </Col>
          )}
          {!bulk &&
            !editing &&
            values?.level === 'personal' &&
            hasRole(me, 'manager', 'department_head', 'hrbp', 'hr_admin', 'system_admin') && (
              <Col span={8}>
                <Form.Item name="ownerId" label={t('goals.owner')} extra={t('goals.ownerHelp')}>
                  <EmployeeSelect />
                </Form.Item>
              </Col>
            )}
          {!bulk && !editing && values?.level === 'department' && (
            <Col span={8}>
              <Form.Item
                name="departmentId"
                label={t('goals.department')}
                rules={[{ required: true, message: t('fieldErrors:required') }]}
              >
                <TreeSelect
                  treeData={deptTree}
                  treeDefaultExpandAll
                  showSearch={{ treeNodeFilterProp: 'title' }}
                />
              </Form.Item>
            </Col>
          )}
        </Row>
        {bulk && (
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="targetKind" label={t('goals.assignTo')}>
                <Select
                  options={['team', 'department', 'title'].map((k) => ({
                    value: k,
                    label: t(`goals.target.${k}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col span={16}>
              {values?.targetKind === 'department' && (
                <Form.Item
                  name="targetDepartmentId"
                  label={t('goals.department')}
                  rules={[{ required: true, message: t('fieldErrors:required') }]}
                >
                  <TreeSelect treeData={deptTree} treeDefaultExpandAll />
                </Form.Item>
              )}
              {values?.targetKind === 'title' && (
                <Form.Item
                  name="targetTitle"
                  label={t('goals.jobTitle')}
                  rules={[{ required: true, message: t('fieldErrors:required') }]}
                >
                  <Input />
                </Form.Item>
              )}
            </Col>
          </Row>
        )}
        <Form.Item
          name="title"
          label={values?.kind === 'kpi' ? t('goals.kpiTitle') : t('goals.objective')}
          rules={[{ required: true, whitespace: true, message: t('fieldErrors:required') }, { max: 200 }]}
        >
          <Input placeholder={t('goals.objectivePlaceholder')} data-testid="goal-title" />
        </Form.Item>
        <Form.Item name="description" label={t('goals.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="weight"
              label={t('goals.goalWeight')}
              extra={t('goals.goalWeightHelp')}
              rules={[{ required: true, message: t('fieldErrors:required') }]}
            >
              <InputNumber min={0} max={100} precision={2} addonAfter="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="dueDate" label={t('goals.dueDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="parent" label={t('goals.alignTo')}>
              <TreeSelect
                allowClear
                treeData={parentOptions}
                placeholder={t('goals.alignPlaceholder')}
                showSearch={{ treeNodeFilterProp: 'title' }}
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>
          {values?.kind === 'kpi' ? t('goals.indicator') : t('goals.keyResults')}{' '}
          <Typography.Text
            type={krSum === 10000 ? 'success' : 'danger'}
            style={{ fontSize: 13 }}
            data-testid="kr-weight-sum"
          >
            {t('goals.weightSum', { sum: formatWeight(krSum) })}
          </Typography.Text>
        </Typography.Title>
        <Form.List name="keyResults">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => {
                const kind = (krs[index]?.kind ?? 'metric') as KrKind;
                const krWarnings = warnings.filter((w) => w.index === index);
                return (
                  <Card key={field.key} size="small" style={{ marginBottom: 12 }} data-testid={`kr-${index}`}>
                    <Row gutter={8}>
                      <Col flex="auto">
                        <Form.Item
                          name={[field.name, 'title']}
                          label={`KR${index + 1}`}
                          rules={[{ required: true, whitespace: true, message: t('fieldErrors:required') }]}
                          validateStatus={krWarnings.length > 0 ? 'warning' : undefined}
                          help={krWarnings.map((w) => w.message).join('；') || undefined}
                        >
                          <Input placeholder={t('goals.krPlaceholder')} data-testid={`kr-title-${index}`} />
                        </Form.Item>
                      </Col>
                      {values?.kind !== 'kpi' && fields.length > 1 && (
                        <Col>
                          <Button
                            aria-label={t('goals.removeKr')}
                            icon={<DeleteOutlined />}
                            style={{ marginTop: 30 }}
                            onClick={() => remove(field.name)}
                          />
                        </Col>
                      )}
                    </Row>
                    <Row gutter={8}>
                      {values?.kind !== 'kpi' && (
                        <Col span={5}>
                          <Form.Item name={[field.name, 'kind']} label={t('goals.krKind')}>
                            <Select
                              options={['metric', 'milestone'].map((k) => ({
                                value: k,
                                label: t(`goals.krKinds.${k}`),
                              }))}
                            />
                          </Form.Item>
                        </Col>
                      )}
                      {kind === 'metric' && (
                        <>
                          <Col span={5}>
                            <Form.Item name={[field.name, 'direction']} label={t('goals.direction')}>
                              <Select
                                options={KR_DIRECTIONS.map((d) => ({
                                  value: d,
                                  label: t(`goals.directions.${d}`),
                                }))}
                              />
                            </Form.Item>
                          </Col>
                          <Col span={4}>
                            <Form.Item name={[field.name, 'startValue']} label={t('goals.startValue')}>
                              <InputNumber style={{ width: '100%' }} />
                            </Form.Item>
                          </Col>
                          <Col span={4}>
                            <Form.Item
                              name={[field.name, 'targetValue']}
                              label={t('goals.targetValue')}
                              rules={[{ required: true, message: t('fieldErrors:required') }]}
                            >
                              <InputNumber style={{ width: '100%' }} data-testid={`kr-target-${index}`} />
                            </Form.Item>
                          </Col>
                          <Col span={3}>
                            <Form.Item name={[field.name, 'unit']} label={t('goals.unit')}>
                              <Input maxLength={16} />
                            </Form.Item>
                          </Col>
                        </>
                      )}
                      <Col span={kind === 'metric' ? 3 : 5}>
                        <Form.Item
                          name={[field.name, 'weight']}
                          label={t('goals.weight')}
                          rules={[{ required: true, message: t('fieldErrors:required') }]}
                        >
                          <InputNumber
                            min={0}
                            max={100}
                            precision={2}
                            style={{ width: '100%' }}
                            data-testid={`kr-weight-${index}`}
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Row gutter={8}>
                      <Col span={8}>
                        <Form.Item name={[field.name, 'dueDate']} label={t('goals.dueDate')}>
                          <DatePicker style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col span={16}>
                        <Form.Item name={[field.name, 'rollUp']} valuePropName="checked" label=" ">
                          <Checkbox>{t('goals.rollUp')}</Checkbox>
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                );
              })}
              {values?.kind !== 'kpi' && fields.length < 20 && (
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({ title: '', kind: 'metric', direction: 'increase', startValue: 0, weight: 0 })
                  }
                  data-testid="add-kr"
                >
                  {t('goals.addKr')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
