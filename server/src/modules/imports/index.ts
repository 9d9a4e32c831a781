import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerImportRoutes } from './import.routes.ts';

export function registerImportsModule(app: FastifyInstance, ctx: AppContext) {
  registerImportRoutes(app, ctx);
}

export const importsModule: ServerModule = {
  name: 'imports',
  register: registerImportsModule,
};
