import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end journeys in a real Chromium against the built app (`npm run test:e2e` builds first).
 *
 * The app under test listens on 127.0.0.1:$E2E_PORT (default 3100) and always starts from a database it seeds itself:
 * - with DATABASE_URL (CI): that PostgreSQL database; seeding is idempotent (only an empty DB is
 *   seeded, and Vitest's global setup may already have done it);
 * - without it: a fresh embedded PGlite in a temp dir made here, removed when the run ends.
 */
const PORT = Number(process.env.E2E_PORT || 3100);
const HOST = '127.0.0.1';
const baseURL = `http://${HOST}:${PORT}`;
const CI = !!process.env.CI;

/** A fixed test-only secret (≥ 32 chars); never used outside this test server. */
const TEST_JWT_SECRET = 'e2e-only-jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/**
 * Playwright evaluates this file in the runner and again in every worker; workers inherit the
 * runner's environment, so the temp dir is made once and shared through E2E_DATA_DIR.
 */
function embeddedDataDir(variable = 'E2E_DATA_DIR'): string {
  const existing = process.env[variable];
  if (existing) return existing;
  const dir = mkdtempSync(join(tmpdir(), 'booking-e2e-'));
  process.env[variable] = dir;
  // Only the process that made it cleans it up (after the web server has been stopped).
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const databaseUrl = process.env.DATABASE_URL?.trim();
const serverEnv: Record<string, string> = {
  PORT: String(PORT),
  HOST,
  NODE_ENV: 'test',
  DEMO_SEED: 'true',
  // In CI the Vitest suite's deliberate wrong-password tests share 127.0.0.1 and the database with
  // this server; the per-IP sign-in limit is for real clients, not for the test runner's loopback.
  LOGIN_MAX_FAILURES_PER_IP: '100000',
  // One browser on loopback loads every page of every journey: the per-client ceiling is for real clients.
  RATE_LIMIT_MAX: '100000000',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl, JWT_SECRET: TEST_JWT_SECRET } : { DATA_DIR: embeddedDataDir(), DATABASE_URL: '' }),
  // Two roles (CI): the owner migrates and grants, the app's pool is DATABASE_URL's restricted role.
  ...(databaseUrl && process.env.MIGRATION_DATABASE_URL ? { MIGRATION_DATABASE_URL: process.env.MIGRATION_DATABASE_URL } : {}),
};

/**
 * A second app for the journeys of SUPPORT_ACCESS=granted (operators enter only while the owner
 * grants access), on the next port: its own embedded database, or the same PostgreSQL database
 * (grants are per business and the open server ignores them).
 */
const GRANTED_PORT = PORT + 1;
const grantedBaseURL = `http://${HOST}:${GRANTED_PORT}`;
const grantedServerEnv: Record<string, string> = {
  ...serverEnv,
  PORT: String(GRANTED_PORT),
  SUPPORT_ACCESS: 'granted',
  // Emergency entries allowed, so the journey can show one (the API tests prove the refusal when off).
  SUPPORT_BREAK_GLASS: 'true',
  // Its journey asks a demo business for access; a retry (or the next run on the same database)
  // must be able to ask again. The API tests prove the hourly throttle.
  SUPPORT_ACCESS_REQUEST_INTERVAL_MINUTES: '0',
  ...(databaseUrl ? {} : { DATA_DIR: embeddedDataDir('E2E_GRANTED_DATA_DIR') }),
};

const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export default defineConfig({
  testDir: 'e2e/journeys',
  outputDir: 'test-results', // cleaned at the start of every run; explicit page screenshots go to test-results/screens
  fullyParallel: false,
  workers: 1, // 2 cores and one app: journeys run one after another
  retries: CI ? 1 : 0,
  forbidOnly: CI,
  timeout: 180_000, // each screenshot() runs axe and takes pictures at two sizes
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    baseURL,
    // The admin writes times in the browser's locale (24-hour where the locale uses it); the journeys
    // pin one, so what they read does not depend on the machine running them.
    locale: 'en-GB',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'on-first-retry',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  // Every journey runs at desktop size, and its screenshot() calls check axe and take pictures at
  // both sizes (fixtures.ts). The phone project runs the journeys written for a phone: drawer
  // navigation, the compact pill, tables inside their cards. Running every journey twice would
  // double the suite's time for little more than the per-page checks already give.
  projects: [
    {
      name: 'chromium',
      testIgnore: /phone\.spec\.ts|support-access\.spec\.ts/,
      use: { browserName: 'chromium', viewport: { width: 1440, height: 900 }, launchOptions: chromiumLaunch },
    },
    {
      name: 'phone',
      testMatch: /phone\.spec\.ts/,
      use: { browserName: 'chromium', viewport: { width: 390, height: 844 }, hasTouch: true, launchOptions: chromiumLaunch },
    },
    {
      name: 'granted',
      testMatch: /support-access\.spec\.ts/,
      use: { browserName: 'chromium', baseURL: grantedBaseURL, viewport: { width: 1440, height: 900 }, launchOptions: chromiumLaunch },
    },
  ],
  webServer: [
    {
      command: 'npx node dist/api/apps/api/src/main.js',
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: serverEnv,
    },
    {
      command: 'npx node dist/api/apps/api/src/main.js',
      url: `${grantedBaseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: grantedServerEnv,
    },
  ],
});
