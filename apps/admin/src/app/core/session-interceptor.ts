import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { LOGIN_PATH, OPERATOR_BUSINESSES } from '#contracts';
import { AuthStore } from './auth-store';
import { HANDLES_SESSION_ERRORS } from './http-context';
import { NoticeService } from './notice.service';
import { problemCode } from '../ui/problem';
import { expiredMessage } from './expired-message';
import { SessionSync } from './session-sync';

/**
 * Reacts to answers that mean "the session is not what this tab thinks":
 * - 401: signed out (cookie expired, session revoked) → /login?returnTo=<this page>;
 * - 403 `impersonation_expired` / 409 `not_impersonating`: the impersonation is gone → re-read the
 *   session and go back to the operator's business list with an explanation;
 * - 403 `impersonation_active`: an operator page was called while impersonating (stale tab) →
 *   re-read the session and go home;
 * - 403 `impersonation_required`: this tab still shows a business whose impersonation ended
 *   elsewhere (another tab exited or switched) → the session sync re-reads and explains.
 * The error is always re-thrown, so the caller can still show its own message.
 */
export const sessionInterceptor: HttpInterceptorFn = (req, next) => {
  if (req.context.get(HANDLES_SESSION_ERRORS)) return next(req);
  const router = inject(Router);
  const auth = inject(AuthStore);
  const notice = inject(NoticeService);
  const sync = inject(SessionSync);

  return next(req).pipe(
    catchError((err: unknown) => {
      if (err instanceof HttpErrorResponse) {
        const code = problemCode(err);
        if (err.status === 401) {
          const current = router.url;
          void auth.refresh().catch(() => null);
          if (!current.startsWith(LOGIN_PATH)) {
            void router.navigate([LOGIN_PATH], { queryParams: current === '/' ? {} : { returnTo: current } });
          }
        } else if ((err.status === 403 && code === 'impersonation_expired') || (err.status === 409 && code === 'not_impersonating')) {
          // This answer says why the impersonation ended; a session check racing it would only say that it did.
          sync.noteEnded(auth.impersonation()?.id ?? null);
          notice.show(
            code === 'impersonation_expired' ? expiredMessage(err) : 'That impersonation had already ended. You are back in the operator view.',
            'warning',
          );
          void auth
            .refresh()
            .catch(() => null)
            .then(() => {
              sync.announce();
              return router.navigateByUrl(OPERATOR_BUSINESSES);
            });
        } else if (err.status === 403 && (code === 'impersonation_required' || (code === 'forbidden' && auth.impersonation()))) {
          void sync.check();
        } else if (err.status === 403 && code === 'impersonation_active') {
          void auth
            .refresh()
            .catch(() => null)
            .then(() => router.navigateByUrl(auth.landingPath()));
        }
      }
      return throwError(() => err);
    }),
  );
};

export { expiredMessage } from './expired-message';
