import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';

export type JobEnv = { database: Database; config: Config; clock: () => Date; log: FastifyBaseLogger };

/** A background job a feature module contributes; the scheduler (scheduler.ts) runs it on pg-boss. */
export type ModuleJob = {
  /** The pg-boss queue, also the `job` field of its log lines. */
  name: string;
  cron: string;
  /** Also run once when the server starts, in this order (lower first), to catch up after downtime. */
  startOrder?: number;
  run(env: JobEnv): Promise<unknown>;
};
