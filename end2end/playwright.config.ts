// Browser journeys against the real fikir binary (scripts/e2e-server), in Debian's chromium.
// Every journey runs twice: with JavaScript (the hydrated app) and without (plain forms).
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: './tests',
  timeout: 90_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 2,
  // No retries: a journey that fails once is a bug to find (the last one was Leptos' file handler
  // taking a concurrent page's CSP; see server/src/router.rs).
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'tr-TR',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
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
  projects: [
    { name: 'js', use: { javaScriptEnabled: true } },
    { name: 'no-js', use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: 'bash ../scripts/e2e-server',
    url: `http://127.0.0.1:${port}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { ...process.env, E2E_PORT: String(port) } as Record<string, string>,
  },
});
