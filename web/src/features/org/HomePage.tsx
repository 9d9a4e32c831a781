import type { Me } from '@perfloop/core';
import { Card, Col, Descriptions, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canSeeOrganisation, isAdmin } from '../../auth/use-me';
import { useEmployee } from './org.api';

export function HomePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const profile = useEmployee(me.id);
  const employee = profile.data?.data;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('home.welcome', { name: me.name })}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('home.myProfile')}>
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
        <Col xs={24} lg={10}>
          <Card title={t('home.quickLinks')}>
            <Space direction="vertical">
              <Link to="/goals">{t('nav.myGoals')}</Link>
              <Link to="/approvals">{t('nav.approvals')}</Link>
              {canSeeOrganisation(me) && <Link to="/goals/team">{t('nav.teamGoals')}</Link>}
              <Link to="/goals/alignment">{t('nav.alignment')}</Link>
              <Link to={`/employees/${me.id}`}>{t('home.myProfile')}</Link>
              {canSeeOrganisation(me) && <Link to="/org">{t('nav.organisation')}</Link>}
              {isAdmin(me) && <Link to="/org/import">{t('nav.import')}</Link>}
              <Link to="/account">{t('account.changePassword')}</Link>
            </Space>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
