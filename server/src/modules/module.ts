import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.ts';
import type { ModuleJob } from '../jobs/job.ts';

/** A feature module: its routes, registered by app.ts, and its background jobs, run by the scheduler. */
export type ServerModule = {
  name: string;
  register(app: FastifyInstance, ctx: AppContext): void;
  jobs?: readonly ModuleJob[];
};
