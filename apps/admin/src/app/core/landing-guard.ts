import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AuthStore, landingPathFor } from './auth-store';

/** "/" never renders: it sends each person to their own home (see `landingPathFor`). */
export const landingGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const me = await inject(AuthStore).ensureLoaded();
  return router.parseUrl(landingPathFor(me));
};
