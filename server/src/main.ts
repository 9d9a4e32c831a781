import { existsSync, mkdirSync } from 'node:fs';
import { loadConfig } from './config.ts';
import { openDatabaseFromConfig } from './db/database.ts';

async function main() {
  const started = performance.now();
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  // The embedded database's thread gone (a WebAssembly abort), the process can serve nothing: it
  // exits, for its supervisor to start it again, as it did when PGlite ran in this thread.
  const opening = openDatabaseFromConfig(config, (error) => {
    console.error(`Perfloop stops: ${error.message}`);
    process.exit(1);
  });
  opening.catch(() => {}); // awaited below, once the modules are loaded
  // The routes' modules load (1.2 s) while the embedded database starts in its thread (0.75 s,
  // 2 s for a new one), instead of one after the other.
  const [{ buildApp }, { bootstrap }, { startJobs }] = await Promise.all([
    import('./app.ts'),
    import('./bootstrap.ts'),
    import('./jobs/scheduler.ts'),
  ]);
  const database = await opening;
  const lines = await bootstrap(config, database);
  const app = await buildApp({ config, database });
  await app.listen({ port: config.port, host: config.host });
  const jobs = config.jobs
    ? await startJobs({ database, config, clock: () => new Date(), log: app.log })
    : null;

  const url = `http://localhost:${config.port}`;
  console.log('');
  console.log(
    `Perfloop 绩效闭环 is running on ${url}  (database: ${database.engine}, ready in ${Math.round(performance.now() - started)} ms)`,
  );
  if (!existsSync(config.webDistDir))
    console.log('The web UI is not built: run `npm run build` (npm start does this for you).');
  for (const line of lines) console.log(line);
  console.log('');

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await jobs?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
