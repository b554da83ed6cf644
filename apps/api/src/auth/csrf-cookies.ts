import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { mintCsrfToken, verifyCsrfToken, XSRF_COOKIE } from './csrf.js';

/** Issues the readable XSRF-TOKEN cookie Angular's HttpClient echoes in X-XSRF-TOKEN. */
@Injectable()
export class CsrfCookies {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  issue(reply: FastifyReply, sessionId: string, impersonationId: string | null): void {
    reply.setCookie(XSRF_COOKIE, mintCsrfToken(this.config.jwtSecret, sessionId, impersonationId), {
      httpOnly: false,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: '/',
      maxAge: this.config.sessionTtlMinutes * 60,
    });
  }

  /** Re-issue when the browser holds none, or one minted for another session or impersonation state. */
  ensure(req: FastifyRequest & { cookies?: Record<string, string | undefined> }, reply: FastifyReply, sessionId: string, impersonationId: string | null): void {
    if (!verifyCsrfToken(this.config.jwtSecret, sessionId, impersonationId, req.cookies?.[XSRF_COOKIE])) this.issue(reply, sessionId, impersonationId);
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(XSRF_COOKIE, { path: '/' });
  }
}
