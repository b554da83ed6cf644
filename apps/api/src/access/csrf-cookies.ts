import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { cookieNames } from './cookie-names.js';
import { mintCsrfToken, verifyCsrfToken } from './csrf.js';

/** Issues the readable XSRF-TOKEN cookie Angular's HttpClient echoes in X-XSRF-TOKEN. */
@Injectable()
export class CsrfCookies {
  private readonly name: string;
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.name = cookieNames(config.cookieSecure).xsrf;
  }

  issue(reply: FastifyReply, sessionId: string, impersonationId: string | null): void {
    reply.setCookie(this.name, mintCsrfToken(this.config.jwtSecret, sessionId, impersonationId), {
      httpOnly: false,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: '/',
      maxAge: this.config.sessionTtlMinutes * 60,
    });
  }

  /** Re-issue when the browser holds none, or one minted for another session or impersonation state. */
  ensure(req: FastifyRequest & { cookies?: Record<string, string | undefined> }, reply: FastifyReply, sessionId: string, impersonationId: string | null): void {
    if (!verifyCsrfToken(this.config.jwtSecret, sessionId, impersonationId, req.cookies?.[this.name])) this.issue(reply, sessionId, impersonationId);
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(this.name, { path: '/', secure: this.config.cookieSecure });
  }
}
