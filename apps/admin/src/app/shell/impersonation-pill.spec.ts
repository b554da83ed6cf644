import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideRouter, Router } from '@angular/router';
import { ACME, flushMe, impersonation, loadMe, operatorMe } from '../core/auth-store.testing';
import { firstDeadline, ImpersonationPill, timeLeftLabel } from './impersonation-pill';

@Component({ template: 'businesses' })
class Page {}

async function renderPill(me = operatorMe(impersonation(ACME, 'staff', true))) {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([
        { path: 'operator/businesses', component: Page },
        { path: 'b/:slug/dashboard', component: Page },
      ]),
    ],
  });
  await loadMe(me);
  const fixture = TestBed.createComponent(ImpersonationPill);
  await fixture.whenStable();
  return { fixture, el: fixture.nativeElement as HTMLElement, http: TestBed.inject(HttpTestingController) };
}

describe('ImpersonationPill', () => {
  it('shows the business, the role, read-only and the time left', async () => {
    const { el } = await renderPill();
    const text = el.textContent ?? '';
    expect(text).toContain('Acme Hair');
    expect(text).toContain('Staff');
    expect(text).toContain('read-only');
    expect(text).toMatch(/1[34] min left/); // the idle limit (14.5 min) comes before the absolute one
    expect(el.querySelector('button[aria-label="Exit impersonation"]')).not.toBeNull();
  });

  it('shows Owner and no read-only badge for a full owner impersonation', async () => {
    const { el } = await renderPill(operatorMe(impersonation(ACME, 'owner', false)));
    expect(el.textContent).toContain('Owner');
    expect(el.textContent).not.toContain('read-only');
  });

  it('says the business is suspended and view only (the API refuses its writes)', async () => {
    const imp = impersonation(ACME, 'owner', false);
    const { el } = await renderPill(operatorMe({ ...imp, business: { ...imp.business, status: 'suspended' } }));
    expect(el.textContent).toContain('suspended · view only');
    expect(el.textContent).not.toContain('read-only');
    expect(el.querySelector('.pill')?.getAttribute('aria-label')).toContain('business suspended: view only');
  });

  it('renders nothing when not impersonating', async () => {
    const { el } = await renderPill(operatorMe(null));
    expect(el.querySelector('.pill')).toBeNull();
  });

  it('× ends the impersonation, re-reads the session and lands where the server says', async () => {
    const { fixture, el, http } = await renderPill();
    const router = TestBed.inject(Router);
    el.querySelector<HTMLButtonElement>('button[aria-label="Exit impersonation"]')!.click();

    const exit = http.expectOne({ method: 'DELETE', url: '/api/impersonation' });
    exit.flush({ redirectTo: '/operator/businesses' });
    await vi.waitFor(() => flushMe(http, operatorMe(null)));
    await vi.waitFor(() => expect(router.url).toBe('/operator/businesses'));
    await fixture.whenStable();
    expect(el.querySelector('.pill')).toBeNull();
    http.verify();
  });
});

describe('firstDeadline', () => {
  it('names the limit that ends the impersonation first', () => {
    expect(firstDeadline('2026-01-01T10:50:00Z', '2026-01-01T10:15:00Z')).toEqual({ at: Date.parse('2026-01-01T10:15:00Z'), limit: 'idle' });
    expect(firstDeadline('2026-01-01T10:10:00Z', '2026-01-01T10:15:00Z')).toEqual({ at: Date.parse('2026-01-01T10:10:00Z'), limit: 'absolute' });
  });
});

describe('timeLeftLabel', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  it('counts down to the earlier of the two deadlines', () => {
    expect(timeLeftLabel('2026-01-01T10:50:00Z', '2026-01-01T10:15:00Z', now)).toBe('15 min left');
    expect(timeLeftLabel('2026-01-01T11:30:00Z', '2026-01-01T12:00:00Z', now)).toBe('1 h 30 min left');
    // In the last minutes it counts seconds, whichever limit comes first.
    expect(timeLeftLabel('2026-01-01T10:00:30Z', '2026-01-01T10:15:00Z', now)).toBe('0:30 left');
    expect(timeLeftLabel('2026-01-01T10:50:00Z', '2026-01-01T10:04:05Z', now)).toBe('4:05 left');
    expect(timeLeftLabel('2026-01-01T09:59:00Z', '2026-01-01T10:15:00Z', now)).toBe('expiring');
  });
});
