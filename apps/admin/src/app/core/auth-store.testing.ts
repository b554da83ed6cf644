import { TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import type { BusinessRole, ImpersonationView, MeResponse, MembershipView } from '#contracts';
import { AuthStore } from './auth-store';

/** Fixtures and helpers for specs that need a signed-in (or signed-out) AuthStore. */

export const ACME: MembershipView['business'] = {
  id: '11111111-1111-4111-8111-111111111111',
  slug: 'acme-hair',
  name: 'Acme Hair',
  timeZone: 'Europe/London',
  currency: 'GBP',
  primaryColor: '#aa3366',
  logoUrl: null,
};
export const BRIGHT: MembershipView['business'] = {
  id: '22222222-2222-4222-8222-222222222222',
  slug: 'bright-dental',
  name: 'Bright Dental',
  timeZone: 'America/New_York',
  currency: 'USD',
  primaryColor: null,
  logoUrl: null,
};

export function operatorMe(impersonation: ImpersonationView | null = null): MeResponse {
  return {
    user: { id: 'op-1', email: 'operator@demo.test', name: 'Olivia Operator', kind: 'operator' },
    memberships: [],
    suspendedBusinesses: [],
    impersonation,
  };
}

export function businessUserMe(role: BusinessRole, business = ACME): MeResponse {
  return {
    user: { id: `${role}-1`, email: `${role}@acme-hair.demo.test`, name: role === 'owner' ? 'Owen Owner' : 'Stella Staff', kind: 'business' },
    memberships: [{ business, role }],
    suspendedBusinesses: [],
    impersonation: null,
  };
}

export function impersonation(business = ACME, role: BusinessRole = 'owner', readOnly = false, minutesLeft = 45): ImpersonationView {
  const now = Date.now();
  return {
    id: 'imp-1',
    business: { status: 'active', ...business },
    role,
    readOnly,
    reason: null,
    startedAt: new Date(now - 60_000).toISOString(),
    expiresAt: new Date(now + minutesLeft * 60_000).toISOString(),
    idleExpiresAt: new Date(now + 14 * 60_000 + 30_000).toISOString(),
  };
}

/** Answers the AuthStore's GET /api/auth/me with `me` (null → 401) and waits for the state. */
export async function loadMe(me: MeResponse | null): Promise<AuthStore> {
  const store = TestBed.inject(AuthStore);
  const http = TestBed.inject(HttpTestingController);
  const pending = store.refresh();
  flushMe(http, me);
  await pending;
  return store;
}

export function flushMe(http: HttpTestingController, me: MeResponse | null): void {
  const req = http.expectOne({ method: 'GET', url: '/api/auth/me' });
  if (me) req.flush(me);
  else
    req.flush(
      { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Sign in first.', code: 'authentication_required' },
      { status: 401, statusText: 'Unauthorized' },
    );
}
