import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { ActorCache } from '../modules/auth/actor-cache.ts';
import type { Limiter } from './limiter.ts';

/** What every module's routes and services get: the database, the configuration and the clock. */
export type AppContext = {
  database: Database;
  config: Config;
  /** The current instant; tests pass a fixed one so dates and paces are reproducible. */
  clock: () => Date;
  /**
   * Reads whose size grows with the company (the alignment tree, a department's dashboard):
   * a few at a time, so fifty of them at once queue instead of exhausting memory.
   */
  heavyReads: Limiter;
  /** Signed-in callers by session, kept while the database says nothing changed them. */
  actors: ActorCache;
};
