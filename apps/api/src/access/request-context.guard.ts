import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RequestContext } from './request-context.js';
import { DomainError } from '../common/domain-error.js';
import { routeAuditFor } from './route-inventory.js';
import { redactSecretsInPath } from '../common/secret-urls.js';

/**
 * Step 0: record the request's facts (id, method, path, client, the route's audit action name and
 * whether it counts as activity) on the RequestContext, so every later step — including the
 * error filter's audit of a denial — can name them.
 */
@Injectable()
export class RequestContextGuard implements CanActivate {
  constructor(private readonly request: RequestContext) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const ua = req.headers['user-agent'];
    // The boot check (assertEveryRouteNamesItsAuditAction) makes this unreachable; fail closed anyway.
    const audit = routeAuditFor(ctx.getClass(), ctx.getHandler());
    if (!audit) throw new DomainError(500, 'internal_error', 'This route names no audit action and is refused');
    this.request.open({
      requestId: String(req.id),
      upstreamRequestId: req.upstreamRequestId ?? null,
      method: req.method,
      path: redactSecretsInPath(req.url.split('?')[0]!).slice(0, 500),
      ip: req.ip ?? null,
      userAgent: typeof ua === 'string' ? ua : null,
      action: audit.action,
      activity: audit.activity,
    });
    return true;
  }
}
