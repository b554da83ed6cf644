import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { businessDashboardPath } from '#contracts';
import { AuthStore, landingPathFor } from './auth-store';

/**
 * Operator pages, for operators who are not impersonating. The API answers 403
 * `impersonation_active` to operator routes during an impersonation, so an impersonating operator
 * is sent back to the business they are acting in; everybody else goes to their landing page.
 */
export const operatorGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const me = await inject(AuthStore).ensureLoaded();
  if (me?.user.kind !== 'operator') return router.parseUrl(landingPathFor(me));
  if (me.impersonation) return router.parseUrl(businessDashboardPath(me.impersonation.business.slug));
  return true;
};
