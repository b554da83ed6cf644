import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { seedDemoIfEmpty } from './database/seed/demo-seed.js';
import { DataSource } from 'typeorm';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const app = await createApp(config);
  const seeded = config.demoSeed ? await seedDemoIfEmpty(app.get(DataSource)) : false;
  // Fastify's own "Server listening at …" line would come before the banner, which says the same
  // and more: the root logger is quiet for the listen call only.
  const log = app.getHttpAdapter().getInstance().log;
  const level = log.level;
  if (['trace', 'debug', 'info'].includes(level)) log.level = 'warn';
  await app.listen({ port: config.port, host: config.host });
  log.level = level;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const lines = [
    '',
    `  Booking platform is running at ${url}`,
    `  API docs: ${url}/api/docs`,
    `  Database: ${config.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`,
  ];
  if (config.demoSeed) {
    lines.push(
      seeded ? '  Demo data was seeded. Sign in with:' : '  Demo sign-ins:',
      '    operator            operator@demo.test           / demo-operator',
      '    owner, acme-hair    owner@acme-hair.demo.test    / demo-owner',
      '    staff, acme-hair    staff@acme-hair.demo.test    / demo-staff',
      '    (bright-dental and city-yoga have owner@… and staff@… the same way)',
    );
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

void main();
