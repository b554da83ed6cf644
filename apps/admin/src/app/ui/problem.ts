import { HttpErrorResponse } from '@angular/common/http';
import type { AbstractControl, FormGroup } from '@angular/forms';
import { isProblem, type Problem, type ProblemCode, type SlotTakenProblemFields } from '#contracts';

const GENERIC = 'Something went wrong. Please try again.';

/** The HTTP error behind `err`: as thrown, or as the `cause` of a resource's wrapped error. */
function unwrap(err: unknown): unknown {
  if (err instanceof HttpErrorResponse || isProblem(err)) return err;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause instanceof HttpErrorResponse || isProblem(cause) ? cause : err;
}

/** The RFC 9457 problem body of a failed request, or null when the server sent something else. */
export function asProblem(err: unknown): Problem | null {
  const e = unwrap(err);
  const body = e instanceof HttpErrorResponse ? e.error : e;
  return isProblem(body) ? body : null;
}

/** The stable machine code of a problem+json error (switch on this, never on `detail`). */
export function problemCode(err: unknown): ProblemCode | null {
  return asProblem(err)?.code ?? null;
}

/** The problem's short title ("Validation failed"), or null. */
export function problemTitle(err: unknown): string | null {
  return asProblem(err)?.title ?? null;
}

/** A sentence to show the user: the server's `detail`, or a generic message that fits the failure. */
export function problemDetail(err: unknown, fallback = GENERIC): string {
  const problem = asProblem(err);
  if (problem?.detail) return problem.detail;
  const e = unwrap(err);
  if (e instanceof HttpErrorResponse) {
    if (e.status === 0) return 'Cannot reach the server. Check your connection and try again.';
    if (e.status === 404) return 'Not found.';
    if (e.status >= 500) return 'The server had a problem. Please try again in a moment.';
  }
  return fallback;
}

/** Field-level messages of a `validation_failed` problem, keyed by field name. */
export function problemFieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of asProblem(err)?.errors ?? []) out[e.field] = e.messages.join(' ');
  return out;
}

/** The taken slot of a 409 `slot_taken`, if the server named it. */
export function takenSlot(err: unknown): SlotTakenProblemFields['slot'] | null {
  const problem = asProblem(err);
  if (problem?.code !== 'slot_taken') return null;
  const slot = (problem as Problem & Partial<SlotTakenProblemFields>).slot;
  return slot && typeof slot.startsAt === 'string' ? slot : null;
}

/**
 * Put the server's field messages (`errors[]` of `validation_failed`) on the matching controls as
 * `{ server: message }`, so they show beside the field like the client-side ones. Field names may
 * be dotted (`customer.email`): the last part is tried too. Returns the messages no control took.
 */
export function applyServerErrors(form: FormGroup, err: unknown, aliases: Record<string, string> = {}): string[] {
  const leftover: string[] = [];
  for (const entry of asProblem(err)?.errors ?? []) {
    const name = aliases[entry.field] ?? entry.field;
    const control: AbstractControl | null = form.get(name) ?? form.get(name.split('.').pop() ?? name);
    const message = entry.messages.join(' ');
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: message });
      control.markAsTouched();
    } else {
      leftover.push(`${entry.field}: ${message}`);
    }
  }
  return leftover;
}

/** The message for one control: the first client-side rule it breaks, or the server's. */
export function controlMessage(control: AbstractControl | null, label: string): string | null {
  if (!control || !control.errors || !(control.touched || control.dirty)) return null;
  const e = control.errors;
  if (e['required']) return `${label} is required.`;
  if (e['email']) return 'Enter a valid e-mail address.';
  if (e['minlength']) return `${label} must be at least ${e['minlength'].requiredLength} characters.`;
  if (e['maxlength']) return `${label} must be at most ${e['maxlength'].requiredLength} characters.`;
  if (e['min']) return `${label} must be at least ${e['min'].min}.`;
  if (e['max']) return `${label} must be at most ${e['max'].max}.`;
  if (e['pattern']) return `${label} is not in the expected format.`;
  if (typeof e['server'] === 'string') return e['server'];
  const custom = Object.values(e).find((v) => typeof v === 'string');
  return typeof custom === 'string' ? custom : `${label} is not valid.`;
}
