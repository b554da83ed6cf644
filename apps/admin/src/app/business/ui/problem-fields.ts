import { HttpErrorResponse } from '@angular/common/http';
import type { AbstractControl, FormGroup } from '@angular/forms';
import { isProblem, type Problem, type SlotTakenProblemFields } from '#contracts';

/** The problem+json body of a failed request, or null when the server sent something else. */
export function problemOf(err: unknown): Problem | null {
  const body = err instanceof HttpErrorResponse ? err.error : err;
  return isProblem(body) ? body : null;
}

/** The taken slot of a 409 `slot_taken`, if the server named it. */
export function takenSlot(err: unknown): SlotTakenProblemFields['slot'] | null {
  const problem = problemOf(err);
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
  const problem = problemOf(err);
  const leftover: string[] = [];
  for (const entry of problem?.errors ?? []) {
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
