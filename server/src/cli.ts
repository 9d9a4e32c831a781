import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EmailSchema, EmployeeNoSchema, IsoDateSchema, NewPasswordSchema } from '@perfloop/core';
import { bootstrap } from './bootstrap.ts';
import { invocationDir, loadConfig } from './config.ts';
import { prepareIbmDataset } from './datasets/ibm-attrition.ts';
import { openDatabaseFromConfig } from './db/database.ts';
import { makeInitdbTemplate } from './db/pglite-template.ts';
import { findTenantIdBySlug, selectTenantSchedules } from './jobs/scheduler.repository.ts';
import { runWeeklySnapshot } from './modules/early-warning/snapshot.service.ts';
import { createFirstTenant } from './modules/setup/tenant.service.ts';
import { generatePassword } from './shared/crypto.ts';

const HELP = `Perfloop command line

  npm run cli -- db:migrate
      Apply database migrations (also done on every start).
  npm run cli -- db:pglite-template
      Make again the embedded database's initdb template (server/src/db/pglite-template/),
      after upgrading PGlite: new data directories are loaded from it instead of running initdb.
  npm run cli -- admin:create --company NAME --name NAME --email EMAIL --employee-no NO [--password PW]
      Create the company and its first admin on an empty installation (PERFLOOP_DEMO=0).
      Without --password a password is generated and printed once.
  npm run cli -- dataset:ibm IN.csv OUT.csv
      Prepare the IBM HR attrition dataset for import: adds generated names, a reporting
      line (each person reports to someone of a higher JobLevel in their department) and
      hire dates. Import OUT.csv through the column-mapping step.
  npm run cli -- seed:demo
      Create the demo company on an empty installation and print its logins.
  npm run cli -- snapshot:run --date YYYY-MM-DD [--company SLUG]
      Take the weekly progress snapshot and run the early-warning rules for a date (back-filling
      a missed week, or a test). Each company and date runs once; a second run reports the first.
`;

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') {
    console.log(HELP);
    return;
  }
  if (command === 'dataset:ibm') {
    const [input, output] = rest;
    if (!input || !output) throw new Error(`dataset:ibm needs IN.csv and OUT.csv\n\n${HELP}`);
    const from = path.resolve(invocationDir(), input);
    const to = path.resolve(invocationDir(), output);
    writeFileSync(to, prepareIbmDataset(readFileSync(from, 'utf8')));
    console.log(`Wrote ${to}`);
    return;
  }
  if (command === 'db:pglite-template') {
    const info = await makeInitdbTemplate();
    console.log(`Wrote the initdb template of PGlite ${info.pglite} (${info.postgres.split(' (')[0]}).`);
    return;
  }
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabaseFromConfig(config);
  try {
    switch (command) {
      case 'db:migrate':
        await database.migrate();
        console.log(`Migrations applied (${database.engine}).`);
        break;
      case 'seed:demo': {
        const lines = await bootstrap({ ...config, demo: true }, database);
        for (const line of lines) console.log(line);
        break;
      }
      case 'admin:create': {
        const { values } = parseArgs({
          args: rest,
          options: {
            company: { type: 'string' },
            name: { type: 'string' },
            email: { type: 'string' },
            'employee-no': { type: 'string' },
            password: { type: 'string' },
          },
        });
        const missing = ['company', 'name', 'email', 'employee-no'].filter(
          (k) => !values[k as keyof typeof values],
        );
        if (missing.length > 0)
          throw new Error(`Missing: ${missing.map((m) => `--${m}`).join(', ')}\n\n${HELP}`);
        const email = EmailSchema.parse(values.email);
        const employeeNo = EmployeeNoSchema.parse(values['employee-no']);
        const password = values.password ?? generatePassword();
        if (!NewPasswordSchema.safeParse(password).success)
          throw new Error('--password needs at least 10 characters with letters and digits');
        await database.migrate();
        await createFirstTenant(database.db, {
          name: values.company!,
          slug: 'default',
          admin: { employeeNo, name: values.name!, email, password },
        });
        console.log('Admin created. Sign in with:');
        console.log(`login: ${email}  password: ${values.password ? '(as given)' : password}`);
        break;
      }
      case 'snapshot:run': {
        const { values } = parseArgs({
          args: rest,
          options: { date: { type: 'string' }, company: { type: 'string' } },
        });
        const date = IsoDateSchema.safeParse(values.date);
        if (!date.success) throw new Error(`--date YYYY-MM-DD is required\n\n${HELP}`);
        await database.migrate();
        const tenants = await selectTenantSchedules(database.db);
        const tenantId = values.company ? await findTenantIdBySlug(database.db, values.company) : null;
        const targets = tenantId ? tenants.filter((t) => t.id === tenantId) : tenants;
        if (values.company && targets.length === 0) throw new Error(`No company with slug ${values.company}`);
        for (const tenant of targets) {
          const run = await runWeeklySnapshot(
            { db: database.db, now: new Date(), publicUrl: config.publicUrl },
            tenant.id,
            date.data,
            'manual',
            { kind: 'system', name: 'cli' },
          );
          console.log(
            `${tenant.id} ${run.date}: ${run.alreadyRun ? 'already run' : 'done'} — ${run.goals} goals, ${run.keyResults} key results, ${run.alertsOpened} alerts opened, ${run.alertsResolved} resolved`,
          );
        }
        break;
      }
      default:
        throw new Error(`Unknown command ${command}\n\n${HELP}`);
    }
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
