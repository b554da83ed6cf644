import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { flushMe, operatorMe } from '../core/auth-store.testing';
import { LoginPage, postLoginTarget } from './login-page';

@Component({ template: 'landed' })
class Page {}

async function open(url = '/login') {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([
        { path: 'login', component: LoginPage },
        { path: 'operator/:page', component: Page },
        { path: 'b/:slug/:page', component: Page },
      ]),
    ],
  });
  const harness = await RouterTestingHarness.create(url);
  const el = harness.routeNativeElement!;
  const http = TestBed.inject(HttpTestingController);
  const type = (selector: string, value: string) => {
    const input = el.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const submit = async () => {
    el.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await harness.fixture.whenStable();
  };
  return { harness, el, http, type, submit, router: TestBed.inject(Router) };
}

describe('LoginPage', () => {
  it('validates before sending anything', async () => {
    const { el, http, type, submit } = await open();
    await submit();
    expect(el.textContent).toContain('Enter your email address.');
    expect(el.textContent).toContain('Enter your password.');
    type('input[type="email"]', 'not-an-email');
    await submit();
    expect(el.textContent).toContain('Enter a valid email address.');
    http.expectNone('/api/auth/login');
  });

  it('shows the server problem detail on failure', async () => {
    const { el, http, type, submit, harness } = await open();
    type('input[type="email"]', 'operator@demo.test');
    type('input[type="password"]', 'wrong');
    await submit();
    http
      .expectOne({ method: 'POST', url: '/api/auth/login' })
      .flush(
        { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'invalid_credentials', detail: 'Email or password is wrong.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await vi.waitFor(async () => {
      await harness.fixture.whenStable();
      expect(el.querySelector('[role="alert"]')?.textContent).toContain('Email or password is wrong.');
    });
  });

  it('signs in, re-reads the session and honours a valid returnTo', async () => {
    const { http, type, submit, router } = await open('/login?returnTo=%2Foperator%2Faudit');
    type('input[type="email"]', 'operator@demo.test');
    type('input[type="password"]', 'demo-operator');
    await submit();
    const login = http.expectOne({ method: 'POST', url: '/api/auth/login' });
    expect(login.request.body).toEqual({ email: 'operator@demo.test', password: 'demo-operator' });
    login.flush({ user: operatorMe().user });
    await vi.waitFor(() => flushMe(http, operatorMe()));
    await vi.waitFor(() => expect(router.url).toBe('/operator/audit'));
  });

  it('ignores an unsafe returnTo and lands on the home page', async () => {
    const { http, type, submit, router } = await open('/login?returnTo=%2F%2Fevil.example%2Fb%2Fx');
    type('input[type="email"]', 'operator@demo.test');
    type('input[type="password"]', 'demo-operator');
    await submit();
    http.expectOne('/api/auth/login').flush({ user: operatorMe().user });
    await vi.waitFor(() => flushMe(http, operatorMe()));
    await vi.waitFor(() => expect(router.url).toBe('/operator/dashboard'));
  });
});

describe('postLoginTarget', () => {
  it('accepts admin paths only', () => {
    expect(postLoginTarget('/b/acme-hair/customers/abc', '/x')).toBe('/b/acme-hair/customers/abc');
    expect(postLoginTarget('/operator/bookings', '/x')).toBe('/operator/bookings');
    for (const bad of [null, '', 'https://evil.example', '//evil.example', '/b/acme/%2e%2e/x', '/login', '/b/acme/../operator', '/\\evil']) {
      expect(postLoginTarget(bad, '/landing')).toBe('/landing');
    }
  });
});
