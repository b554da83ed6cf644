import { HttpContextToken } from '@angular/common/http';

/**
 * Set on requests whose 401/403/409 the caller handles itself (GET /api/auth/me, login), so the
 * session interceptor neither redirects to /login nor loops refreshing the session.
 */
export const HANDLES_SESSION_ERRORS = new HttpContextToken<boolean>(() => false);
