import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { roleAtLeast, type BusinessRole, type BusinessStatus } from '#contracts';
import type { BusinessScope, RouteBusiness, ScopedRequest } from './business-scope.js';
import { ACCESS_KEY, ALLOW_READ_ONLY_KEY, type RouteAccess } from './access.decorators.js';
import { DomainError } from '../common/domain-error.js';
import type { Principal } from './principal.js';
import { ImpersonationContext } from './impersonation-context.js';
import { RequestContext } from './request-context.js';
import { isSafeMethod } from '../common/http-methods.js';
import { isUuid } from '../common/uuid.js';

export type AccessDecision = { allow: true } | { allow: false; status: number; code: Parameters<typeof deny>[1]; detail: string };

function deny(
  status: number,
  code:
    | 'forbidden'
    | 'impersonation_required'
    | 'impersonation_active'
    | 'read_only_impersonation'
    | 'operator_only'
    | 'owner_required'
    | 'business_suspended'
    | 'not_found'
    | 'not_while_impersonating',
  detail: string,
): AccessDecision {
  return { allow: false, status, code, detail };
}

/** What the guard knows about the business a route names. */
export interface BusinessFacts {
  id: string;
  exists: boolean;
  suspended: boolean;
  /** The caller's own membership role there (business users), if any. */
  memberRole: BusinessRole | null;
  /** The business's row, when it exists (becomes the request's BusinessScope). */
  row?: { slug: string; name: string; timeZone: string; currency: string; status: BusinessStatus };
}

/**
 * docs/ARCHITECTURE.md §2 as one pure function: who may call a route. Kept free of I/O so the permission table can
 * be walked row by row in a unit test.
 */
export function decideAccess(
  access: RouteAccess,
  principal: Principal,
  method: string,
  readOnlyAllowed: boolean,
  business: BusinessFacts | null,
): AccessDecision {
  const imp = principal.impersonation;
  switch (access.kind) {
    case 'public':
    case 'authenticated':
      return { allow: true };
    case 'operator':
      if (principal.user.kind !== 'operator') return deny(403, 'operator_only', 'Only platform operators can do this');
      if (imp && !access.whileImpersonating) return deny(403, 'impersonation_active', 'Exit the impersonation to use operator pages');
      return { allow: true };
    case 'business': {
      if (!business || !business.exists) return deny(404, 'not_found', 'Business was not found');
      let role: BusinessRole;
      if (principal.user.kind === 'operator') {
        if (!imp) return deny(403, 'impersonation_required', 'Operators see a business admin only by impersonating it');
        if (imp.business.id !== business.id) return deny(403, 'forbidden', `This impersonation is limited to ${imp.business.name}`);
        if (access.membersOnly) return deny(403, 'not_while_impersonating', "Only the business's own members can do this, not an operator acting inside it");
        role = imp.role;
      } else {
        if (!business.memberRole) return deny(403, 'forbidden', 'You are not a member of this business');
        if (business.suspended) return deny(403, 'business_suspended', 'This business is suspended; contact the platform');
        role = business.memberRole;
      }
      if (!roleAtLeast(role, access.minRole)) return deny(403, 'owner_required', 'Only the business owner can do this');
      if (imp?.readOnly && !isSafeMethod(method) && !readOnlyAllowed) {
        return deny(403, 'read_only_impersonation', 'This impersonation is read-only');
      }
      // A suspended business is frozen: its own users are shut out above, and an operator may enter
      // to troubleshoot (every read, audited as usual) but change nothing until an operator
      // reactivates it from the businesses page. The status is read live on every request, so a
      // suspension takes effect at once inside an impersonation that began before it.
      if (imp && business.suspended && !isSafeMethod(method) && !readOnlyAllowed) {
        return deny(403, 'business_suspended', 'This business is suspended: operators may look but not change anything until it is reactivated');
      }
      return { allow: true };
    }
  }
}

/**
 * Step 4: applies the route's declared access (fails closed on a route without one) to the
 * Principal the session guard resolved.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly context: ImpersonationContext,
    private readonly request: RequestContext,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, targets);
    if (!access) throw new DomainError(500, 'internal_error', 'This route declares no access rule and is refused');
    if (access.kind === 'public') return true;
    const principal = this.context.require();
    const req = ctx.switchToHttp().getRequest<FastifyRequest<{ Params: Record<string, string> }> & ScopedRequest>();
    let facts: BusinessFacts | null = null;
    if (access.kind === 'business') facts = this.businessFacts(req.params?.[access.param], principal, req.routeBusiness);
    const readOnlyAllowed = this.reflector.getAllAndOverride<boolean>(ALLOW_READ_ONLY_KEY, targets) ?? false;
    const decision = decideAccess(access, principal, req.method, readOnlyAllowed, facts);
    if (!decision.allow) throw new DomainError(decision.status, decision.code, decision.detail);
    if (facts?.row) {
      const imp = principal.impersonation;
      const scope: BusinessScope = {
        id: facts.id,
        ...facts.row,
        role: imp ? imp.role : (facts.memberRole as BusinessRole),
        readOnly: imp?.readOnly ?? false,
        actorId: principal.user.id,
        impersonationId: imp?.id ?? null,
      };
      req.businessScope = scope;
      this.context.setScope(scope);
    }
    return true;
  }

  private businessFacts(businessId: string | undefined, principal: Principal, read: RouteBusiness | undefined): BusinessFacts {
    if (!isUuid(businessId)) return { id: businessId ?? '', exists: false, suspended: false, memberRole: null };
    // An operator inside the business the route names: the session guard read that business's row
    // (status included) earlier in this same request, and an operator has no membership to look up.
    const imp = principal.impersonation;
    if (principal.user.kind === 'operator' && imp && imp.business.id === businessId) {
      this.request.setBusiness(businessId);
      const b = imp.business;
      return {
        id: businessId,
        exists: true,
        suspended: b.status === 'suspended',
        memberRole: null,
        row: { slug: b.slug, name: b.name, timeZone: b.timeZone, currency: b.currency, status: b.status },
      };
    }
    // The business's row and the caller's membership in it, read with the session (no round trip here).
    if (!read || read.id !== businessId) throw new Error('AccessGuard: the session guard read no business for this route');
    if (!read.row) return { id: businessId, exists: false, suspended: false, memberRole: null };
    this.request.setBusiness(businessId);
    return { id: businessId, exists: true, suspended: read.row.status === 'suspended', memberRole: read.memberRole, row: read.row };
  }
}
