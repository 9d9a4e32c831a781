import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerEmployeeRoutes } from './employee.routes.ts';

export function registerEmployeesModule(app: FastifyInstance, ctx: AppContext) {
  registerEmployeeRoutes(app, ctx);
}

export const employeesModule: ServerModule = {
  name: 'employees',
  register: registerEmployeesModule,
};
