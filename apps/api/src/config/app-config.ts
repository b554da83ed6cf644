import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Typed configuration, read once from the environment and validated (docs/ARCHITECTURE.md §1). */
export interface AppConfig {
  nodeEnv: 'production' | 'development' | 'test';
  port: number;
  host: string;
  databaseUrl: string | null;
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
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  loginWindowMinutes: number;
  adminDir: string;
  logLevel: string;
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
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
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
  const origins = (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) throw new ConfigError(`ALLOWED_ORIGINS entry "${origin}" must be an origin like https://admin.example.com`);
  }

  const ttl = int(env, 'IMPERSONATION_TTL_MINUTES', 60, 1, 24 * 60);
  const idle = int(env, 'IMPERSONATION_IDLE_MINUTES', 15, 1, 24 * 60);
  if (idle > ttl) throw new ConfigError('IMPERSONATION_IDLE_MINUTES must not exceed IMPERSONATION_TTL_MINUTES');

  return {
    nodeEnv,
    port,
    host,
    databaseUrl,
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
    loginMaxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
    loginMaxFailuresPerIp: int(env, 'LOGIN_MAX_FAILURES_PER_IP', 30, 1, 100000),
    loginWindowMinutes: int(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    adminDir: resolve(env.ADMIN_DIR || 'dist/admin/browser'),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
  };
}

/** DI token for the validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
