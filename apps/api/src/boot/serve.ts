import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/app-config.js';
import { databaseBoot } from '../app.module.js';
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
    // Reading or creating DATA_DIR/jwt-secret: an unwritable DATA_DIR, named in one line.
    say(classifyBootError(err, { databaseUrl: null, port: 0, host: '', dataDir: resolve(process.env.DATA_DIR || './data') }).line);
    process.exit(EXIT_BOOT_FAILED);
  }

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
  const connections = trackConnections(app);
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
  installShutdown(app, config, connections);
  printBanner(config);
}

/** Per open connection: requests being served, and since when it has had none. */
type Connections = Map<Socket, { active: number; idleSince: number }> & {
  /** Nothing in flight, and no connection accepted or request finished within `ms`. */
  quiet(ms: number): boolean;
};

/**
 * Node closes "idle" keep-alive sockets when the server closes, but a socket whose next request
 * is already on the wire (not yet parsed) also looks idle: closing it resets that request. So the
 * server's own idle-closing is replaced by ours, which closes a socket only once it has served
 * nothing for IDLE_GRACE_MS. A new connection counts as busy from the moment it is accepted.
 */
export function trackConnections(app: NestFastifyApplication): Connections {
  const server = app.getHttpAdapter().getInstance().server;
  let lastAccepted = 0;
  const connections = Object.assign(new Map<Socket, { active: number; idleSince: number }>(), {
    quiet(ms: number): boolean {
      const now = Date.now();
      if (now - lastAccepted < ms) return false;
      for (const state of connections.values()) if (state.active > 0 || now - state.idleSince < ms) return false;
      return true;
    },
  });
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { active: 0, idleSince: Date.now() });
    lastAccepted = Date.now();
    socket.once('close', () => connections.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const state = connections.get(req.socket);
    if (!state) return;
    state.active++;
    res.once('close', () => {
      state.active--;
      state.idleSince = Date.now();
    });
  });
  return connections;
}

const IDLE_GRACE_MS = 250;

/**
 * SIGTERM/SIGINT: fail readiness, keep serving for a short drain (every answer says
 * `Connection: close`, so keep-alive clients leave after their current request), then stop
 * listening, close sockets that stay idle, let in-flight requests finish, close the database, exit
 * 0. Anything still open at SHUTDOWN_TIMEOUT_MS (below Docker's 10 s grace by default) is closed.
 */
export function installShutdown(app: NestFastifyApplication, config: AppConfig, connections: Connections = trackConnections(app)): void {
  const fastify = app.getHttpAdapter().getInstance();
  const logger = fastify.log;
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    const t0 = Date.now();
    const budget = config.timeouts.shutdownMs;
    logger.info({ msg: 'shutting down', signal, deadlineMs: budget, openConnections: connections.size });
    app.get(Lifecycle).startDraining();
    const force = setTimeout(() => {
      logger.warn({ msg: 'shutdown deadline reached: closing the remaining connections', deadlineMs: budget, openConnections: connections.size });
      fastify.server.closeAllConnections();
      setTimeout(() => process.exit(0), 500).unref();
    }, budget);
    force.unref();
    await sleep(Math.min(1000, Math.floor(budget / 4)));
    // Keep accepting until the instance is quiet: nothing in flight and no new connection for a
    // moment. A busy process accepts late, and closing the listener would reset every connection
    // still waiting in the kernel's accept queue.
    const stopBy = t0 + Math.max(budget - 1500, budget / 2);
    while (Date.now() < stopBy && !connections.quiet(IDLE_GRACE_MS)) await sleep(50);
    fastify.server.closeIdleConnections = () => undefined;
    const reaper = setInterval(() => {
      const now = Date.now();
      for (const [socket, state] of connections) if (state.active === 0 && now - state.idleSince >= IDLE_GRACE_MS) socket.end();
    }, 50);
    try {
      await fastify.close();
      clearInterval(reaper);
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
    `  E-mail: ${config.smtpUrl ? 'sent through SMTP_URL' : 'no SMTP_URL, so messages stay in the outbox (operators see them under Outbox)'}`,
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
