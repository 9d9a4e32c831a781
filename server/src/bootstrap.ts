import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { type DemoLogin, seedDemoCompany } from './demo/demo.seed.ts';
import { failExpiredImportJobs } from './modules/imports/import.repository.ts';
import { countTenants } from './modules/setup/tenant.service.ts';

function formatLogins(logins: readonly DemoLogin[]): string {
  return logins.map((l) => `login: ${l.login}  password: ${l.password}    # ${l.role}`).join('\n');
}

/**
 * Prepares the database at start: migrations, failing work whose process is gone, and on an empty
 * installation either the demo company (printing its logins) or how to create the first admin.
 * Returns the lines to print.
 */
export async function bootstrap(config: Config, database: Database): Promise<string[]> {
  await database.migrate();
  // Only imports whose process is gone (their lease ran out): another process on the same
  // PostgreSQL may be running one right now. The embedded database is this process's alone.
  await failExpiredImportJobs(database.db, { everyRunning: database.engine === 'pglite' });
  const lines: string[] = [];
  const credentialsFile = path.join(config.dataDir, 'demo-logins.txt');
  if ((await countTenants(database.db)) === 0) {
    if (config.demo) {
      const logins = await seedDemoCompany(database.db, config.publicUrl);
      const text = formatLogins(logins);
      // Kept (readable by this user only) so the demo logins can be shown again on later starts.
      writeFileSync(credentialsFile, `${text}\n`, { mode: 0o600 });
      chmodSync(credentialsFile, 0o600);
      lines.push('Demo company 示例科技有限公司 created. Sign in with:', text);
    } else {
      lines.push(
        'No company yet. Create the first admin with',
        '  npm run cli -- admin:create --company "公司名称" --name "管理员" --email admin@example.com --employee-no A0001',
        `or open ${config.publicUrl}/setup in a browser.`,
      );
    }
  } else if (config.demo && existsSync(credentialsFile)) {
    lines.push('Demo logins (from the first start):', readFileSync(credentialsFile, 'utf8').trimEnd());
  }
  return lines;
}
