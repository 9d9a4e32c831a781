import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';

/** What every module's routes and services get: the database and the configuration. */
export type AppContext = { database: Database; config: Config };
