import { HttpErrorResponse } from '@angular/common/http';
import { isProblem, type Problem, type ProblemCode } from '#contracts';

const GENERIC = 'Something went wrong. Please try again.';

/** The RFC 9457 problem body of an HTTP error, when the server sent one. */
export function asProblem(err: unknown): Problem | null {
  if (err instanceof HttpErrorResponse) return isProblem(err.error) ? err.error : null;
  return isProblem(err) ? err : null;
}

/** The stable machine code of a problem+json error (switch on this, never on `detail`). */
export function problemCode(err: unknown): ProblemCode | null {
  return asProblem(err)?.code ?? null;
}

/** A sentence to show the user: the server's `detail`, or a generic message that fits the failure. */
export function problemDetail(err: unknown, fallback = GENERIC): string {
  const problem = asProblem(err);
  if (problem?.detail) return problem.detail;
  if (err instanceof HttpErrorResponse) {
    if (err.status === 0) return 'Cannot reach the server. Check your connection and try again.';
    if (err.status === 404) return 'Not found.';
    if (err.status >= 500) return 'The server had a problem. Please try again in a moment.';
  }
  return fallback;
}

/** Field-level messages of a `validation_failed` problem, keyed by field name. */
export function problemFieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of asProblem(err)?.errors ?? []) out[e.field] = e.messages.join(' ');
  return out;
}
