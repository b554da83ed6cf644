import { HttpErrorResponse } from '@angular/common/http';
import { describe, expect, it } from 'vitest';
import { expiredMessage } from './session-interceptor';

function expired(extra: Record<string, unknown>): HttpErrorResponse {
  return new HttpErrorResponse({
    status: 403,
    error: { type: 'about:blank', title: 'Forbidden', status: 403, code: 'impersonation_expired', detail: 'x', ...extra },
  });
}

describe('expiredMessage', () => {
  it('names the business and the limit that ended the impersonation', () => {
    expect(expiredMessage(expired({ business: { name: 'Acme Hair' }, limit: 'idle', limitMinutes: 15 }))).toMatch(
      /^Your impersonation of Acme Hair ended: nothing happened in it for 15 minutes\. You are back in the operator view\./,
    );
    expect(expiredMessage(expired({ business: { name: 'Acme Hair' }, limit: 'absolute', limitMinutes: 60 }))).toMatch(
      /^Your impersonation of Acme Hair ended: it reached its 60-minute time limit\./,
    );
  });

  it('says when the owner revoked support access or the grant ran out (granted mode)', () => {
    expect(expiredMessage(expired({ business: { name: 'Acme Hair' }, limit: 'support_access_revoked' }))).toMatch(
      /^Your impersonation of Acme Hair ended: the owner revoked support access\. You are back in the operator view\./,
    );
    expect(expiredMessage(expired({ business: { name: 'Acme Hair' }, limit: 'support_access_expired' }))).toMatch(
      /^Your impersonation of Acme Hair ended: the support access the owner granted ran out\./,
    );
  });

  it('still says something true when the server sent no details', () => {
    expect(expiredMessage(expired({}))).toMatch(/^Your impersonation ended: it expired\./);
  });
});
