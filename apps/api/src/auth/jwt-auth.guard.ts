import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../common/domain-error.js';
import { ACCESS_KEY, type RouteAccess } from '../access/access.decorators.js';

/** Step 1 of the pipeline: passport-jwt verifies the cookie or Bearer token (public routes skip). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!access) throw new DomainError(500, 'internal_error', 'This route declares no access rule and is refused');
    if (access.kind === 'public') return true;
    return super.canActivate(context);
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new DomainError(401, 'authentication_required', 'Sign in to continue');
    return user;
  }
}
