import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerAuditRoutes } from './audit.routes.ts';

export function registerAuditModule(app: FastifyInstance, ctx: AppContext) {
  registerAuditRoutes(app, ctx);
}

export const auditModule: ServerModule = {
  name: 'audit',
  register: registerAuditModule,
};
