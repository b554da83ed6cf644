import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { BusinessRole, BusinessStatus } from '#contracts';

/**
 * The business a `@BusinessAccess` route acts on, resolved once by the AccessGuard in the same query
 * as the membership check (docs/ARCHITECTURE.md §8). Handlers receive it with `@Scope()` and pass it
 * to services: no service re-reads the `businesses` row for its id, name or time zone.
 */
export interface BusinessScope {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  status: BusinessStatus;
  /** The role the request acts with: the member's own, or the impersonation's. */
  role: BusinessRole;
  /** True inside a read-only impersonation (writes were refused before the handler ran). */
  readOnly: boolean;
  /** The real person acting: the operator while impersonating. */
  actorId: string;
  /** The impersonation the request runs under, or null for the business's own users. */
  impersonationId: string | null;
}

/**
 * The business a `@BusinessAccess` route names and the caller's own membership in it, read by the
 * session guard in the same statement as the session (SessionsRepository.loadLive), so the access
 * guard decides without a round trip of its own. `row` is null when no such business exists.
 */
export interface RouteBusiness {
  id: string;
  row: { slug: string; name: string; timeZone: string; currency: string; status: BusinessStatus } | null;
  memberRole: BusinessRole | null;
}

/** The Fastify request carries the route's business from the session guard to the access guard, and the scope on to the handler's parameter. */
export interface ScopedRequest {
  routeBusiness?: RouteBusiness;
  businessScope?: BusinessScope;
}

/**
 * The request's BusinessScope, as a handler parameter. Only on `@BusinessAccess` routes: anywhere
 * else there is none, and asking for it is a wiring bug that fails loudly.
 */
export const Scope = createParamDecorator((_data: unknown, ctx: ExecutionContext): BusinessScope => {
  const scope = ctx.switchToHttp().getRequest<ScopedRequest>().businessScope;
  if (!scope) throw new Error('@Scope() used on a route the access guard resolved no business for');
  return scope;
});
