import { EditOutlined, KeyOutlined } from '@ant-design/icons';
import type { Me } from '@perfloop/core';
import { Alert, App, Button, Card, Descriptions, List, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { can } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { useDepartments } from '../departments/departments.api';
import { KeyEventsPanel } from '../key-events/KeyEventsPanel';
import { EmployeeForm } from './EmployeeForm';
import { useEmployee, useEmployees } from './employees.api';

export function EmployeeProfilePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const { id } = useParams();
  const query = useEmployee(id);
  const reports = useEmployees({ managerId: id }, 100);
  const departments = useDepartments();
  const [editing, setEditing] = useState(false);
  const admin = can(me, 'org.manage');
  const resets = can(me, 'passwords.reset');

  if (query.isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return (
        <Result status="404" title={t('employee.notFound')} extra={<Link to="/">{t('nav.home')}</Link>} />
      );
    return <Alert type="error" title={describeError(query.error, t)} />;
  }
  const { data: employee, etag } = query.data;
  const directReports = reports.data?.pages.flatMap((p) => p.items) ?? [];
  const hrbpNames = employee.hrbpDepartmentIds.map(
    (d) => departments.data?.find((x) => x.id === d)?.name ?? d,
  );

  function resetPassword() {
    modal.confirm({
      title: t('employee.resetPassword'),
      content: t('employee.resetPasswordConfirm', { name: employee.name }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const { password } = await api('POST /employees/{id}/password-reset', {
            params: { id: employee.id },
          });
          modal.success({
            title: t('employee.newPasswordShown'),
            content: (
              <Typography.Paragraph copyable={{ text: password }} code>
                {password}
              </Typography.Paragraph>
            ),
          });
        } catch (e) {
          message.error(describeError(e, t));
        }
      },
    });
  }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {employee.name}
            </Typography.Title>
            <Tag color={employee.status === 'active' ? 'green' : 'default'}>
              {t(employee.status === 'active' ? 'common.active' : 'common.left')}
            </Tag>
          </Space>
        }
        extra={
          (admin || resets) && (
            <Space>
              {resets && (
                <Button icon={<KeyOutlined />} onClick={resetPassword}>
                  {t('employee.resetPassword')}
                </Button>
              )}
              {admin && (
                <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('common.edit')}
                </Button>
              )}
            </Space>
          )
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('employee.employeeNo')}>{employee.employeeNo}</Descriptions.Item>
          <Descriptions.Item label={t('employee.email')}>{employee.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('employee.title')}>{employee.title ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('employee.jobLevel')}>{employee.jobLevel ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('employee.department')}>{employee.departmentName}</Descriptions.Item>
          <Descriptions.Item label={t('employee.manager')}>
            {employee.managerId ? (
              <Link to={`/employees/${employee.managerId}`}>{employee.managerName}</Link>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('employee.hireDate')}>{employee.hireDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('employee.hasLogin')}>
            {employee.hasLogin ? t('common.yes') : t('common.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('employee.roles')} span={2}>
            {employee.roles.map((r) => (
              <Tag key={r}>{t(`roles.${r}`)}</Tag>
            ))}
            {hrbpNames.length > 0 && (
              <Typography.Text type="secondary">
                {t('employee.hrbpScope')}: {hrbpNames.join('、')}
              </Typography.Text>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('employee.directReports', { count: employee.directReportCount })}>
        <List
          loading={reports.isPending}
          dataSource={directReports}
          locale={{ emptyText: t('employee.noReports') }}
          renderItem={(r) => (
            <List.Item>
              <List.Item.Meta
                title={<Link to={`/employees/${r.id}`}>{r.name}</Link>}
                description={`${r.employeeNo} · ${r.title ?? '—'} · ${r.departmentName}`}
              />
            </List.Item>
          )}
        />
      </Card>
      {/* Whoever may open this profile may read and record the person's key events. */}
      <KeyEventsPanel employeeId={employee.id} me={me} />
      <EmployeeForm
        open={editing}
        onClose={() => setEditing(false)}
        employee={employee}
        etag={etag}
        canGrantSystemAdmin={can(me, 'roles.system_admin.grant')}
      />
    </Space>
  );
}
