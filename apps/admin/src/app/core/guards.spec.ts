import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { provideRouter, Router, type Routes } from '@angular/router';
import type { MeResponse } from '#contracts';
import { ACME, BRIGHT, businessUserMe, impersonation, loadMe, operatorMe } from './auth-store.testing';
import { authGuard } from './auth-guard';
import { businessGuard } from './business-guard';
import { landingGuard } from './landing-guard';
import { operatorGuard } from './operator-guard';
import { ownerGuard } from './owner-guard';

@Component({ template: 'page' })
class Page {}

/** The app's route skeleton with dummy pages, so the guards run inside real navigations. */
const routes: Routes = [
  { path: 'login', component: Page },
  {
    path: '',
    canActivate: [authGuard],
    children: [
      { path: '', pathMatch: 'full', canActivate: [landingGuard], children: [] },
      {
        path: 'operator',
        canActivate: [operatorGuard],
        children: [
          { path: 'dashboard', component: Page },
          { path: 'businesses', component: Page },
        ],
      },
      {
        path: 'b/:slug',
        canActivate: [businessGuard],
        children: [
          { path: 'dashboard', component: Page },
          { path: 'settings', canMatch: [ownerGuard], children: [{ path: 'general', component: Page }] },
          { path: 'access-log', canMatch: [ownerGuard], component: Page },
          { path: '**', redirectTo: 'dashboard' },
        ],
      },
      { path: 'no-access', component: Page },
    ],
  },
];

async function navigateAs(me: MeResponse | null, url: string): Promise<string> {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter(routes)] });
  await loadMe(me);
  const router = TestBed.inject(Router);
  await router.navigateByUrl(url);
  return router.url;
}

describe('authGuard', () => {
  it('sends a signed-out visitor to /login with returnTo', async () => {
    expect(await navigateAs(null, '/operator/businesses')).toBe('/login?returnTo=%2Foperator%2Fbusinesses');
  });
  it('lets a signed-in person through', async () => {
    expect(await navigateAs(operatorMe(), '/operator/businesses')).toBe('/operator/businesses');
  });
});

describe('landing', () => {
  it('sends an operator to the operator dashboard', async () => {
    expect(await navigateAs(operatorMe(), '/')).toBe('/operator/dashboard');
  });
  it('sends an impersonating operator to the impersonated dashboard', async () => {
    expect(await navigateAs(operatorMe(impersonation(BRIGHT)), '/')).toBe('/b/bright-dental/dashboard');
  });
  it('sends a business user to their first business', async () => {
    expect(await navigateAs(businessUserMe('staff'), '/')).toBe('/b/acme-hair/dashboard');
  });
});

describe('operatorGuard', () => {
  it('admits an operator who is not impersonating', async () => {
    expect(await navigateAs(operatorMe(), '/operator/dashboard')).toBe('/operator/dashboard');
  });
  it('sends an impersonating operator back to the impersonated business', async () => {
    expect(await navigateAs(operatorMe(impersonation(ACME, 'staff')), '/operator/businesses')).toBe('/b/acme-hair/dashboard');
  });
  it('keeps business users out', async () => {
    expect(await navigateAs(businessUserMe('owner'), '/operator/dashboard')).toBe('/b/acme-hair/dashboard');
  });
});

describe('businessGuard', () => {
  it('admits a member of the business', async () => {
    expect(await navigateAs(businessUserMe('staff'), '/b/acme-hair/dashboard')).toBe('/b/acme-hair/dashboard');
  });
  it('refuses another business to a member', async () => {
    expect(await navigateAs(businessUserMe('owner'), '/b/bright-dental/dashboard')).toBe('/b/acme-hair/dashboard');
  });
  it('admits an operator impersonating that business', async () => {
    expect(await navigateAs(operatorMe(impersonation(ACME)), '/b/acme-hair/dashboard')).toBe('/b/acme-hair/dashboard');
  });
  it('refuses an operator who is not impersonating it', async () => {
    expect(await navigateAs(operatorMe(), '/b/acme-hair/dashboard')).toBe('/operator/dashboard');
    TestBed.resetTestingModule();
    expect(await navigateAs(operatorMe(impersonation(BRIGHT)), '/b/acme-hair/dashboard')).toBe('/b/bright-dental/dashboard');
  });
});

describe('ownerGuard (canMatch, slug from the URL)', () => {
  it('matches settings for an owner', async () => {
    expect(await navigateAs(businessUserMe('owner'), '/b/acme-hair/settings/general')).toBe('/b/acme-hair/settings/general');
  });
  it('does not match for staff, who fall through to the dashboard', async () => {
    expect(await navigateAs(businessUserMe('staff'), '/b/acme-hair/settings/general')).toBe('/b/acme-hair/dashboard');
    TestBed.resetTestingModule();
    expect(await navigateAs(businessUserMe('staff'), '/b/acme-hair/access-log')).toBe('/b/acme-hair/dashboard');
  });
  it('follows the impersonated role', async () => {
    expect(await navigateAs(operatorMe(impersonation(ACME, 'owner', true)), '/b/acme-hair/access-log')).toBe('/b/acme-hair/access-log');
    TestBed.resetTestingModule();
    expect(await navigateAs(operatorMe(impersonation(ACME, 'staff')), '/b/acme-hair/access-log')).toBe('/b/acme-hair/dashboard');
  });
  it('uses the slug of the URL, not another business where the person is owner', async () => {
    const me = businessUserMe('owner');
    me.memberships.push({ business: BRIGHT, role: 'staff' });
    expect(await navigateAs(me, '/b/bright-dental/settings/general')).toBe('/b/bright-dental/dashboard');
  });
});
