import { isConnectionFailure, PG, sqlState } from '../common/database-errors.js';
import { ConfigError, type AppConfig } from '../config/app-config.js';
import { MigrationFailedError } from '../database/data-source.js';
import { DataDirInUseError, DataDirUnwritableError } from '../database/embedded-store.js';

export interface BootVerdict {
  /** Retrying cannot help: stop at once and let a person fix the named setting. */
  permanent: boolean;
  /** One human line naming the setting involved (never a password). */
  line: string;
}

/** postgres://user:secret@host:5432/db → postgres://user@host:5432/db */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Sorts what stopped a boot into "not yet" (the database is starting, restarting, or not reachable
 * yet: retry until BOOT_TIMEOUT_MS) and "never" (a missing database or role, a wrong password, a
 * failed migration, a port in use, an unusable DATA_DIR: stop now, with one line that says which
 * setting to fix). Unknown errors count as permanent: retrying a bug only hides it.
 */
export function classifyBootError(err: unknown, config: Pick<AppConfig, 'databaseUrl' | 'port' | 'host' | 'dataDir'>): BootVerdict {
  const db = config.databaseUrl ? redactUrl(config.databaseUrl) : '';
  if (err instanceof ConfigError) return { permanent: true, line: `Configuration error: ${err.message}` };
  if (err instanceof DataDirInUseError || err instanceof DataDirUnwritableError) return { permanent: true, line: err.message };
  if (err instanceof MigrationFailedError) {
    return {
      permanent: true,
      line: `A database migration failed (${err.message}); the schema may be half-applied: repair it (see the schema_migrations table of DATABASE_URL=${db || 'the embedded database'}) before starting again`,
    };
  }
  const code = (err as { code?: unknown })?.code;
  switch (code) {
    case 'EADDRINUSE':
      return { permanent: true, line: `PORT=${config.port} is already in use on HOST=${config.host}: stop the other process or choose another PORT` };
    case 'EADDRNOTAVAIL':
      return { permanent: true, line: `HOST=${config.host} is not an address of this machine` };
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      if ((err as { syscall?: string }).syscall === 'listen' || (err as { syscall?: string }).syscall === 'bind') {
        return { permanent: true, line: `PORT=${config.port} on HOST=${config.host} cannot be opened by this user (${String(code)})` };
      }
      return { permanent: true, line: `DATA_DIR=${config.dataDir} is not writable (${String(code)}): point DATA_DIR at a directory this user owns` };
    case 'ENOTFOUND':
      // In compose the database's name may not resolve until its container is up: worth a retry.
      return { permanent: false, line: `DATABASE_URL=${db}: host not found yet (${message(err)})` };
  }
  switch (sqlState(err)) {
    case PG.INVALID_DATABASE:
      return { permanent: true, line: `DATABASE_URL=${db} names a database that does not exist (${message(err)}): create it or fix the URL` };
    case PG.INVALID_AUTHORIZATION:
      return { permanent: true, line: `DATABASE_URL=${db}: the server refuses this role (${message(err)}): create the role or fix the URL` };
    case PG.INVALID_PASSWORD:
      return { permanent: true, line: `DATABASE_URL=${db}: the password was rejected (${message(err)}): fix the password in DATABASE_URL` };
  }
  if (isConnectionFailure(err)) return { permanent: false, line: `DATABASE_URL=${db}: not reachable yet (${message(err) || String(code)})` };
  if (sqlState(err)) return { permanent: true, line: `DATABASE_URL=${db}: the database refused the start-up (${sqlState(err)}: ${message(err)})` };
  return { permanent: true, line: `Start-up failed: ${message(err)}` };
}
