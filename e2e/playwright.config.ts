import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
// A fresh embedded database for every run, with the demo company; the journeys read its logins.
const dataDir = process.env.PERFLOOP_E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'perfloop-e2e-'));
process.env.PERFLOOP_E2E_DATA_DIR = dataDir;
const port = Number(process.env.PERFLOOP_E2E_PORT ?? 3107);

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    locale: 'zh-CN',
    launchOptions: {
      executablePath: process.env.PERFLOOP_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node --import tsx ${path.join(root, 'server', 'src', 'main.ts')}`,
    cwd: root,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PERFLOOP_DATA_DIR: dataDir,
      PERFLOOP_DEMO: '1',
      PERFLOOP_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
  },
});
