import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ACCESS_KEY, type RouteAccess } from '../common/access.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ImpersonationContext } from '../impersonation/impersonation-context.js';
import { cookieNames } from './cookie-names.js';
import { verifyCsrfToken, XSRF_HEADER } from './csrf.js';
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
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<RouteAccess>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { cookies?: Record<string, string | undefined> }>();
    if (access.kind === 'public' || isSafeMethod(req.method)) return true;
    const principal = this.context.require();
    if (principal.transport === 'bearer') return true;
    const header = req.headers[XSRF_HEADER];
    const cookie = req.cookies?.[cookieNames(this.config.cookieSecure).xsrf];
    const valid =
      typeof header === 'string' && header === cookie && verifyCsrfToken(this.config.jwtSecret, principal.sessionId, principal.impersonation?.id ?? null, header);
    if (!valid) throw new DomainError(403, 'csrf_invalid', 'The request lacks a valid CSRF token; reload the page and try again');
    return true;
  }
}
