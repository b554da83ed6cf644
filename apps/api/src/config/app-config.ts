import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

/** Typed configuration, read once from the environment and validated (docs/ARCHITECTURE.md §1). */
export interface AppConfig {
  nodeEnv: 'production' | 'development' | 'test';
  port: number;
  host: string;
  databaseUrl: string | null;
  /**
   * `MIGRATION_DATABASE_URL`: the owner role that runs migrations and grants the app's role
   * (DATABASE_URL's user) exactly what it needs (audit rows: INSERT and SELECT only). Null: one role
   * does both, as before.
   */
  migrationDatabaseUrl: string | null;
  dataDir: string;
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  sessionTtlMinutes: number;
  demoSeed: boolean;
  impersonationTtlMinutes: number;
  impersonationIdleMinutes: number;
  cookieSecure: boolean;
  /** Origins whose sign-in requests are accepted (the admin is served same-origin). */
  allowedOrigins: string[];
  /** Wrong passwords per (account, address) pair within the window before that pair is refused (429). */
  loginMaxFailuresPerPair: number;
  /** Wrong passwords on one account, from anywhere, after which its attempts are slowed (never locked). */
  loginMaxFailuresPerAccount: number;
  /** Wrong passwords from one address, on any account, after which its attempts are slowed. */
  loginMaxFailuresPerIp: number;
  loginWindowMinutes: number;
  /** Cap of the progressive delay of a slowed account or address. */
  loginMaxDelaySeconds: number;
  /**
   * Which peers may tell us the client's address (X-Forwarded-For): none, the nearest N hops, or
   * these addresses/CIDRs. Never "every hop": a client could then write its own address.
   */
  trustProxy: false | number | string[];
  adminDir: string;
  logLevel: string;
  /** `LOG_FORMAT`: readable lines at a terminal, JSON lines otherwise (files, pipes, collectors). */
  logFormat: 'json' | 'pretty';
  /** The one public origin: Host allow-list, sign-in Origin check (and links in e-mails). */
  publicUrl: string;
  /** Time limits between the app and its database, and for each request, boot and shutdown (milliseconds). */
  timeouts: Timeouts;
  /** SMTP delivery (`smtp://` or `smtps://`); null keeps every message in the outbox, shown to operators. */
  smtpUrl: string | null;
  /** The envelope and header sender: an address, optionally with a display name. */
  mailFrom: { name: string | null; address: string };
  /** Run the outbox delivery worker in this process (every replica may). Off by default in tests. */
  outboxWorker: boolean;
  outboxPollMs: number;
  /** How long a claimed message stays with one worker before another may take it (crash recovery). */
  outboxLeaseSeconds: number;
  outboxMaxAttempts: number;
  /** First retry delay; each further attempt doubles it, capped at one hour. */
  outboxRetrySeconds: number;
  /** Customers' reminder this many hours before a booking; 0 sends none. */
  bookingReminderHours: number;
  /** Whether an operator must give a reason to start an impersonation. */
  impersonationReasonRequired: boolean;
  /** `open`: operators may always enter (default); `granted`: only while the owner grants access. */
  supportAccess: 'open' | 'granted';
  /** In `granted` mode, allow an audited break-glass entry with a mandatory reason. */
  supportBreakGlass: boolean;
  /** One support-access request per operator and business within this many minutes (0: no limit). */
  supportAccessRequestIntervalMinutes: number;
  /** Requests per window to the public booking routes from one client address. */
  publicRateLimitPerIp: number;
  /** Requests per window to one business's public booking routes, from everyone together. */
  publicRateLimitPerBusiness: number;
  /** Bookings, cancellations and reschedules per window from one client address. */
  publicWritesPerIp: number;
  publicRateLimitWindowSeconds: number;
  /** Requests per window from one client address (as TRUST_PROXY resolves it), to any route: a ceiling above every other limit. */
  rateLimitMax: number;
  rateLimitWindowSeconds: number;
}

