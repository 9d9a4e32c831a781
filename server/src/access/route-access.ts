import type { Capability } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/errors.ts';
import { capabilitiesOf } from './capabilities.ts';
import { forbid } from './reach.ts';

/**
 * Who may call a route:
 * - `public`: anyone, signed in or not;
 * - `signed-in`: any person, or an API token with the route's scope; what they may see or change
 *   is then decided row by row by the feature's policy;
 * - a capability (capabilities.ts): only callers who hold it, everyone else is refused with 403
 *   before the request is read.
 */
export type RouteAccess = 'public' | 'signed-in' | Capability;

/**
 * Every route of the API, `METHOD /path` as registered. The hook below enforces it, and
 * route-access.int.test.ts fails when a registered route is missing here or an entry names a
 * route that does not exist, and calls every route as every role.
 */
export const ROUTE_ACCESS = {
  // health, setup, sign-in
  'GET /api/v1/health': 'public',
  'GET /api/v1/openapi.json': 'public',
  'GET /api/v1/setup': 'public',
  'POST /api/v1/setup': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/me': 'signed-in',
  'POST /api/v1/me/password': 'signed-in',
  // API tokens
  'GET /api/v1/api-tokens': 'tokens.manage',
  'POST /api/v1/api-tokens': 'tokens.manage',
  'DELETE /api/v1/api-tokens/:id': 'tokens.manage',
  // organisation
  'GET /api/v1/departments': 'signed-in',
  'GET /api/v1/departments/:id': 'signed-in',
  'POST /api/v1/departments': 'org.manage',
  'PATCH /api/v1/departments/:id': 'org.manage',
  'GET /api/v1/employees': 'signed-in',
  'GET /api/v1/employees/:id': 'signed-in',
  'POST /api/v1/employees': 'org.manage',
  'PATCH /api/v1/employees/:id': 'org.manage',
  'POST /api/v1/employees/:id/password-reset': 'passwords.reset',
  // imports and exports of the organisation
  'GET /api/v1/employees/import-template': 'signed-in',
  'GET /api/v1/employees/export': 'imports.run',
  'POST /api/v1/employees/import': 'imports.run',
  'GET /api/v1/imports': 'imports.run',
  'GET /api/v1/imports/:id': 'imports.run',
  'POST /api/v1/imports/:id/validate': 'imports.run',
  'POST /api/v1/imports/:id/commit': 'imports.run',
  'GET /api/v1/imports/:id/errors.xlsx': 'imports.run',
  // audit and settings
  'GET /api/v1/audit-events': 'audit.read',
  'GET /api/v1/settings': 'settings.manage',
  'PATCH /api/v1/settings': 'settings.manage',
  // cycles
  'GET /api/v1/cycles': 'signed-in',
  'GET /api/v1/cycles/:id': 'signed-in',
  'POST /api/v1/cycles': 'cycles.manage',
  'PATCH /api/v1/cycles/:id': 'cycles.manage',
  'DELETE /api/v1/cycles/:id': 'cycles.manage',
  'POST /api/v1/cycles/:id/open': 'cycles.manage',
  'POST /api/v1/cycles/:id/close': 'cycles.manage',
  'POST /api/v1/cycles/:id/reopen': 'cycles.manage',
  // goals, key results and check-ins (goal.policy.ts decides per goal)
  'GET /api/v1/goals': 'signed-in',
  'POST /api/v1/goals': 'signed-in',
  'GET /api/v1/goals/tree': 'signed-in',
  'GET /api/v1/goals/team': 'signed-in',
  'POST /api/v1/goals/bulk-assign': 'signed-in',
  'GET /api/v1/goals/import-template': 'signed-in',
  'POST /api/v1/goals/import': 'signed-in',
  'GET /api/v1/approvals': 'signed-in',
  'GET /api/v1/goals/:id': 'signed-in',
  'PATCH /api/v1/goals/:id': 'signed-in',
  'DELETE /api/v1/goals/:id': 'signed-in',
  'POST /api/v1/goals/:id/submit': 'signed-in',
  'POST /api/v1/goals/:id/approve': 'signed-in',
  'POST /api/v1/goals/:id/return': 'signed-in',
  'GET /api/v1/goals/:id/versions': 'signed-in',
  'GET /api/v1/goals/:id/progress': 'signed-in',
  'GET /api/v1/goals/:id/key-results': 'signed-in',
  'GET /api/v1/key-results/:id': 'signed-in',
  'GET /api/v1/key-results/:id/check-ins': 'signed-in',
  'POST /api/v1/key-results/:id/check-ins': 'signed-in',
  'POST /api/v1/key-results/by-external-key/:key/check-ins': 'signed-in',
  // goal revisions (the repository decides who may decide)
  'GET /api/v1/goal-revisions': 'signed-in',
  'POST /api/v1/goal-revisions': 'signed-in',
  'GET /api/v1/goal-revisions/:id': 'signed-in',
  'POST /api/v1/goal-revisions/:id/approve': 'signed-in',
  'POST /api/v1/goal-revisions/:id/reject': 'signed-in',
  'POST /api/v1/goal-revisions/:id/withdraw': 'signed-in',
  // early warning
  'GET /api/v1/alerts': 'signed-in',
  'GET /api/v1/snapshots': 'snapshots.manage',
  'POST /api/v1/snapshots': 'snapshots.manage',
  'GET /api/v1/goals/:id/snapshots': 'signed-in',
  // follow-through
  'GET /api/v1/follow-ups': 'signed-in',
  'GET /api/v1/follow-ups/export': 'signed-in',
  'POST /api/v1/follow-ups': 'signed-in',
  'GET /api/v1/follow-ups/:id': 'signed-in',
  'PATCH /api/v1/follow-ups/:id': 'signed-in',
  'DELETE /api/v1/follow-ups/:id': 'signed-in',
  'GET /api/v1/one-on-ones': 'signed-in',
  'POST /api/v1/one-on-ones': 'signed-in',
  'GET /api/v1/one-on-ones/:id': 'signed-in',
  'GET /api/v1/one-on-ones/:id/calendar.ics': 'signed-in',
  'PATCH /api/v1/one-on-ones/:id': 'signed-in',
  'POST /api/v1/one-on-ones/:id/action-items': 'signed-in',
  'GET /api/v1/feedback': 'signed-in',
  'POST /api/v1/feedback': 'signed-in',
  'GET /api/v1/gap-analyses': 'signed-in',
  'POST /api/v1/gap-analyses': 'signed-in',
  'GET /api/v1/gap-analyses/:id': 'signed-in',
  'PUT /api/v1/gap-analyses/:id': 'signed-in',
  'POST /api/v1/gap-analyses/:id/follow-ups': 'signed-in',
  // key events
  'GET /api/v1/key-events': 'signed-in',
  'POST /api/v1/key-events': 'signed-in',
  'PATCH /api/v1/key-events/:id': 'signed-in',
  'DELETE /api/v1/key-events/:id': 'signed-in',
  // review templates
  'GET /api/v1/review-templates': 'reviews.manage',
  'POST /api/v1/review-templates': 'reviews.manage',
  'GET /api/v1/review-templates/default': 'reviews.manage',
  'GET /api/v1/review-templates/:id': 'reviews.manage',
  'PUT /api/v1/review-templates/:id': 'reviews.manage',
  // review rounds
  'GET /api/v1/review-cycles': 'reviews.track',
  'POST /api/v1/review-cycles': 'reviews.manage',
  'GET /api/v1/review-cycles/:id': 'reviews.track',
  'PATCH /api/v1/review-cycles/:id': 'reviews.manage',
  'DELETE /api/v1/review-cycles/:id': 'reviews.manage',
  'POST /api/v1/review-cycles/:id/launch': 'reviews.manage',
  'POST /api/v1/review-cycles/:id/close': 'reviews.manage',
  'POST /api/v1/review-cycles/:id/scores': 'reviews.manage',
  'GET /api/v1/review-cycles/:id/progress': 'reviews.track',
  'GET /api/v1/review-cycles/:id/reviews': 'reviews.track',
  'GET /api/v1/review-cycles/:id/participants': 'reviews.track',
  'GET /api/v1/review-cycles/:id/participants/:employeeId': 'reviews.track',
  'POST /api/v1/review-cycles/:id/reminders': 'reviews.track',
  'GET /api/v1/review-cycles/:id/export': 'reviews.track',
  // nominations of peers and collaborators
  'GET /api/v1/nominations': 'signed-in',
  'GET /api/v1/review-cycles/:id/nominations/:employeeId': 'signed-in',
  'GET /api/v1/review-cycles/:id/nominations/:employeeId/candidates': 'signed-in',
  'PUT /api/v1/review-cycles/:id/nominations/:employeeId': 'signed-in',
  'POST /api/v1/review-cycles/:id/nominations/:employeeId/approve': 'signed-in',
  // reviews
  'GET /api/v1/reviews': 'signed-in',
  'GET /api/v1/reviews/:id': 'signed-in',
  'PUT /api/v1/reviews/:id': 'signed-in',
  'POST /api/v1/reviews/:id/submit': 'signed-in',
  'POST /api/v1/reviews/:id/reopen': 'reviews.manage',
  'GET /api/v1/reviews/:id/evidence': 'signed-in',
  'POST /api/v1/reviews/:id/follow-ups': 'signed-in',
  // dashboards
  'GET /api/v1/dashboards/me': 'signed-in',
  'GET /api/v1/dashboards/team': 'signed-in',
  'GET /api/v1/dashboards/department': 'dashboards.department.view',
  // notifications
  'GET /api/v1/notifications': 'signed-in',
  'GET /api/v1/notifications/unread-count': 'signed-in',
  'POST /api/v1/notifications/read': 'signed-in',
  'GET /api/v1/me/notification-preferences': 'signed-in',
  'PUT /api/v1/me/notification-preferences': 'signed-in',
  'GET /api/v1/notification-channels': 'notifications.channels.manage',
  'PUT /api/v1/notification-channels': 'notifications.channels.manage',
  'GET /api/v1/deliveries': 'notifications.channels.manage',
  'POST /api/v1/deliveries/:id/retry': 'notifications.channels.manage',
} as const satisfies Record<string, RouteAccess>;

const TABLE: ReadonlyMap<string, RouteAccess> = new Map(Object.entries(ROUTE_ACCESS));

/** Who may call `METHOD url` (url as registered, e.g. `/api/v1/goals/:id`); undefined when not declared. */
export function accessOf(method: string, url: string): RouteAccess | undefined {
  return TABLE.get(`${method === 'HEAD' ? 'GET' : method} ${url}`);
}

/**
 * Enforces the table on every API request, after the caller is known (auth-hook.ts) and before
 * the body is read. A registered route missing from the table is refused: access is declared,
 * never assumed.
 */
export function registerRouteAccess(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (!url?.startsWith('/api/v1/')) return;
    const access = accessOf(request.method, url);
    if (access === undefined) forbid();
    if (access === 'public') return;
    const actor = request.actor;
    if (!actor) throw new AppError('auth.unauthenticated');
    if (access !== 'signed-in' && !capabilitiesOf(actor).includes(access)) forbid();
  });
}
