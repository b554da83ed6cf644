import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup } from '@angular/forms';
import type { Problem } from '#contracts';
import { applyServerErrors, asProblem, problemCode, problemDetail, problemFieldErrors, problemTitle, takenSlot } from './problem';

const validation: Problem = {
  type: 'about:blank',
  title: 'Validation failed',
  status: 400,
  code: 'validation_failed',
  detail: 'Some fields are not valid.',
  errors: [
    { field: 'name', messages: ['name must not be empty'] },
    { field: 'customer.email', messages: ['must be an e-mail', 'is too long'] },
    { field: 'colour', messages: ['unknown'] },
  ],
} as Problem;

function httpError(body: unknown, status = 400): HttpErrorResponse {
  return new HttpErrorResponse({ error: body, status, url: '/api/x' });
}

describe('problem helper', () => {
  it('reads title, code, detail and field errors from a problem+json response', () => {
    const err = httpError(validation);
    expect(asProblem(err)).toEqual(validation);
    expect(problemCode(err)).toBe('validation_failed');
    expect(problemTitle(err)).toBe('Validation failed');
    expect(problemDetail(err)).toBe('Some fields are not valid.');
    expect(problemFieldErrors(err)).toEqual({
      name: 'name must not be empty',
      'customer.email': 'must be an e-mail is too long',
      colour: 'unknown',
    });
  });

  it('reads a problem wrapped as the cause of another error (a resource’s error)', () => {
    const wrapped = new Error('Resource failed', { cause: httpError(validation) });
    expect(problemCode(wrapped)).toBe('validation_failed');
  });

  it('says what failed when the server sent no problem', () => {
    expect(asProblem(httpError('<html>', 502))).toBeNull();
    expect(problemCode(httpError('<html>', 502))).toBeNull();
    expect(problemDetail(httpError(null, 0))).toBe('Cannot reach the server. Check your connection and try again.');
    expect(problemDetail(httpError(null, 404))).toBe('Not found.');
    expect(problemDetail(httpError('<html>', 503))).toBe('The server had a problem. Please try again in a moment.');
    expect(problemDetail(new Error('boom'), 'Could not save.')).toBe('Could not save.');
    expect(problemFieldErrors(httpError(null, 500))).toEqual({});
  });

  it('names the taken slot of a slot_taken conflict', () => {
    const slot = { resourceId: 'r1', resourceName: 'Chair 1', startsAt: '2025-07-01T09:00:00+02:00', endsAt: '2025-07-01T09:45:00+02:00' };
    const taken = { type: 'about:blank', title: 'Slot taken', status: 409, code: 'slot_taken', slot };
    expect(takenSlot(httpError(taken, 409))).toEqual(slot);
    expect(takenSlot(httpError(validation))).toBeNull();
  });

  it('puts field messages on the matching controls and returns the rest', () => {
    const form = new FormGroup({ name: new FormControl(''), email: new FormControl('') });
    const leftover = applyServerErrors(form, httpError(validation));
    expect(form.controls.name.errors).toEqual({ server: 'name must not be empty' });
    expect(form.controls.name.touched).toBe(true);
    expect(form.controls.email.errors).toEqual({ server: 'must be an e-mail is too long' });
    expect(leftover).toEqual(['colour: unknown']);
  });
});
