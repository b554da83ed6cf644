import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createApp } from '../src/app.factory.js';
import { buildOpenApiDocument } from '../src/openapi/document.js';
import { loadConfig } from '../src/config/app-config.js';
import { CLIENT_TYPES_FILE, renderClientTypes, renderSnapshot, SNAPSHOT_FILE } from './openapi-artifacts.js';

/**
 * `npm run openapi:snapshot`: boots the app on a throw-away in-memory database (no port), writes the
 * OpenAPI document to docs/openapi.json and the client types to libs/api-client/src/schema.ts. The
 * OpenAPI test fails until both are regenerated after an API change.
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
  const doc = buildOpenApiDocument(app);
  await app.close();
  writeFileSync(SNAPSHOT_FILE, renderSnapshot(doc));
  writeFileSync(CLIENT_TYPES_FILE, await renderClientTypes(doc));
  process.stdout.write(`wrote ${SNAPSHOT_FILE}\nwrote ${CLIENT_TYPES_FILE}\n`);
}

void main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
