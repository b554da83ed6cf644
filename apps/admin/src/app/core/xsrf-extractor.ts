import { DOCUMENT } from '@angular/common';
import { HttpXsrfTokenExtractor } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';

/** The API names its XSRF cookie `__Host-XSRF-TOKEN` over TLS (cookie-tossing defence) and `XSRF-TOKEN` without. */
export const XSRF_COOKIE_NAMES = ['__Host-XSRF-TOKEN', 'XSRF-TOKEN'] as const;

/** Reads whichever of the two names the API set; Angular's own extractor knows only one fixed name. */
@Injectable()
export class XsrfCookieExtractor extends HttpXsrfTokenExtractor {
  private readonly document = inject(DOCUMENT);

  getToken(): string | null {
    const jar = new Map<string, string>();
    for (const part of this.document.cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) jar.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
    }
    for (const name of XSRF_COOKIE_NAMES) {
      const value = jar.get(name);
      if (value) return value;
    }
    return null;
  }
}
