import { loadConfig } from '../src/config/app-config.js';
import { openDataSource, ownerConfig } from '../src/database/data-source.js';
import { grantAppRole, roleOf } from '../src/database/roles.js';
import { seedDemoIfEmpty } from '../src/cli/seed/demo-seed.js';

/**
 * With DATABASE_URL (CI: a fresh database per run, and MIGRATION_DATABASE_URL for the owner role),
 * migrate and seed once before the test files
 * start in parallel. Without it every test file boots its own in-memory PGlite instead.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL) return;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL,
    ...(process.env.MIGRATION_DATABASE_URL ? { MIGRATION_DATABASE_URL: process.env.MIGRATION_DATABASE_URL } : {}),
    JWT_SECRET: 'x'.repeat(48),
  });
  // Two-role runs (MIGRATION_DATABASE_URL, as in CI): the owner migrates and grants the app role.
  const db = await openDataSource(ownerConfig(config));
  if (config.migrationDatabaseUrl) await grantAppRole(db, roleOf(config.databaseUrl)!);
  await seedDemoIfEmpty(db);
  await db.destroy();
}
