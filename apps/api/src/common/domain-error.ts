import type { ProblemCode } from '#contracts';

/**
 * A refusal the client can act on: an HTTP status, a stable `code` and a human `detail`.
 * Services throw these; the problem filter turns them into RFC 9457 responses.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const notFound = (what: string): DomainError => new DomainError(404, 'not_found', `${what} was not found`);
export const forbidden = (code: ProblemCode, detail: string): DomainError => new DomainError(403, code, detail);
