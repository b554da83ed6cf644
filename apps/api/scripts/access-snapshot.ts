import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createApp } from '../src/app.factory.js';
import { listRoutes } from '../src/access/route-inventory.js';
import { loadConfig } from '../src/config/app-config.js';
import { ACCESS_SNAPSHOT_FILE, renderAccessSnapshot } from './access-artifacts.js';

/**
 * `npm run access:snapshot`: boots the app on a throw-away in-memory database (no port) and writes
 * every route's declared access to docs/access.txt.
 */
async function main(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'snapshot-'.padEnd(48, 'x'),
    DATA_DIR: '/tmp/booking-snapshot-unused',
    ADMIN_DIR: '/nonexistent-admin',
    LOG_LEVEL: 'warn',
  });
  const app = await createApp(config, { memory: true });
  const text = renderAccessSnapshot(listRoutes(app));
  await app.close();
  writeFileSync(ACCESS_SNAPSHOT_FILE, text);
  process.stdout.write(`wrote ${ACCESS_SNAPSHOT_FILE}\n`);
}

void main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
