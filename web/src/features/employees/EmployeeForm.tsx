import {
  ASSIGNABLE_ROLES,
  type AssignableRole,
  CreateEmployeeBodySchema,
  EmailSchema,
  type Employee,
  EmployeeNoSchema,
  PersonNameSchema,
} from '@perfloop/core';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, DatePicker, Drawer, Form, Input, Select, Space, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';
import { buildDepartmentTree, type DepartmentNode, useDepartments } from '../departments/departments.api';
import { EmployeeSelect } from './EmployeeSelect';

type FormValues = {
  employeeNo: string;
  name: string;
  email?: string;
  title?: string;
  jobLevel?: string;
  departmentId: string;
  managerId?: string | null;
  hireDate?: Dayjs | null;
  status: 'active' | 'left';
  roles: AssignableRole[];
  hrbpDepartmentIds: string[];
};

export type TreeOption = { value: string; title: string; children: TreeOption[] };

export function toTreeData(nodes: DepartmentNode[]): TreeOption[] {
  return nodes.map((n) => ({ value: n.id, title: n.name, children: toTreeData(n.children) }));
}

/** Create or edit an employee in a drawer; edits send If-Match so no one's change is lost. */
export function EmployeeForm(props: {
  open: boolean;
  onClose: () => void;
  employee?: Employee;
  etag?: string | null;
  defaultDepartmentId?: string;
  canGrantSystemAdmin: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const departments = useDepartments();
  const queryClient = useQueryClient();
  const editing = props.employee;
  const roles = Form.useWatch('roles', form) ?? [];

  const submission = useFormMutation({
    form,
    mutate: save,
    successMessage: editing ? t('employee.saved') : t('employee.created'),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['employees'] });
      await queryClient.invalidateQueries({ queryKey: ['employee'] });
      await queryClient.invalidateQueries({ queryKey: ['departments'] });
      props.onClose();
    },
  });
  const { clearError } = submission;

  useEffect(() => {
    if (!props.open) return;
    clearError();
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        ...editing,
        email: editing.email ?? undefined,
        title: editing.title ?? undefined,
        jobLevel: editing.jobLevel ?? undefined,
        hireDate: editing.hireDate ? dayjs(editing.hireDate) : null,
        roles: editing.roles.filter((r): r is AssignableRole =>
          (ASSIGNABLE_ROLES as readonly string[]).includes(r),
        ),
      });
    } else {
      form.setFieldsValue({
        status: 'active',
        roles: [],
        hrbpDepartmentIds: [],
        departmentId: props.defaultDepartmentId,
      });
    }
  }, [props.open, editing, form, props.defaultDepartmentId, clearError]);

  function save(values: FormValues) {
    const body = {
      ...values,
      email: values.email || null,
      title: values.title || null,
      jobLevel: values.jobLevel || null,
      managerId: values.managerId ?? null,
      hireDate: values.hireDate ? values.hireDate.format('YYYY-MM-DD') : null,
      hrbpDepartmentIds: values.roles.includes('hrbp') ? values.hrbpDepartmentIds : [],
    };
    return editing
      ? api('PATCH /employees/{id}', {
          params: { id: editing.id },
          body,
          ifMatch: props.etag ?? `"${editing.version}"`,
        })
      : api('POST /employees', { body });
  }

  const tree = toTreeData(buildDepartmentTree(departments.data ?? []));
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={editing ? t('employee.edit') : t('org.newEmployee')}
      size="large"
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={submission.submitting} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <FormErrorAlert error={submission.error} />
      <Form form={form} layout="vertical" onFinish={submission.submit}>
        <Form.Item
          name="employeeNo"
          label={t('employee.employeeNo')}
          rules={[zodRule(EmployeeNoSchema, t, { max: 32 })]}
        >
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="name" label={t('employee.name')} rules={[zodRule(PersonNameSchema, t, { max: 64 })]}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('employee.email')} rules={[zodRule(EmailSchema.optional(), t)]}>
          <Input type="email" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="title"
            label={t('employee.title')}
            style={{ flex: 2 }}
            rules={[zodRule(CreateEmployeeBodySchema.shape.title, t, { max: 64 })]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="jobLevel"
            label={t('employee.jobLevel')}
            style={{ flex: 1 }}
            rules={[zodRule(CreateEmployeeBodySchema.shape.jobLevel, t, { max: 16 })]}
          >
            <Input />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="departmentId"
          label={t('employee.department')}
          rules={[{ required: true, message: t('fieldErrors:required', { keySeparator: false }) }]}
        >
          <TreeSelect
            treeData={tree}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            loading={departments.isPending}
          />
        </Form.Item>
        <Form.Item name="managerId" label={t('employee.manager')}>
          <EmployeeSelect initialLabel={editing?.managerName ?? null} excludeId={editing?.id} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="hireDate" label={t('employee.hireDate')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="status" label={t('employee.status')} style={{ flex: 1 }}>
            <Select
              options={[
                { value: 'active', label: t('common.active') },
                { value: 'left', label: t('common.left') },
              ]}
            />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="roles" label={t('employee.roles')} extra={t('employee.rolesHelp')}>
          <Checkbox.Group
            options={ASSIGNABLE_ROLES.map((r) => ({
              value: r,
              label: t(`roles.${r}`),
              disabled: r === 'system_admin' && !props.canGrantSystemAdmin,
            }))}
          />
        </Form.Item>
        {roles.includes('hrbp') && (
          <Form.Item name="hrbpDepartmentIds" label={t('employee.hrbpScope')}>
            <TreeSelect
              treeData={tree}
              multiple
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
            />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
