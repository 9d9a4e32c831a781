import {
  AimOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  CameraOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  CommentOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  LogoutOutlined,
  MessageOutlined,
  NotificationOutlined,
  ProfileOutlined,
  ReconciliationOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Capability, Me } from '@perfloop/core';
import { useQueryClient } from '@tanstack/react-query';
import { Avatar, Badge, Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import { can } from '../auth/use-me';
import { useApprovals } from '../features/goals/goals.api';
import { useUnreadCount } from '../features/notifications/notifications.api';
import { LanguageSwitch } from '../i18n/LanguageSwitch';

export function AppLayout({ me }: { me: Me }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const approvals = useApprovals();
  const pending = (approvals.data?.goals.length ?? 0) + (approvals.data?.revisions.length ?? 0);
  const unread = useUnreadCount();

  /** A menu entry for those who hold a capability (the server decides who does). */
  const gated = <T,>(capability: Capability, item: T): T[] => (can(me, capability) ? [item] : []);
  const items = [
    { key: '/', icon: <HomeOutlined />, label: <Link to="/">{t('nav.home')}</Link> },
    { key: '/goals', icon: <AimOutlined />, label: <Link to="/goals">{t('nav.myGoals')}</Link> },
    ...gated('team.view', {
      key: '/goals/team',
      icon: <TeamOutlined />,
      label: <Link to="/goals/team">{t('nav.teamGoals')}</Link>,
    }),
    {
      key: '/goals/alignment',
      icon: <ClusterOutlined />,
      label: <Link to="/goals/alignment">{t('nav.alignment')}</Link>,
    },
    {
      key: '/approvals',
      icon: <CheckSquareOutlined />,
      label: (
        <Link to="/approvals">
          <Badge count={pending} size="small" offset={[10, 0]}>
            {t('nav.approvals')}
          </Badge>
        </Link>
      ),
    },
    {
      key: '/reviews',
      icon: <SolutionOutlined />,
      label: <Link to="/reviews">{t('nav.reviews')}</Link>,
    },
    ...gated('team.view', {
      key: '/dashboards/team',
      icon: <DashboardOutlined />,
      label: <Link to="/dashboards/team">{t('nav.teamDashboard')}</Link>,
    }),
    ...gated('dashboards.department.view', {
      key: '/dashboards/department',
      icon: <BarChartOutlined />,
      label: <Link to="/dashboards/department">{t('nav.departmentDashboard')}</Link>,
    }),
    { key: '/alerts', icon: <AlertOutlined />, label: <Link to="/alerts">{t('nav.alerts')}</Link> },
    {
      key: '/follow-ups',
      icon: <FileSearchOutlined />,
      label: <Link to="/follow-ups">{t('nav.followUps')}</Link>,
    },
    {
      key: '/one-on-ones',
      icon: <ScheduleOutlined />,
      label: <Link to="/one-on-ones">{t('nav.oneOnOnes')}</Link>,
    },
    { key: '/feedback', icon: <CommentOutlined />, label: <Link to="/feedback">{t('nav.feedback')}</Link> },
    {
      key: '/gap-analyses',
      icon: <MessageOutlined />,
      label: <Link to="/gap-analyses">{t('nav.gapAnalyses')}</Link>,
    },
    ...gated('reviews.track', {
      key: '/review-cycles',
      icon: <ReconciliationOutlined />,
      label: <Link to="/review-cycles">{t('nav.reviewCycles')}</Link>,
    }),
    ...gated('org.view', {
      key: '/org',
      icon: <ApartmentOutlined />,
      label: <Link to="/org">{t('nav.organisation')}</Link>,
    }),
    ...gated('imports.run', {
      key: '/org/import',
      icon: <CloudUploadOutlined />,
      label: <Link to="/org/import">{t('nav.import')}</Link>,
    }),
    ...gated('cycles.manage', {
      key: '/admin/cycles',
      icon: <CalendarOutlined />,
      label: <Link to="/admin/cycles">{t('nav.cycles')}</Link>,
    }),
    ...gated('reviews.manage', {
      key: '/reviews/templates',
      icon: <ProfileOutlined />,
      label: <Link to="/reviews/templates">{t('reviewTemplates.nav')}</Link>,
    }),
    ...gated('notifications.channels.manage', {
      key: '/admin/notifications',
      icon: <NotificationOutlined />,
      label: <Link to="/admin/notifications">{t('nav.channels')}</Link>,
    }),
    ...gated('snapshots.manage', {
      key: '/admin/snapshots',
      icon: <CameraOutlined />,
      label: <Link to="/admin/snapshots">{t('nav.snapshots')}</Link>,
    }),
    ...gated('audit.read', {
      key: '/audit',
      icon: <AuditOutlined />,
      label: <Link to="/audit">{t('nav.audit')}</Link>,
    }),
    ...gated('tokens.manage', {
      key: '/admin/api-tokens',
      icon: <KeyOutlined />,
      label: <Link to="/admin/api-tokens">{t('nav.apiTokens')}</Link>,
    }),
    ...gated('settings.manage', {
      key: '/admin/settings',
      icon: <SettingOutlined />,
      label: <Link to="/admin/settings">{t('nav.settings')}</Link>,
    }),
    { key: '/account', icon: <UserOutlined />, label: <Link to="/account">{t('nav.account')}</Link> },
  ];
  const selected = items
    .map((i) => i.key)
    .filter((k) => (k === '/' ? location.pathname === '/' : location.pathname.startsWith(k)))
    .sort((a, b) => b.length - a.length)[0];

  async function logout() {
    await api('POST /auth/logout');
    queryClient.clear();
    navigate('/login');
    await queryClient.invalidateQueries({ queryKey: ['me'] });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={210}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>
          <img src="/favicon.svg" alt="" width={20} style={{ verticalAlign: -4, marginRight: 8 }} />
          {t('app.name')}
        </div>
        <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items} />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
          }}
        >
          <Typography.Text type="secondary">{me.tenant.name}</Typography.Text>
          <Space size="large">
            <LanguageSwitch size="small" />
            <Link to="/notifications" aria-label={t('nav.notifications')} data-testid="notification-bell">
              <Badge count={unread.data ?? 0} size="small" overflowCount={99}>
                <BellOutlined style={{ fontSize: 18 }} />
              </Badge>
            </Link>
            <Dropdown
              menu={{
                items: [
                  {
                    key: 'profile',
                    icon: <IdcardOutlined />,
                    label: t('nav.myProfile'),
                    onClick: () => navigate(`/employees/${me.id}`),
                  },
                  {
                    key: 'account',
                    icon: <UserOutlined />,
                    label: t('nav.account'),
                    onClick: () => navigate('/account'),
                  },
                  {
                    key: 'logout',
                    icon: <LogoutOutlined />,
                    label: t('nav.logout'),
                    onClick: () => void logout(),
                  },
                ],
              }}
            >
              <Button type="text" data-testid="user-menu">
                <Avatar size="small" style={{ background: '#1677ff', marginRight: 8 }}>
                  {me.name.slice(-2)}
                </Avatar>
                {me.name}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
