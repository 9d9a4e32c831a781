import type { ServerModule } from '../module.ts';
import { registerKeyEventRoutes } from './key-event.routes.ts';

export const keyEventsModule: ServerModule = {
  name: 'key-events',
  register: registerKeyEventRoutes,
};
