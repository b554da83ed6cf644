import { loadConfig } from '../src/config/app-config.js';
import { openDataSource } from '../src/database/data-source.js';
import { seedDemoIfEmpty } from '../src/database/seed/demo-seed.js';

/**
 * With DATABASE_URL (CI: a fresh database per run), migrate and seed once before the test files
 * start in parallel. Without it every test file boots its own in-memory PGlite instead.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL) return;
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: 'x'.repeat(48) });
  const db = await openDataSource(config);
  await seedDemoIfEmpty(db);
  await db.destroy();
}
