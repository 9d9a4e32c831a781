import { Result, Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { LoginPage } from './auth/LoginPage';
import { SetupPage } from './auth/SetupPage';
import { can, useMe } from './auth/use-me';
import { AccountPage } from './features/account/AccountPage';
import { ApiTokensPage } from './features/account/ApiTokensPage';
import { AuditLogPage } from './features/audit/AuditLogPage';
import { CyclesPage } from './features/cycles/CyclesPage';
import { HomePage } from './features/dashboards/HomePage';
import { AlertsPage } from './features/early-warning/AlertsPage';
import { SnapshotsPage } from './features/early-warning/SnapshotsPage';
import { EmployeeProfilePage } from './features/employees/EmployeeProfilePage';
import { OrganisationPage } from './features/employees/OrganisationPage';
import { FeedbackPage } from './features/feedback/FeedbackPage';
import { FollowUpsPage } from './features/follow-ups/FollowUpsPage';
import { GapAnalysesPage } from './features/gap-analyses/GapAnalysesPage';
import { AlignmentTreePage } from './features/goals/AlignmentTreePage';
import { ApprovalsPage } from './features/goals/ApprovalsPage';
import { MyGoalsPage } from './features/goals/MyGoalsPage';
import { TeamGoalsPage } from './features/goals/TeamGoalsPage';
import { ImportWizardPage } from './features/imports/ImportWizardPage';
import { NotificationChannelsPage } from './features/notifications/NotificationChannelsPage';
import { NotificationsPage } from './features/notifications/NotificationsPage';
import { OneOnOneDetailPage } from './features/one-on-ones/OneOnOneDetailPage';
import { OneOnOnesPage } from './features/one-on-ones/OneOnOnesPage';
import { MyReviewsPage } from './features/reviews/MyReviewsPage';
import { NominationPage } from './features/reviews/NominationPage';
import { ParticipantResultPage } from './features/reviews/ParticipantResultPage';
import { ReviewCycleDetailPage } from './features/reviews/ReviewCycleDetailPage';
import { ReviewCyclesPage } from './features/reviews/ReviewCyclesPage';
import { ReviewFormPage } from './features/reviews/ReviewFormPage';
import { ReviewTemplateEditor } from './features/reviews/ReviewTemplateEditor';
import { ReviewTemplatesPage } from './features/reviews/ReviewTemplatesPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { AppLayout } from './layout/AppLayout';
import { ForbiddenPage, NotFoundPage } from './layout/StatusPages';
import { describeError } from './shared/errors';

// Pages with charts carry the charting library; they load when first opened.
const GoalDetailPage = lazy(() =>
  import('./features/goals/GoalDetailPage').then((m) => ({ default: m.GoalDetailPage })),
);
const TeamDashboardPage = lazy(() =>
  import('./features/dashboards/TeamDashboardPage').then((m) => ({ default: m.TeamDashboardPage })),
);
const DepartmentDashboardPage = lazy(() =>
  import('./features/dashboards/DepartmentDashboardPage').then((m) => ({
    default: m.DepartmentDashboardPage,
  })),
);

function Guard({ allowed, children }: { allowed: boolean; children: ReactNode }) {
  return allowed ? children : <ForbiddenPage />;
}

export function App() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <Spin fullscreen tip={t('common.loading')} />;
  if (me.isError)
    return <Result status="error" title={t('errors.loadFailed')} subTitle={describeError(me.error, t)} />;
  if (!me.data) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/setup" element={<SetupPage />} />
        <Route
          path="*"
          element={
            <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
          }
        />
      </Routes>
    );
  }
  const user = me.data;
  return (
    <Routes>
      <Route path="/login" element={<Navigate to="/" replace />} />
      <Route element={<AppLayout me={user} />}>
        <Route index element={<HomePage me={user} />} />
        <Route
          path="org"
          element={
            <Guard allowed={can(user, 'org.view')}>
              <OrganisationPage me={user} />
            </Guard>
          }
        />
        <Route
          path="org/import"
          element={
            <Guard allowed={can(user, 'imports.run')}>
              <ImportWizardPage />
            </Guard>
          }
        />
        <Route path="employees/:id" element={<EmployeeProfilePage me={user} />} />
        <Route path="goals" element={<MyGoalsPage />} />
        <Route
          path="goals/team"
          element={
            <Guard allowed={can(user, 'team.view')}>
              <TeamGoalsPage />
            </Guard>
          }
        />
        <Route path="goals/alignment" element={<AlignmentTreePage />} />
        <Route
          path="goals/:id"
          element={
            <Suspense fallback={<Spin />}>
              <GoalDetailPage />
            </Suspense>
          }
        />
        <Route path="approvals" element={<ApprovalsPage />} />
        <Route
          path="dashboards/team"
          element={
            <Guard allowed={can(user, 'team.view')}>
              <Suspense fallback={<Spin />}>
                <TeamDashboardPage />
              </Suspense>
            </Guard>
          }
        />
        <Route
          path="dashboards/department"
          element={
            <Guard allowed={can(user, 'dashboards.department.view')}>
              <Suspense fallback={<Spin />}>
                <DepartmentDashboardPage me={user} />
              </Suspense>
            </Guard>
          }
        />
        <Route path="alerts" element={<AlertsPage me={user} />} />
        <Route path="follow-ups" element={<FollowUpsPage me={user} />} />
        <Route path="one-on-ones" element={<OneOnOnesPage />} />
        <Route path="one-on-ones/:id" element={<OneOnOneDetailPage />} />
        <Route path="feedback" element={<FeedbackPage me={user} />} />
        <Route path="gap-analyses" element={<GapAnalysesPage />} />
        <Route path="reviews" element={<MyReviewsPage me={user} />} />
        <Route path="reviews/:id" element={<ReviewFormPage />} />
        <Route path="reviews/nominations/:reviewCycleId/:employeeId" element={<NominationPage me={user} />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route
          path="review-cycles"
          element={
            <Guard allowed={can(user, 'reviews.track')}>
              <ReviewCyclesPage me={user} />
            </Guard>
          }
        />
        <Route
          path="review-cycles/:id"
          element={
            <Guard allowed={can(user, 'reviews.track')}>
              <ReviewCycleDetailPage me={user} />
            </Guard>
          }
        />
        <Route
          path="review-cycles/:id/people/:employeeId"
          element={
            <Guard allowed={can(user, 'reviews.track')}>
              <ParticipantResultPage me={user} />
            </Guard>
          }
        />
        <Route
          path="admin/notifications"
          element={
            <Guard allowed={can(user, 'notifications.channels.manage')}>
              <NotificationChannelsPage />
            </Guard>
          }
        />
        <Route
          path="admin/snapshots"
          element={
            <Guard allowed={can(user, 'snapshots.manage')}>
              <SnapshotsPage />
            </Guard>
          }
        />
        <Route
          path="admin/cycles"
          element={
            <Guard allowed={can(user, 'cycles.manage')}>
              <CyclesPage />
            </Guard>
          }
        />
        <Route
          path="reviews/templates"
          element={
            <Guard allowed={can(user, 'reviews.manage')}>
              <ReviewTemplatesPage />
            </Guard>
          }
        />
        <Route
          path="reviews/templates/new"
          element={
            <Guard allowed={can(user, 'reviews.manage')}>
              <ReviewTemplateEditor />
            </Guard>
          }
        />
        <Route
          path="reviews/templates/:id"
          element={
            <Guard allowed={can(user, 'reviews.manage')}>
              <ReviewTemplateEditor />
            </Guard>
          }
        />
        <Route
          path="audit"
          element={
            <Guard allowed={can(user, 'audit.read')}>
              <AuditLogPage />
            </Guard>
          }
        />
        <Route
          path="admin/api-tokens"
          element={
            <Guard allowed={can(user, 'tokens.manage')}>
              <ApiTokensPage />
            </Guard>
          }
        />
        <Route
          path="admin/settings"
          element={
            <Guard allowed={can(user, 'settings.manage')}>
              <SettingsPage />
            </Guard>
          }
        />
        <Route path="account" element={<AccountPage me={user} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
