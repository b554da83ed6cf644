import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ACCESS_KEY, type RouteAccess } from '../access/access.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { ImpersonationService } from '../impersonation/impersonation.service.js';
import { cookieNames } from '../access/cookie-names.js';
import { verifyCsrfToken, XSRF_HEADER } from '../access/csrf.js';
import { isSafeMethod } from '../common/http-methods.js';

/**
 * Step 3: unsafe requests authenticated by the session cookie must echo the XSRF-TOKEN cookie in
 * X-XSRF-TOKEN, and the token must be signed for this session and its impersonation state. Bearer
 * requests carry no ambient credential a foreign page could borrow, so they are exempt; sign-in is
 * public and checks Origin instead.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly context: ImpersonationContext,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly impersonations: ImpersonationService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { cookies?: Record<string, string | undefined> }>();
    if (access.kind === 'public' || isSafeMethod(req.method)) return true;
    const principal = this.context.require();
    if (principal.transport === 'bearer') return true;
    const header = req.headers[XSRF_HEADER];
    const cookie = req.cookies?.[cookieNames(this.config.cookieSecure).xsrf];
    const valid =
      typeof header === 'string' &&
      header === cookie &&
      verifyCsrfToken(this.config.jwtSecret, principal.sessionId, principal.impersonation?.id ?? null, header);
    if (!valid) {
      if (typeof header === 'string' && header === cookie && !principal.impersonation) await this.explainEndedImpersonation(principal.sessionId, header);
      throw new DomainError(403, 'csrf_invalid', 'The request lacks a valid CSRF token; reload the page and try again');
    }
    return true;
  }

  /**
   * A tab still inside an impersonation that has ended (it expired while the form was being
   * filled, or another tab exited) sends the token signed for that impersonation. The write is
   * refused all the same, but when it expired, with the reason a person can act on
   * (`impersonation_expired`, naming the business and the limit) instead of "reload the page",
   * which would lose their work. Only a token that verifies for this session's own last
   * impersonation gets this answer.
   */
  private async explainEndedImpersonation(sessionId: string, token: string): Promise<void> {
    const last = await this.impersonations.recentlyEnded(sessionId);
    if (!last || !verifyCsrfToken(this.config.jwtSecret, sessionId, last.row.id, token)) return;
    // An exit or switch in another tab stays `csrf_invalid`: that tab's session sync explains it.
    if (last.row.endReason === 'support_access_revoked' || last.row.endReason === 'support_access_expired')
      throw this.impersonations.expiredError(last.business, last.row.endReason);
    if (last.row.endReason !== 'expired') return;
    const limit = last.row.expiresAt.getTime() <= (last.row.endedAt?.getTime() ?? 0) ? 'absolute' : 'idle';
    throw this.impersonations.expiredError(last.business, limit);
  }
}
