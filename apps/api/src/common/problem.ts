import { HttpException } from '@nestjs/common';
import type { Problem, ProblemCode } from '#contracts';
import { isDatabaseUnavailable, PG, sqlState } from './database-errors.js';
import { DomainError } from './domain-error.js';

export type ProblemBody = Pick<Problem, 'type' | 'title' | 'status' | 'detail' | 'code'> & { [extension: string]: unknown };

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  421: 'Misdirected Request',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODE_BY_STATUS: Record<number, ProblemCode> = {
  400: 'bad_request',
  401: 'authentication_required',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** Seconds a client should wait before retrying while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** Maps a thrown error to the problem it means. Exported for unit tests. */
export function toProblem(error: unknown): {
  problem: ProblemBody;
  headers?: Record<string, string>;
  unexpected: boolean;
  databaseUnavailable?: boolean;
  unavailable?: boolean;
} {
  if (error instanceof DomainError) {
    // A 503 we chose to send (shutting down, a deadline, a failed health check) is an answer, not a fault.
    const chosen503 = error.status === 503;
    return {
      problem: problem(error.status, error.code, error.detail, error.extensions),
      headers: error.headers,
      unexpected: error.status >= 500 && !chosen503,
      unavailable: chosen503,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse() as
      string | { message?: string | string[]; code?: ProblemCode; errors?: Problem['errors']; headers?: Record<string, string> };
    const code = (typeof body === 'object' && body.code) || CODE_BY_STATUS[status] || (status >= 500 ? 'internal_error' : 'bad_request');
    const message = typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? error.message);
    const extensions = typeof body === 'object' && body.errors ? { errors: body.errors } : {};
    return { problem: problem(status, code, message, extensions), headers: typeof body === 'object' ? body.headers : undefined, unexpected: status >= 500 };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      problem: problem(503, 'service_unavailable', 'The database is unavailable right now; retry shortly'),
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      unexpected: false,
      databaseUnavailable: true,
      unavailable: true,
    };
  }
  switch (sqlState(error)) {
    case PG.EXCLUSION:
      return { problem: problem(409, 'slot_taken', 'That time slot is already booked for this resource'), unexpected: false };
    case PG.UNIQUE:
      return { problem: problem(409, 'conflict', 'A record with the same unique value already exists'), unexpected: false };
    case PG.FOREIGN_KEY:
      return { problem: problem(404, 'not_found', 'A referenced record was not found in this business'), unexpected: false };
    case PG.CHECK:
    case PG.INVALID_TEXT:
    case PG.BAD_CHARACTER:
    case PG.UNTRANSLATABLE:
      return { problem: problem(422, 'validation_failed', 'A value was outside what is allowed'), unexpected: false };
  }
  // Fastify's own errors (bad JSON body, wrong content type, body too large) carry a statusCode.
  const fastifyStatus = (error as { statusCode?: number })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return { problem: problem(fastifyStatus, CODE_BY_STATUS[fastifyStatus] ?? 'bad_request', (error as Error).message), unexpected: false };
  }
  return { problem: problem(500, 'internal_error', 'Something went wrong on our side; it has been logged'), unexpected: true };
}

/** The names (never the values) of the fields a validation failure was about. */
export function fieldsOf(body: ProblemBody): string[] {
  const errors = Array.isArray(body.errors) ? (body.errors as { field?: string }[]) : [];
  return errors.map((e) => String(e.field ?? '').slice(0, 100)).slice(0, 20);
}

function problem(status: number, code: ProblemCode, detail: string, extensions: Record<string, unknown> = {}): ProblemBody {
  return { type: `https://booking-platform.dev/problems/${code.replace(/_/g, '-')}`, title: TITLES[status] ?? 'Error', status, detail, code, ...extensions };
}
