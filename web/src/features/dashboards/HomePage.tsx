import type { Me } from '@perfloop/core';
import { Card, Col, Descriptions, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useEmployee } from '../employees/employees.api';
import { MyDashboard } from './MyDashboard';

/** Home: my dashboard for the current cycle, and who I am in the organisation. */
export function HomePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const profile = useEmployee(me.id);
  const employee = profile.data?.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('home.welcome', { name: me.name })}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          <MyDashboard />
        </Col>
        <Col xs={24} xl={7}>
          <Card title={t('home.myProfile')} size="small">
            {profile.isPending ? (
              <Skeleton active />
            ) : employee ? (
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('employee.employeeNo')}>{employee.employeeNo}</Descriptions.Item>
                <Descriptions.Item label={t('employee.department')}>
                  {employee.departmentName}
                </Descriptions.Item>
                <Descriptions.Item label={t('employee.title')}>{employee.title ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('employee.manager')}>
                  {employee.managerName ?? t('home.noManager')}
                </Descriptions.Item>
                <Descriptions.Item label={t('employee.roles')}>
                  {me.roles.map((r) => (
                    <Tag key={r}>{t(`roles.${r}`)}</Tag>
                  ))}
                </Descriptions.Item>
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">{t('common.noData')}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
