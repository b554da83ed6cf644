import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { LOGIN_PATH } from '#contracts';
import { AuthStore } from './auth-store';
import { NoticeService } from './notice.service';

/**
 * Signed-in people only. Signed-out visitors go to /login?returnTo=<where they were going>; the
 * login page honours returnTo only when `validateAppPath` accepts it.
 */
export const authGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  try {
    const me = await inject(AuthStore).ensureLoaded();
    if (me) return true;
  } catch {
    inject(NoticeService).show('Cannot reach the server. Check your connection and try again.', 'error');
  }
  return router.createUrlTree([LOGIN_PATH], { queryParams: { returnTo: state.url } });
};
