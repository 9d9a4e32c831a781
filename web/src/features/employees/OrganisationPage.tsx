import {
  DownloadOutlined,
  EditOutlined,
  InboxOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { Employee, Me } from '@perfloop/core';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, downloadFile } from '../../api/client';
import { hasRole, isAdmin } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { DepartmentForm } from '../departments/DepartmentForm';
import { buildDepartmentTree, type DepartmentNode, useDepartments } from '../departments/departments.api';
import { EmployeeForm } from './EmployeeForm';
import { type EmployeeFilters, useEmployees } from './employees.api';

type TreeItem = { key: string; title: string; children: TreeItem[] };
function toTree(nodes: DepartmentNode[]): TreeItem[] {
  return nodes.map((n) => ({
    key: n.id,
    title: `${n.name}${n.memberCount ? ` (${n.memberCount})` : ''}`,
    children: toTree(n.children),
  }));
}

/** The department tree beside the employees of the selected department (or everyone in reach). */
export function OrganisationPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const admin = isAdmin(me);
  const departments = useDepartments();
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<EmployeeFilters['status']>('active');
  const [includeSub, setIncludeSub] = useState(true);
  const [employeeFormOpen, setEmployeeFormOpen] = useState(false);
  const [departmentForm, setDepartmentForm] = useState<'new' | 'edit' | null>(null);
  const filters: EmployeeFilters = {
    q: search || undefined,
    departmentId: selectedId,
    includeSubDepartments: includeSub,
    status,
  };
  const employees = useEmployees(filters);
  const rows = useMemo(() => employees.data?.pages.flatMap((p) => p.items) ?? [], [employees.data]);
  const tree = useMemo(() => toTree(buildDepartmentTree(departments.data ?? [])), [departments.data]);
  const selected = departments.data?.find((d) => d.id === selectedId);

  async function archive() {
    if (!selected) return;
    try {
      await api('PATCH /departments/{id}', {
        params: { id: selected.id },
        body: { archived: true },
        ifMatch: `"${selected.version}"`,
      });
      message.success(t('org.archived'));
      setSelectedId(selected.parentId ?? undefined);
      await queryClient.invalidateQueries({ queryKey: ['departments'] });
    } catch (e) {
      message.error(describeError(e, t));
    }
  }

  const columns = [
    { title: t('employee.employeeNo'), dataIndex: 'employeeNo', width: 110 },
    {
      title: t('employee.name'),
      dataIndex: 'name',
      render: (name: string, e: Employee) => <Link to={`/employees/${e.id}`}>{name}</Link>,
    },
    { title: t('employee.title'), dataIndex: 'title', render: (v: string | null) => v ?? '—' },
    { title: t('employee.department'), dataIndex: 'departmentName' },
    { title: t('employee.manager'), dataIndex: 'managerName', render: (v: string | null) => v ?? '—' },
    {
      title: t('employee.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: string) => (
        <Tag color={s === 'active' ? 'green' : 'default'}>
          {t(s === 'active' ? 'common.active' : 'common.left')}
        </Tag>
      ),
    },
  ];

  return (
    <Row gutter={16}>
      <Col xs={24} lg={7}>
        <Card
          title={t('org.departments')}
          extra={
            admin && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setDepartmentForm('new')}>
                {t('org.newDepartment')}
              </Button>
            )
          }
        >
          {departments.isPending ? (
            <Skeleton active />
          ) : departments.isError ? (
            <Alert type="error" title={describeError(departments.error, t)} />
          ) : tree.length === 0 ? (
            <Empty description={t('org.noDepartments')} />
          ) : (
            <Tree
              treeData={tree}
              defaultExpandedKeys={tree.map((n) => n.key)}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(keys) => setSelectedId((keys[0] as string | undefined) ?? undefined)}
              blockNode
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={17}>
        <Card
          title={
            <Space>
              <Typography.Text strong>{selected ? selected.name : t('org.allDepartments')}</Typography.Text>
              {selected?.headName && (
                <Typography.Text type="secondary">
                  {t('org.head')}: {selected.headName}
                </Typography.Text>
              )}
            </Space>
          }
          extra={
            <Space wrap>
              {admin && selected && (
                <>
                  <Button size="small" icon={<EditOutlined />} onClick={() => setDepartmentForm('edit')}>
                    {t('org.editDepartment')}
                  </Button>
                  {selected.parentId && (
                    <Popconfirm
                      title={t('org.archiveConfirm')}
                      onConfirm={() => void archive()}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                    >
                      <Button size="small" icon={<InboxOutlined />}>
                        {t('org.archive')}
                      </Button>
                    </Popconfirm>
                  )}
                </>
              )}
              {admin && (
                <>
                  <Button size="small" icon={<UploadOutlined />} onClick={() => navigate('/org/import')}>
                    {t('org.importXlsx')}
                  </Button>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() =>
                      downloadFile('/employees/export', 'employees.xlsx').catch((e) =>
                        message.error(describeError(e, t)),
                      )
                    }
                  >
                    {t('org.exportXlsx')}
                  </Button>
                  <Button
                    size="small"
                    type="primary"
                    icon={<PlusOutlined />}
                    onClick={() => setEmployeeFormOpen(true)}
                  >
                    {t('org.newEmployee')}
                  </Button>
                </>
              )}
            </Space>
          }
        >
          <Space wrap style={{ marginBottom: 16 }}>
            <Input.Search
              allowClear
              placeholder={t('org.searchPlaceholder')}
              onSearch={setSearch}
              style={{ width: 260 }}
              aria-label={t('common.search')}
            />
            <Select
              value={status}
              onChange={setStatus}
              style={{ width: 120 }}
              options={[
                { value: 'active', label: t('common.active') },
                { value: 'left', label: t('common.left') },
                { value: 'all', label: t('common.all') },
              ]}
            />
            <Space>
              <Switch size="small" checked={includeSub} onChange={setIncludeSub} />
              {t('org.includeSub')}
            </Space>
          </Space>
          {employees.isError ? (
            <Alert
              type="error"
              title={describeError(employees.error, t)}
              action={<Button onClick={() => void employees.refetch()}>{t('common.retry')}</Button>}
            />
          ) : (
            <>
              <Table<Employee>
                rowKey="id"
                size="middle"
                columns={columns}
                dataSource={rows}
                loading={employees.isPending}
                pagination={false}
                locale={{ emptyText: <Empty description={t('org.noEmployees')} /> }}
              />
              <div style={{ textAlign: 'center', marginTop: 16 }}>
                {employees.hasNextPage ? (
                  <Button
                    onClick={() => void employees.fetchNextPage()}
                    loading={employees.isFetchingNextPage}
                  >
                    {t('common.loadMore')}
                  </Button>
                ) : (
                  rows.length > 0 && (
                    <Typography.Text type="secondary">
                      {t('org.shown', { count: rows.length })}
                    </Typography.Text>
                  )
                )}
              </div>
            </>
          )}
        </Card>
      </Col>
      <EmployeeForm
        open={employeeFormOpen}
        onClose={() => setEmployeeFormOpen(false)}
        defaultDepartmentId={selectedId}
        canGrantSystemAdmin={hasRole(me, 'system_admin')}
      />
      <DepartmentForm
        open={departmentForm !== null}
        onClose={() => setDepartmentForm(null)}
        department={departmentForm === 'edit' ? selected : undefined}
        parentId={selectedId ?? departments.data?.find((d) => d.parentId === null)?.id}
      />
    </Row>
  );
}
