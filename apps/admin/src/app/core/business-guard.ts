import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AuthStore } from './auth-store';

/**
 * `/b/:slug/…`: members of that business, or an operator impersonating it. Anyone else lands on
 * their own home page (the API would refuse every call anyway).
 */
export const businessGuard: CanActivateFn = async (route) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  await auth.ensureLoaded();
  return auth.businessContext(route.paramMap.get('slug')) ? true : router.parseUrl(auth.landingPath());
};
