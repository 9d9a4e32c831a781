import { type Department, DepartmentNameSchema } from '@perfloop/core';
import { useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, TreeSelect } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';
import { toTreeData } from '../employees/EmployeeForm';
import { EmployeeSelect } from '../employees/EmployeeSelect';
import { buildDepartmentTree, useDepartments } from './departments.api';

type Values = { name: string; code?: string; parentId?: string; headId?: string | null };

/** Create a department under a parent, or rename / move / set the head of one. */
export function DepartmentForm(props: {
  open: boolean;
  onClose: () => void;
  department?: Department;
  parentId?: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const departments = useDepartments();
  const queryClient = useQueryClient();
  const editing = props.department;
  const submission = useFormMutation({
    form,
    mutate: save,
    successMessage: t('common.saved'),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['departments'] });
      props.onClose();
    },
  });
  const { clearError } = submission;

  useEffect(() => {
    if (!props.open) return;
    clearError();
    form.resetFields();
    form.setFieldsValue(
      editing
        ? {
            name: editing.name,
            code: editing.code ?? undefined,
            parentId: editing.parentId ?? undefined,
            headId: editing.headId,
          }
        : { parentId: props.parentId },
    );
  }, [props.open, editing, props.parentId, form, clearError]);

  function save(values: Values) {
    const body = { ...values, code: values.code || null, headId: values.headId ?? null };
    if (!editing) return api('POST /departments', { body });
    if (editing.parentId === null) delete body.parentId;
    return api('PATCH /departments/{id}', {
      params: { id: editing.id },
      body,
      ifMatch: `"${editing.version}"`,
    });
  }

  // A department cannot move under itself: its own subtree is not offered (the server checks too).
  const selectable = (departments.data ?? []).filter(
    (d) => !editing || !isInSubtree(departments.data ?? [], editing.id, d.id),
  );
  return (
    <Modal
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={submission.submitting}
      title={editing ? t('org.editDepartment') : t('org.newDepartment')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <FormErrorAlert error={submission.error} />
      <Form form={form} layout="vertical" onFinish={submission.submit}>
        <Form.Item
          name="name"
          label={t('org.departmentName')}
          rules={[zodRule(DepartmentNameSchema, t, { max: 64 })]}
        >
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="code" label={t('org.code')}>
          <Input />
        </Form.Item>
        {!(editing && editing.parentId === null) && (
          <Form.Item
            name="parentId"
            label={t('org.parent')}
            rules={[{ required: true, message: t('fieldErrors:required', { keySeparator: false }) }]}
          >
            <TreeSelect
              treeData={toTreeData(buildDepartmentTree(selectable))}
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
            />
          </Form.Item>
        )}
        <Form.Item name="headId" label={t('org.head')}>
          <EmployeeSelect initialLabel={editing?.headName ?? null} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function isInSubtree(all: readonly Department[], rootId: string, id: string): boolean {
  let current = all.find((d) => d.id === id);
  while (current) {
    if (current.id === rootId) return true;
    current = current.parentId ? all.find((d) => d.id === current?.parentId) : undefined;
  }
  return false;
}
