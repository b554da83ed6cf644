import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/app-config.js';
import { databaseBoot } from '../database/database.module.js';
import { Lifecycle } from '../health/lifecycle.js';
import { classifyBootError, redactUrl } from './boot-errors.js';

/** sysexits: EX_CONFIG for a bad setting, 1 for everything else that stops a boot. */
const EXIT_CONFIG = 78;
const EXIT_BOOT_FAILED = 1;

const say = (line: string): void => void process.stderr.write(line + '\n');

/**
 * The process: validate the configuration, open the database (retrying only what may heal by
 * itself, within BOOT_TIMEOUT_MS), listen, and on SIGTERM/SIGINT leave cleanly (exit 0).
 */
export async function serve(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      say(`Configuration error: ${err.message}`);
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
  // Embedded mode writes the whole database under DATA_DIR: whatever it creates is private to this user.
  if (!config.databaseUrl) process.umask(0o077);

  let lastProblem = config.databaseUrl
    ? `the database at ${redactUrl(config.databaseUrl)} did not answer (DB_CONNECT_TIMEOUT_MS=${config.timeouts.dbConnectMs})`
    : `the embedded database in DATA_DIR=${config.dataDir} did not open`;
  // A database that accepts connections and never answers must not hang the process for ever:
  // exit non-zero so the restart policy (Docker, systemd, Kubernetes) acts.
  const bootDeadline = setTimeout(() => {
    say(`Start-up did not finish within BOOT_TIMEOUT_MS=${config.timeouts.bootMs}: ${lastProblem}`);
    process.exit(EXIT_BOOT_FAILED);
  }, config.timeouts.bootMs);

  const fail = (line: string): never => {
    say(line);
    process.exit(EXIT_BOOT_FAILED);
  };

  let app: NestFastifyApplication | undefined;
  for (let attempt = 1; !app; attempt++) {
    try {
      app = await createApp(config);
    } catch (err) {
      const verdict = classifyBootError(err, config);
      if (verdict.permanent) {
        if (verdict.line.startsWith('Start-up failed') && err instanceof Error && err.stack) say(err.stack);
        fail(verdict.line);
      }
      lastProblem = verdict.line;
      const delay = Math.min(250 * 2 ** attempt, 5000);
      say(`${verdict.line}; retrying in ${delay} ms (attempt ${attempt})`);
      await sleep(delay);
    }
  }
  // Fastify's own "Server listening at …" line would come before the banner, which says the same
  // and more: the root logger is quiet for the listen call only.
  const log = app.getHttpAdapter().getInstance().log;
  const level = log.level;
  if (['trace', 'debug', 'info'].includes(level)) log.level = 'warn';
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    fail(classifyBootError(err, config).line);
  }
  log.level = level;
  clearTimeout(bootDeadline);
  installShutdown(app, config);
  printBanner(config);
}

/**
 * SIGTERM/SIGINT: fail readiness, keep serving for a short drain (every answer says
 * `Connection: close`, so keep-alive clients leave after their current request), then stop
 * listening and close idle sockets, let in-flight requests finish, close the database, exit 0.
 * Anything still open at SHUTDOWN_TIMEOUT_MS (below Docker's 10 s grace by default) is closed.
 */
export function installShutdown(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  const logger = fastify.log;
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    const t0 = Date.now();
    const budget = config.timeouts.shutdownMs;
    logger.info({ msg: 'shutting down', signal, deadlineMs: budget });
    app.get(Lifecycle).startDraining();
    const force = setTimeout(() => {
      logger.warn({ msg: 'shutdown deadline reached: closing the remaining connections', deadlineMs: budget });
      fastify.server.closeAllConnections();
      setTimeout(() => process.exit(0), 500).unref();
    }, budget);
    force.unref();
    await sleep(Math.min(1000, Math.floor(budget / 4)));
    try {
      await fastify.close();
      await app.close();
    } catch (err) {
      logger.error({ msg: 'error while shutting down', err: err instanceof Error ? err.message : String(err) });
    }
    logger.info({ msg: 'shut down', ms: Date.now() - t0 });
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

function printBanner(config: AppConfig): void {
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const lines = [
    '',
    `  Booking platform is running at ${url}`,
    `  API docs: ${url}/api/docs`,
    `  Database: ${config.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `embedded PGlite in ${config.dataDir} (one process at a time; commits are fsynced)`}`,
  ];
  if (config.demoSeed) {
    lines.push(
      databaseBoot.seeded ? '  Demo data was seeded. Sign in with:' : '  Demo sign-ins:',
      '    operator            operator@demo.test           / demo-operator',
      '    owner, acme-hair    owner@acme-hair.demo.test    / demo-owner',
      '    staff, acme-hair    staff@acme-hair.demo.test    / demo-staff',
      '    (bright-dental and city-yoga have owner@… and staff@… the same way)',
    );
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}
