import { InjectableProxy } from 'nestjs-cls';
import type { AuditActionName, BusinessRole } from '#contracts';
import type { BusinessScope } from './business-scope.js';
import type { ActiveImpersonation, Principal } from './principal.js';

/** Facts about the HTTP request, captured when the request context opens. */
export interface RequestMeta {
  /** Our own id for the request (never one a client chose). */
  requestId: string;
  /** X-Request-Id from a trusted proxy (TRUST_PROXY), kept beside ours. */
  upstreamRequestId?: string | null;
  method: string;
  path: string;
  ip: string | null;
  userAgent: string | null;
  /** Audit action name of the route (`booking.create`), from libs/contracts ROUTE_AUDIT_ACTIONS. */
  action: AuditActionName;
  /** False for session polling (GET /api/auth/me): not impersonation activity, not an audited read. */
  activity: boolean;
  /** The business the route acts on, once the access guard has found it. */
  businessId?: string;
}

/**
 * The one object that answers "who really acts, in which business, with which role, under which
 * impersonation" for the current request (docs/ARCHITECTURE.md §8). A nestjs-cls proxy provider: singletons inject
 * it, and each request sees its own instance carried by AsyncLocalStorage. The SessionGuard fills in
 * the principal; before that (or on public routes) there is none, so read it lazily.
 */
@InjectableProxy()
export class ImpersonationContext {
  private principalValue: Principal | null = null;
  private metaValue: RequestMeta | null = null;
  private scopeValue: BusinessScope | null = null;

  /** Called by the session guard once the session row has been checked. */
  setPrincipal(principal: Principal | null): void {
    this.principalValue = principal;
  }
  setRequestMeta(meta: RequestMeta): void {
    this.metaValue = meta;
  }

  /** The access guard names the business it found, for audit rows about this request. */
  setRequestBusiness(businessId: string): void {
    if (this.metaValue) this.metaValue.businessId = businessId;
  }

  /** Called by the access guard once it has resolved and allowed the business a route names. */
  setScope(scope: BusinessScope): void {
    this.scopeValue = scope;
  }
  /** The business this request acts on (`@BusinessAccess` routes), or null elsewhere. */
  get scope(): BusinessScope | null {
    return this.scopeValue;
  }

  get principal(): Principal | null {
    return this.principalValue;
  }
  get request(): RequestMeta | null {
    return this.metaValue;
  }
  /** The real person acting (the operator while impersonating), or null when signed out. */
  get actorId(): string | null {
    return this.principalValue?.user.id ?? null;
  }
  get impersonation(): ActiveImpersonation | null {
    return this.principalValue?.impersonation ?? null;
  }
  get isImpersonating(): boolean {
    return this.impersonation !== null;
  }
  get impersonationId(): string | null {
    return this.impersonation?.id ?? null;
  }
  /** The role the caller acts with inside `businessId`, if the impersonation is for it. */
  impersonatedRoleIn(businessId: string): BusinessRole | null {
    const imp = this.impersonation;
    return imp && imp.business.id === businessId ? imp.role : null;
  }
  /** The principal, or a loud failure: a service reached without one is a wiring bug, not a guest. */
  require(): Principal {
    if (!this.principalValue) throw new Error('ImpersonationContext: no principal on this request');
    return this.principalValue;
  }
}
