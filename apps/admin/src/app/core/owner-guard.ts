import { inject } from '@angular/core';
import { Router, type CanMatchFn } from '@angular/router';
import { AuthStore } from './auth-store';
import { businessSlugOf } from './business-context';

/**
 * Owner-only routes under `/b/:slug` (settings, access log). A `canMatch` guard, so a staff member
 * or an operator impersonating as staff never even loads those chunks; the API refuses them anyway.
 *
 * `canMatch` runs while the router is still matching, before `:slug` exists as a param, so the
 * slug is read from the URL being navigated to.
 */
export const ownerGuard: CanMatchFn = async () => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  const navigation = router.currentNavigation();
  const target = navigation?.extractedUrl ?? router.parseUrl(router.url);
  await auth.ensureLoaded();
  return auth.businessContext(businessSlugOf(target))?.role === 'owner';
};