export interface Timeouts {
  /** Opening a database connection (TCP + start-up + authentication), and waiting for a free pooled one. */
  dbConnectMs: number;
  /** PostgreSQL statement_timeout for the app's sessions; the client gives up a little later if the server is silent. */
  dbStatementMs: number;
  /** PostgreSQL idle_in_transaction_session_timeout: a transaction left open cannot hold locks for ever. */
  dbIdleInTransactionMs: number;
  /** Whole-request deadline: past it the client gets 503 instead of waiting. */
  requestMs: number;
  /** /api/health's own database check. */
  healthMs: number;
  /** From start to listening; past it the process exits non-zero so a restart policy can act. */
  bootMs: number;
  /** From SIGTERM to exit: in-flight requests finish, then remaining connections are closed. */
  shutdownMs: number;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** proxy-addr's named ranges, each a fixed set of networks, never "anything". */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(env: NodeJS.ProcessEnv): false | number | string[] {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || /^(false|none|0|no)$/i.test(raw)) return false;
  if (/^(true|yes|\*|all)$/i.test(raw)) {
    throw new ConfigError('TRUST_PROXY must name the trusted proxies (addresses/CIDRs, e.g. 10.0.0.0/8) or a hop count (e.g. 1); "true" would trust every hop');
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 10) throw new ConfigError(`TRUST_PROXY hop count must be between 1 and 10, got ${hops}`);
    return hops;
  }
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (NAMED_RANGES.includes(entry)) continue;
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix && Number(prefix) >= (family === 4 ? 8 : 16));
    if (!family || !prefixOk || extra !== undefined) {
      throw new ConfigError(
        `TRUST_PROXY entry "${entry}" must be an IP address, a CIDR (/8../32 for IPv4, /16../128 for IPv6), loopback, linklocal or uniquelocal`,
      );
    }
  }
  return entries;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/**
 * Embedded mode keeps a generated secret beside its database so sessions survive restarts without
 * anyone having to invent one; a server deployment must bring its own in production.
 */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

