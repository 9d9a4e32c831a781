import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerDepartmentRoutes } from './department.routes.ts';

export function registerDepartmentsModule(app: FastifyInstance, ctx: AppContext) {
  registerDepartmentRoutes(app, ctx);
}

export const departmentsModule: ServerModule = {
  name: 'departments',
  register: registerDepartmentsModule,
};
