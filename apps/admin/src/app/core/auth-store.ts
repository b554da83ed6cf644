import { HttpClient, HttpContext, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { businessDashboardPath, OPERATOR_HOME, type BusinessRole, type MeResponse, type MembershipView } from '#contracts';
import { HANDLES_SESSION_ERRORS } from './http-context';

/** A business as the admin needs it for theming and API calls (ids in the API, slugs in URLs). */
export type ContextBusiness = MembershipView['business'];

/** What the signed-in person may do inside one business, from a membership or an impersonation. */
export interface BusinessContext {
  business: ContextBusiness;
  role: BusinessRole;
  /** True when an operator acts here through an impersonation (the pill is shown). */
  impersonated: boolean;
  /** Only ever true while impersonating read-only: the API refuses every write. */
  readOnly: boolean;
}

/**
 * The one auth state of the admin: who is signed in, their memberships and their live
 * impersonation, exactly as GET /api/auth/me last answered. The server is the only source of
 * truth for "is this session impersonating", so nothing here is ever patched by hand: after
 * login, start, exit or sign-out call `refresh()`.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private readonly state = signal<MeResponse | null>(null);
  private readonly loadedOnce = signal(false);
  private inflight: Promise<MeResponse | null> | null = null;

  /** The last GET /api/auth/me answer; null when signed out (or not loaded yet, see `loaded`). */
  readonly me = this.state.asReadonly();
  readonly loaded = this.loadedOnce.asReadonly();
  /** The real person signed in: the operator, even while impersonating. */
  readonly user = computed(() => this.state()?.user ?? null);
  readonly impersonation = computed(() => this.state()?.impersonation ?? null);
  readonly isOperator = computed(() => this.state()?.user.kind === 'operator');
  readonly isImpersonating = computed(() => this.impersonation() !== null);

  /** Asks the server who we are. 401 means signed out (null); other failures reject and keep the state. */
  refresh(): Promise<MeResponse | null> {
    this.inflight ??= firstValueFrom(this.http.get<MeResponse>('/api/auth/me', { context: new HttpContext().set(HANDLES_SESSION_ERRORS, true) }))
      .then(
        (me) => me,
        (err: unknown) => {
          if (err instanceof HttpErrorResponse && err.status === 401) return null;
          throw err;
        },
      )
      .then((me) => {
        this.state.set(me);
        this.loadedOnce.set(true);
        return me;
      })
      .finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** The state for guards: loads it once, then answers from memory (session sync keeps it fresh). */
  ensureLoaded(): Promise<MeResponse | null> {
    return this.loadedOnce() ? Promise.resolve(this.state()) : this.refresh();
  }

  /**
   * The business behind URL slug `slug` and the role the signed-in person holds there: the
   * impersonated business when its slug matches, else a membership; null when neither grants access.
   */
  businessContext(slug: string | null | undefined): BusinessContext | null {
    const me = this.state();
    if (!me || !slug) return null;
    const imp = me.impersonation;
    if (imp && imp.business.slug === slug) {
      return { business: imp.business, role: imp.role, impersonated: true, readOnly: imp.readOnly };
    }
    const membership = me.memberships.find((m) => m.business.slug === slug);
    return membership ? { business: membership.business, role: membership.role, impersonated: false, readOnly: false } : null;
  }

  /** Where "/" leads for this person. */
  landingPath(): string {
    return landingPathFor(this.state());
  }
}

/** Impersonating → that business's dashboard; operator → operator dashboard; member → first business. */
export function landingPathFor(me: MeResponse | null): string {
  if (!me) return '/login';
  if (me.impersonation) return businessDashboardPath(me.impersonation.business.slug);
  if (me.user.kind === 'operator') return OPERATOR_HOME;
  const first = me.memberships[0];
  return first ? businessDashboardPath(first.business.slug) : '/no-access';
}
