import { InjectableProxy } from 'nestjs-cls';
import type { BusinessScope } from './business-scope.js';
import type { ActiveImpersonation, Principal } from './principal.js';

/**
 * The one object that answers "who really acts, in which business, with which role, under which
 * impersonation" for the current request (docs/ARCHITECTURE.md §8); the request's own facts are
 * RequestContext's. A nestjs-cls proxy provider: singletons inject
 * it, and each request sees its own instance carried by AsyncLocalStorage. The SessionGuard fills in
 * the principal; before that (or on public routes) there is none, so read it lazily.
 */
@InjectableProxy()
export class ImpersonationContext {
  private principalValue: Principal | null = null;
  private scopeValue: BusinessScope | null = null;

  /** Called by the session guard once the session row has been checked. */
  setPrincipal(principal: Principal | null): void {
    this.principalValue = principal;
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
  /** The principal, or a loud failure: a service reached without one is a wiring bug, not a guest. */
  require(): Principal {
    if (!this.principalValue) throw new Error('ImpersonationContext: no principal on this request');
    return this.principalValue;
  }
}
