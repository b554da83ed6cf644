import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ACCESS_KEY, type RouteAccess } from '../access/access.decorators.js';
import type { ScopedRequest } from '../access/business-scope.js';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/uuid.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { RequestContext } from '../access/request-context.js';
import { ImpersonationService } from '../impersonation/impersonation.service.js';
import type { TokenClaims } from './jwt.strategy.js';
import { SessionsService } from './sessions.service.js';

/**
 * Step 2: the token only names a session; this loads the session row (alive, same user, user not
 * disabled), its live impersonation with its business and, on a `@BusinessAccess` route, the
 * business it names with the user's membership, in one round trip (SessionsRepository.loadLive),
 * and publishes one Principal through ImpersonationContext. A
 * revoked or expired session is refused on the very next request.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly impersonations: ImpersonationService,
    private readonly context: ImpersonationContext,
    private readonly request: RequestContext,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (access.kind === 'public') return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest<{ Params: Record<string, string | undefined> }> & ScopedRequest & { user?: TokenClaims }>();
    const claims = req.user;
    if (!claims) throw new DomainError(401, 'authentication_required', 'Sign in to continue');

    // Session polling (a route flagged `activity: false`) does not keep an idle impersonation alive.
    const activity = this.request.meta?.activity ?? true;
    // The business a @BusinessAccess route names is read in the same statement, for the access guard.
    const named = access.kind === 'business' ? req.params?.[access.param] : undefined;
    const routeBusinessId = isUuid(named) ? named : null;
    const live = await this.sessions.loadLive(claims.sessionId, claims.userId, activity, routeBusinessId);
    if (!live) throw new DomainError(401, 'session_revoked', 'Your session has ended; sign in again');
    if (live.routeBusiness) req.routeBusiness = live.routeBusiness;
    const { session, user } = live;
    if (user.disabledAt) {
      await this.impersonations.endAllFor(user.id, 'revoked');
      await this.sessions.revokeNow(session.id);
      throw new DomainError(401, 'session_revoked', 'This account is disabled');
    }
    const base = { user: { id: user.id, email: user.email, name: user.name, kind: user.kind }, sessionId: session.id, transport: claims.transport };
    // Published before the impersonation is judged, so an expiry refusal is audited under the operator.
    this.context.setPrincipal({ ...base, impersonation: null });
    if (live.impersonation)
      this.context.setPrincipal({ ...base, impersonation: await this.impersonations.resolveForRequest(live.impersonation, user.id, user.kind) });
    return true;
  }
}
