import { QueryFailedError } from 'typeorm';

/**
 * The one place that recognises what a database error means. The problem filter maps these to
 * answers (409 `conflict` / `slot_taken`, 503 `service_unavailable`), services use the same
 * predicates to turn a constraint into a domain error, and the boot sequence uses them to tell a
 * database that is not there *yet* (retry) from one that will never let us in (stop).
 */

/** SQLSTATE of a PostgreSQL error, whether TypeORM wrapped it (QueryFailedError) or not. */
export function sqlState(err: unknown): string | undefined {
  const driver = err instanceof QueryFailedError ? (err.driverError as { code?: unknown } | undefined) : (err as { code?: unknown } | undefined);
  const code = driver?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export const PG = {
  UNIQUE: '23505',
  EXCLUSION: '23P01',
  FOREIGN_KEY: '23503',
  CHECK: '23514',
  INVALID_TEXT: '22P02',
  /** A NUL byte (or a character the database encoding cannot hold) in text or jsonb input. */
  BAD_CHARACTER: '22021',
  UNTRANSLATABLE: '22P05',
  /** statement_timeout fired (or the statement was cancelled). */
  QUERY_CANCELED: '57014',
  INVALID_DATABASE: '3D000',
  INVALID_AUTHORIZATION: '28000',
  INVALID_PASSWORD: '28P01',
  /** The deadlock detector ended this transaction to let another one finish. */
  DEADLOCK: '40P01',
} as const;

export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === PG.UNIQUE;
export const isExclusionViolation = (err: unknown): boolean => sqlState(err) === PG.EXCLUSION;
export const isForeignKeyViolation = (err: unknown): boolean => sqlState(err) === PG.FOREIGN_KEY;
export const isDeadlock = (err: unknown): boolean => sqlState(err) === PG.DEADLOCK;

/**
 * Runs `work` (one whole transaction) again when the database ended it as a deadlock victim, up to
 * `attempts` times. Two bookings racing for one slot can deadlock rather than conflict: each inserts
 * its row, then the exclusion constraint makes each wait for the other's transaction. The victim's
 * retry waits for the winner and then sees the plain conflict (409 `slot_taken`), or, when the winner
 * rolled back, takes the slot. The whole transaction is retried, never a statement inside it.
 */
export async function retryDeadlocks<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isDeadlock(err) || attempt >= attempts) throw err;
    }
  }
}

/**
 * Server states that end or refuse a connection: class 08 (connection exception), 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, in recovery),
 * 53300 too_many_connections.
 */
const CONNECTION_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Socket-level failures reported by Node for the database connection. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'ECONNABORTED']);

/** node-postgres and pg-pool report these without a code. */
const DRIVER_MESSAGES = [
  /^Connection terminated/i,
  /^timeout expired$/i,
  /timeout exceeded when trying to connect/i,
  /^Query read timeout$/i,
  /not queryable/i,
  /^Client was closed and is not queryable$/i,
  /^Cannot use a pool after calling end on the pool$/i,
  /connection timeout/i,
];

/**
 * True when the error says "the database cannot be reached or stopped answering", as opposed to
 * "the database refused this statement". Such a request may well succeed later: the API answers
 * 503 `service_unavailable` with Retry-After instead of 500.
 */
export function isConnectionFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const state = sqlState(e);
    if (state && (state.startsWith('08') || CONNECTION_STATES.has(state))) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
    if (DRIVER_MESSAGES.some((re) => re.test(message))) return true;
    e = e instanceof QueryFailedError ? e.driverError : (e as { cause?: unknown }).cause;
  }
  return false;
}

/** statement_timeout (or a cancel) ended the statement: the database is there but too slow right now. */
export const isStatementTimeout = (err: unknown): boolean => sqlState(err) === PG.QUERY_CANCELED;

/** Either of the above: worth a 503 and a retry, not a 500. */
export const isDatabaseUnavailable = (err: unknown): boolean => isConnectionFailure(err) || isStatementTimeout(err);
