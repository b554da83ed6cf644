import { computed, inject, Injectable, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, NavigationEnd, Router, type UrlTree } from '@angular/router';
import { filter, map } from 'rxjs';
import type { BusinessRole } from '#contracts';
import { AuthStore, type BusinessContext } from './auth-store';

/** The `:slug` of a `/b/:slug/…` URL tree, else null. */
export function businessSlugOf(tree: UrlTree): string | null {
  const segments = tree.root.children['primary']?.segments ?? [];
  return segments[0]?.path === 'b' && segments[1] ? segments[1].path : null;
}

/** The business a view is about, derived from a slug and the one auth state (AuthStore). */
export interface BusinessContextSignals {
  /** The `:slug` of the current `/b/:slug/…` URL ('' outside a business). */
  readonly slug: Signal<string>;
  readonly context: Signal<BusinessContext | null>;
  /** The business id the API wants, or null while `me` is not known or the slug is not ours. */
  readonly id: Signal<string | null>;
  readonly name: Signal<string>;
  /** The business's IANA zone: every wall time on business pages is read and written in it. */
  readonly timeZone: Signal<string>;
  /** The ISO 4217 code every price of the business is shown in (a general setting). */
  readonly currency: Signal<string | null>;
  readonly role: Signal<BusinessRole | null>;
  readonly isOwner: Signal<boolean>;
  /** An operator impersonating read-only: the API refuses every write, so the pages hide them. */
  readonly readOnly: Signal<boolean>;
  /** `/b/<slug>/…` link commands. */
  link(...rest: string[]): string[];
}

function contextSignals(slug: Signal<string>, auth: AuthStore): BusinessContextSignals {
  const context = computed(() => (slug() ? auth.businessContext(slug()) : null));
  return {
    slug,
    context,
    id: computed(() => context()?.business.id ?? null),
    name: computed(() => context()?.business.name ?? ''),
    timeZone: computed(() => context()?.business.timeZone ?? 'UTC'),
    currency: computed(() => context()?.business.currency ?? null),
    role: computed(() => context()?.role ?? null),
    isOwner: computed(() => context()?.role === 'owner'),
    readOnly: computed(() => context()?.readOnly === true),
    link: (...rest: string[]) => ['/b', slug(), ...rest],
  };
}

/**
 * The business a page under `/b/:slug` is about. Call in a component's injection context. The slug
 * is read from the route as a signal because Angular reuses the page component when only `:slug`
 * changes (switching businesses); inside such a route `id()` is known, as `businessGuard` refused
 * entry otherwise.
 */
export function injectBusinessContext(): BusinessContextSignals {
  const route = inject(ActivatedRoute);
  const slugRoute = route.pathFromRoot.find((r) => r.snapshot.paramMap.has('slug')) ?? route;
  const slug = toSignal(slugRoute.paramMap.pipe(map((p) => p.get('slug') ?? '')), {
    initialValue: slugRoute.snapshot.paramMap.get('slug') ?? '',
  });
  return contextSignals(slug, inject(AuthStore));
}

/**
 * The business of the current URL for code that lives outside the `/b/:slug` routes (the shell's
 * sidebar and branding): the same signals as `injectBusinessContext()`, read from the router's URL.
 */
@Injectable({ providedIn: 'root' })
export class BusinessContextService {
  private readonly router = inject(Router);
  private readonly url = toSignal(
    this.router.events.pipe(
      filter((e): e is NavigationEnd => e instanceof NavigationEnd),
      map((e) => e.urlAfterRedirects),
    ),
    { initialValue: this.router.url },
  );
  private readonly signals = contextSignals(
    computed(() => businessSlugOf(this.router.parseUrl(this.url())) ?? ''),
    inject(AuthStore),
  );

  readonly slug = this.signals.slug;
  readonly context = this.signals.context;
  readonly business = computed(() => this.context()?.business ?? null);
  readonly businessId = this.signals.id;
  readonly role = this.signals.role;
  readonly isOwner = this.signals.isOwner;
  readonly readOnly = this.signals.readOnly;

  /** The current business id; throws outside a business context (a programming error there). */
  requireBusinessId(): string {
    const id = this.businessId();
    if (!id) throw new Error('No business context for the current URL');
    return id;
  }
}
