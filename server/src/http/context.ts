import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';

/** What every module's routes and services get: the database, the configuration and the clock. */
export type AppContext = {
  database: Database;
  config: Config;
  /** The current instant; tests pass a fixed one so dates and paces are reproducible. */
  clock: () => Date;
};
