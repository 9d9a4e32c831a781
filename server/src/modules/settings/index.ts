import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import type { ServerModule } from '../module.ts';
import { registerSettingsRoutes } from './settings.routes.ts';

export function registerSettingsModule(app: FastifyInstance, ctx: AppContext) {
  registerSettingsRoutes(app, ctx);
}

export const settingsModule: ServerModule = {
  name: 'settings',
  register: registerSettingsModule,
};
