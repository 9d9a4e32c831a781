import { existsSync } from 'node:fs';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const Bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  PERFLOOP_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PERFLOOP_DEMO: Bool.default(true),
  PERFLOOP_PUBLIC_URL: z.url().optional(),
  PERFLOOP_TRUST_PROXY: Bool.default(false),
  PERFLOOP_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1024).default(50),
  PERFLOOP_JOBS: Bool.default(true),
  PERFLOOP_SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  PERFLOOP_SESSION_CACHE: Bool.default(true),
  PERFLOOP_JOB_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  PERFLOOP_ALLOW_PRIVATE_WEBHOOKS: Bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demo: boolean;
  publicUrl: string;
  trustProxy: boolean;
  maxUploadBytes: number;
  sessionDays: number;
  /**
   * Keep signed-in callers in memory, forgotten on every change the database notifies
   * (auth/actor-cache.ts); off, every request reads its session.
   */
  sessionCache: boolean;
  /** Run the background jobs (snapshots, reminders, deliveries) in this process. */
  jobs: boolean;
  /**
   * How long background work (an import) stays claimed by its process without a heartbeat; the
   * process renews it every third of this. A job whose lease ran out is failed by any process.
   */
  jobLeaseSeconds: number;
  /**
   * Let robot webhooks reach loopback, link-local and private addresses (a robot on the company
   * network, the tests' local receivers); off, such URLs are refused when saved and when sent to.
   */
  allowPrivateWebhooks: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  webDistDir: string;
};

/** The repository root (where web/dist and ./data live), whatever the working directory. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Parses the environment once (with an optional .env file); throws with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: boolean } = {}): Config {
  if (options.dotenv !== false) {
    for (const file of [path.join(process.cwd(), '.env'), path.join(REPO_ROOT, '.env')]) {
      if (existsSync(file))
        loadDotenv({ path: file, quiet: true, processEnv: env as Record<string, string> });
    }
  }
  // An empty value (`DATABASE_URL=` in a .env file) means the variable is not set.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(REPO_ROOT, e.PERFLOOP_DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    demo: e.PERFLOOP_DEMO,
    publicUrl: e.PERFLOOP_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    trustProxy: e.PERFLOOP_TRUST_PROXY,
    maxUploadBytes: e.PERFLOOP_MAX_UPLOAD_MB * 1024 * 1024,
    sessionDays: e.PERFLOOP_SESSION_DAYS,
    sessionCache: e.PERFLOOP_SESSION_CACHE,
    jobs: e.PERFLOOP_JOBS,
    jobLeaseSeconds: e.PERFLOOP_JOB_LEASE_SECONDS,
    allowPrivateWebhooks: e.PERFLOOP_ALLOW_PRIVATE_WEBHOOKS,
    logLevel: e.LOG_LEVEL,
    webDistDir: path.join(REPO_ROOT, 'web', 'dist'),
  };
}

/** Where the user ran the command: npm runs workspace scripts elsewhere but keeps INIT_CWD. */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD ?? process.cwd();
}
