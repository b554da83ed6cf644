import { HttpXsrfTokenExtractor, provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import { provideBrowserGlobalErrorListeners, provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import { provideRouter, TitleStrategy, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { routes } from './app.routes';
import { sessionInterceptor } from './core/session-interceptor';
import { ImpersonationTitleStrategy } from './core/title-strategy';
import { XsrfCookieExtractor } from './core/xsrf-extractor';

export const appConfig: ApplicationConfig = {
  providers: [
    // Zoneless: change detection is driven by signals and template events (no zone.js on the page).
    provideZonelessChangeDetection(),
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'top' })),
    provideHttpClient(
      // The API's signed double-submit CSRF: echo the readable XSRF-TOKEN cookie on unsafe
      // methods. Angular only does this for relative URLs, so every call uses '/api/…'.
      withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
      // Interceptors, in the order they see a request:
      withInterceptors([
        sessionInterceptor, // 401 → /login; ended impersonation → operator business list + notice
      ]),
    ),
    // The XSRF cookie is __Host-XSRF-TOKEN over TLS and XSRF-TOKEN without: read either.
    { provide: HttpXsrfTokenExtractor, useClass: XsrfCookieExtractor },
    // "[Impersonating <business>] " prefix on the document title while impersonating.
    { provide: TitleStrategy, useClass: ImpersonationTitleStrategy },
  ],
};
