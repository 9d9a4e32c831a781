import {
  DashboardQuerySchema,
  DepartmentDashboardSchema,
  MyDashboardSchema,
  TeamDashboardSchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import * as service from './dashboard.service.ts';

export function registerDashboardRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['dashboards'];
  r.get(
    '/api/v1/dashboards/me',
    {
      schema: {
        tags,
        summary: 'My goals vs the expected pace, open alerts, follow-ups due within a week, next 1:1',
        querystring: DashboardQuerySchema.pick({ cycleId: true }),
        response: { 200: MyDashboardSchema },
      },
    },
    async (request) => service.myDashboard(ctx, actorOf(request), request.query.cycleId),
  );
  r.get(
    '/api/v1/dashboards/team',
    {
      schema: {
        tags,
        operationId: 'getTeamDashboard',
        summary:
          'A manager’s direct reports: attainment, pace, alerts, overdue follow-ups, last check-in, last 1:1',
        querystring: DashboardQuerySchema.pick({ cycleId: true, managerId: true }),
        response: { 200: TeamDashboardSchema },
      },
    },
    async (request) => service.teamDashboard(ctx, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/dashboards/department',
    {
      config: { problems: [503] },
      schema: {
        operationId: 'getDepartmentDashboard',
        tags,
        summary:
          'A department and below (heads, HRBPs, HR): attainment distribution, goals at risk, check-in compliance',
        querystring: DashboardQuerySchema.pick({ cycleId: true, departmentId: true }),
        response: { 200: DepartmentDashboardSchema },
      },
    },
    async (request) =>
      ctx.heavyReads.run(
        () => service.departmentDashboard(ctx, actorOf(request), request.query),
        () => request.socket.destroyed,
      ),
  );
}