function logFormat(env: NodeJS.ProcessEnv): 'json' | 'pretty' {
  const raw = env.LOG_FORMAT?.trim();
  if (!raw) return process.stdout.isTTY ? 'pretty' : 'json';
  if (raw === 'json' || raw === 'pretty') return raw;
  throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  if (!['production', 'development', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError(`NODE_ENV must be production, development or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// connection string');
  }
  const migrationDatabaseUrl = env.MIGRATION_DATABASE_URL?.trim() || null;
  if (migrationDatabaseUrl) {
    if (!databaseUrl) throw new ConfigError('MIGRATION_DATABASE_URL needs DATABASE_URL (the app role it grants to); the embedded database has one role');
    if (!/^postgres(ql)?:\/\//.test(migrationDatabaseUrl))
      throw new ConfigError('MIGRATION_DATABASE_URL must be a postgres:// or postgresql:// connection string');
  }
  const dataDir = resolve(env.DATA_DIR || './data');

  let jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret && jwtSecret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
  if (!jwtSecret) {
    if (production) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
    if (databaseUrl && nodeEnv !== 'test') {
      // A server database is shared by replicas: a per-machine generated secret would split them.
      throw new ConfigError('JWT_SECRET is required with DATABASE_URL (replicas must share it)');
    }
    jwtSecret = nodeEnv === 'test' && databaseUrl ? randomBytes(48).toString('base64url') : loadOrCreateSecret(dataDir);
  }

  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const origins = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) throw new ConfigError(`ALLOWED_ORIGINS entry "${origin}" must be an origin like https://admin.example.com`);
  }

  const ttl = int(env, 'IMPERSONATION_TTL_MINUTES', 60, 1, 24 * 60);
  const idle = int(env, 'IMPERSONATION_IDLE_MINUTES', 15, 1, 24 * 60);
  if (idle > ttl) throw new ConfigError('IMPERSONATION_IDLE_MINUTES must not exceed IMPERSONATION_TTL_MINUTES');

  const publicUrl = (env.PUBLIC_URL || `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#\s]+$/.test(publicUrl)) throw new ConfigError(`PUBLIC_URL must be an origin like https://book.example.com, got "${publicUrl}"`);
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an origin like https://book.example.com, got "${publicUrl}"`);
  }

  const timeouts: Timeouts = {
    dbConnectMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 5000, 100, 120_000),
    dbStatementMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600_000),
    dbIdleInTransactionMs: int(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 10_000, 100, 600_000),
    requestMs: int(env, 'REQUEST_TIMEOUT_MS', 10_000, 200, 900_000),
    healthMs: int(env, 'HEALTH_TIMEOUT_MS', 2000, 100, 60_000),
    bootMs: int(env, 'BOOT_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    shutdownMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 8000, 500, 120_000),
  };
  // A slow statement must get its own answer (503 after statement_timeout) before the request's deadline cuts it off.
  if (timeouts.requestMs <= timeouts.dbStatementMs) {
    throw new ConfigError(`REQUEST_TIMEOUT_MS (${timeouts.requestMs}) must be greater than DB_STATEMENT_TIMEOUT_MS (${timeouts.dbStatementMs})`);
  }

  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl) {
    let parsed: URL | null;
    try {
      parsed = new URL(smtpUrl);
    } catch {
      parsed = null;
    }
    if (!parsed || !['smtp:', 'smtps:'].includes(parsed.protocol) || !parsed.hostname) {
      throw new ConfigError('SMTP_URL must be smtp://[user:pass@]host[:port] or smtps://…');
    }
  }
  const mailFrom = parseMailFrom(env.MAIL_FROM, new URL(publicUrl).hostname);

  const supportAccess = env.SUPPORT_ACCESS?.trim() || 'open';
  if (supportAccess !== 'open' && supportAccess !== 'granted') throw new ConfigError(`SUPPORT_ACCESS must be open or granted, got "${supportAccess}"`);
  const supportBreakGlass = bool(env, 'SUPPORT_BREAK_GLASS', false);
  // Break-glass is a way past a missing grant; with `open` there is no grant to go past, and a setting
  // that promises an emergency-only door while every door is open would mislead whoever reads it.
  if (supportBreakGlass && supportAccess !== 'granted')
    throw new ConfigError('SUPPORT_BREAK_GLASS=true needs SUPPORT_ACCESS=granted (with open access operators may always enter)');

  const leaseSeconds = int(env, 'OUTBOX_LEASE_SECONDS', 120, 2, 3600);

  return {
    nodeEnv,
    port,
    host,
    databaseUrl,
    migrationDatabaseUrl,
    dataDir,
    jwtSecret,
    jwtIssuer: env.JWT_ISSUER || 'booking-platform',
    jwtAudience: env.JWT_AUDIENCE || 'booking-platform-admin',
    sessionTtlMinutes: int(env, 'SESSION_TTL_MINUTES', 12 * 60, 5, 30 * 24 * 60),
    demoSeed: bool(env, 'DEMO_SEED', !databaseUrl && !production),
    impersonationTtlMinutes: ttl,
    impersonationIdleMinutes: idle,
    cookieSecure: bool(env, 'COOKIE_SECURE', production),
    allowedOrigins: origins,
    loginMaxFailuresPerPair: int(env, 'LOGIN_MAX_FAILURES_PER_PAIR', 5, 1, 1000),
    loginMaxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 10, 1, 100000),
    loginMaxFailuresPerIp: int(env, 'LOGIN_MAX_FAILURES_PER_IP', 30, 1, 100000),
    loginWindowMinutes: int(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    loginMaxDelaySeconds: int(env, 'LOGIN_MAX_DELAY_SECONDS', 60, 1, 3600),
    trustProxy: trustProxy(env),
    adminDir: resolve(env.ADMIN_DIR || 'dist/admin/browser'),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
    publicUrl,
    logFormat: logFormat(env),
    timeouts,
    smtpUrl,
    mailFrom,
    outboxWorker: bool(env, 'OUTBOX_WORKER', nodeEnv !== 'test'),
    outboxPollMs: int(env, 'OUTBOX_POLL_MS', 2000, 50, 600_000),
    outboxLeaseSeconds: leaseSeconds,
    outboxMaxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
    outboxRetrySeconds: int(env, 'OUTBOX_RETRY_SECONDS', 30, 1, 3600),
    bookingReminderHours: int(env, 'BOOKING_REMINDER_HOURS', 24, 0, 24 * 14),
    impersonationReasonRequired: bool(env, 'IMPERSONATION_REASON_REQUIRED', false),
    supportAccess,
    supportBreakGlass,
    supportAccessRequestIntervalMinutes: int(env, 'SUPPORT_ACCESS_REQUEST_INTERVAL_MINUTES', 60, 0, 7 * 24 * 60),
    publicRateLimitPerIp: int(env, 'PUBLIC_RATE_LIMIT_PER_IP', 120, 1, 10_000_000),
    publicRateLimitPerBusiness: int(env, 'PUBLIC_RATE_LIMIT_PER_BUSINESS', 2000, 1, 10_000_000),
    publicWritesPerIp: int(env, 'PUBLIC_WRITES_PER_IP', 10, 1, 10_000_000),
    publicRateLimitWindowSeconds: int(env, 'PUBLIC_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    rateLimitMax: int(env, 'RATE_LIMIT_MAX', 1200, 1, 100_000_000),
    rateLimitWindowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
  };
}

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$|^[^\s@<>"]+@localhost$/i;

/** `MAIL_FROM`: `bookings@example.com` or `Example Bookings <bookings@example.com>`. */
function parseMailFrom(raw: string | undefined, publicHost: string): AppConfig['mailFrom'] {
  const value = raw?.trim();
  if (!value) return { name: null, address: `no-reply@${/^[\d.]+$|^\[|^[^.]+$/.test(publicHost) ? 'localhost' : publicHost}` };
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  const name = named ? named[1]!.replace(/^"|"$/g, '').trim() || null : null;
  const address = (named ? named[2]! : value).trim();
  if (!ADDRESS.test(address) || (name && /[\r\n<>]/.test(name))) {
    throw new ConfigError(`MAIL_FROM must be an address or "Name <address>", got "${value}"`);
  }
  return { name, address };
}

/** DI token for the validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
