import { auditModule } from './audit/index.ts';
import { authModule } from './auth/index.ts';
import { cyclesModule } from './cycles/index.ts';
import { dashboardsModule } from './dashboards/index.ts';
import { departmentsModule } from './departments/index.ts';
import { earlyWarningModule } from './early-warning/index.ts';
import { employeesModule } from './employees/index.ts';
import { feedbackModule } from './feedback/index.ts';
import { followUpsModule } from './follow-ups/index.ts';
import { gapAnalysesModule } from './gap-analyses/index.ts';
import { goalsModule } from './goals/index.ts';
import { healthModule } from './health/index.ts';
import { importsModule } from './imports/index.ts';
import { keyEventsModule } from './key-events/index.ts';
import type { ServerModule } from './module.ts';
import { notificationsModule } from './notifications/index.ts';
import { oneOnOnesModule } from './one-on-ones/index.ts';
import { reviewsModule } from './reviews/index.ts';
import { revisionsModule } from './revisions/index.ts';
import { settingsModule } from './settings/index.ts';
import { setupModule } from './setup/index.ts';
import { tokensModule } from './tokens/index.ts';

/** The feature modules, in the order their routes are registered (and the OpenAPI document lists them). */
export const MODULES: readonly ServerModule[] = [
  healthModule,
  setupModule,
  authModule,
  tokensModule,
  departmentsModule,
  employeesModule,
  importsModule,
  auditModule,
  settingsModule,
  cyclesModule,
  goalsModule,
  revisionsModule,
  earlyWarningModule,
  followUpsModule,
  oneOnOnesModule,
  feedbackModule,
  gapAnalysesModule,
  keyEventsModule,
  reviewsModule,
  dashboardsModule,
  notificationsModule,
];
