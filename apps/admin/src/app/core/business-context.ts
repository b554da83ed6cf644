import { computed, inject, Injectable } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, type UrlTree } from '@angular/router';
import { filter, map } from 'rxjs';
import { AuthStore, type BusinessContext } from './auth-store';

/** The `:slug` of a `/b/:slug/…` URL tree, else null. */
export function businessSlugOf(tree: UrlTree): string | null {
  const segments = tree.root.children['primary']?.segments ?? [];
  return segments[0]?.path === 'b' && segments[1] ? segments[1].path : null;
}

/**
 * The business of the current URL, resolved against the auth state. Business pages use it to turn
 * the URL's slug into the id the API wants:
 *
 *   private readonly business = inject(BusinessContextService);
 *   readonly businessId = this.business.businessId;   // Signal<string | null>
 *   this.http.get(`/api/businesses/${this.business.requireBusinessId()}/dashboard`)
 *
 * Inside a `/b/:slug` route `context()` is never null: `businessGuard` already refused entry otherwise.
 */
@Injectable({ providedIn: 'root' })
export class BusinessContextService {
  private readonly router = inject(Router);
  private readonly auth = inject(AuthStore);

  private readonly url = toSignal(
    this.router.events.pipe(
      filter((e): e is NavigationEnd => e instanceof NavigationEnd),
      map((e) => e.urlAfterRedirects),
    ),
    { initialValue: this.router.url },
  );

  /** The slug of the current `/b/:slug/…` URL, or null outside a business. */
  readonly slug = computed(() => businessSlugOf(this.router.parseUrl(this.url())));
  readonly context = computed<BusinessContext | null>(() => this.auth.businessContext(this.slug()));
  readonly business = computed(() => this.context()?.business ?? null);
  readonly businessId = computed(() => this.context()?.business.id ?? null);
  readonly role = computed(() => this.context()?.role ?? null);
  readonly isOwner = computed(() => this.context()?.role === 'owner');
  readonly readOnly = computed(() => this.context()?.readOnly ?? false);

  /** The current business id; throws outside a business context (a programming error there). */
  requireBusinessId(): string {
    const id = this.businessId();
    if (!id) throw new Error('No business context for the current URL');
    return id;
  }
}
