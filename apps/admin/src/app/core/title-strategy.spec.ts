import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router, TitleStrategy } from '@angular/router';
import { ACME, flushMe, impersonation, loadMe, operatorMe } from './auth-store.testing';
import { AuthStore } from './auth-store';
import { composeTitle, ImpersonationTitleStrategy } from './title-strategy';

@Component({ template: '' })
class Page {}

describe('ImpersonationTitleStrategy', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'b/:slug/dashboard', title: 'Dashboard', component: Page },
          { path: 'operator/businesses', title: 'Businesses', component: Page },
        ]),
        { provide: TitleStrategy, useClass: ImpersonationTitleStrategy },
      ],
    });
  });

  it('prefixes the page title while impersonating', async () => {
    await loadMe(operatorMe(impersonation(ACME)));
    await TestBed.inject(Router).navigateByUrl('/b/acme-hair/dashboard');
    expect(TestBed.inject(Title).getTitle()).toBe('[Impersonating Acme Hair] Dashboard · Booking admin');
  });

  it('has no prefix without an impersonation', async () => {
    await loadMe(operatorMe());
    await TestBed.inject(Router).navigateByUrl('/operator/businesses');
    expect(TestBed.inject(Title).getTitle()).toBe('Businesses · Booking admin');
  });

  it('drops the prefix when the impersonation ends without a navigation', async () => {
    await loadMe(operatorMe(impersonation(ACME)));
    await TestBed.inject(Router).navigateByUrl('/b/acme-hair/dashboard');
    const store = TestBed.inject(AuthStore);
    const refreshed = store.refresh();
    flushMe(TestBed.inject(HttpTestingController), operatorMe(null));
    await refreshed;
    TestBed.tick();
    expect(TestBed.inject(Title).getTitle()).toBe('Dashboard · Booking admin');
  });
});

describe('composeTitle', () => {
  it('builds the title', () => {
    expect(composeTitle(undefined, null)).toBe('Booking admin');
    expect(composeTitle('Calendar', 'Bright Dental')).toBe('[Impersonating Bright Dental] Calendar · Booking admin');
  });
});
