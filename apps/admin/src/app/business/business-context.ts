import { computed, inject, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { map } from 'rxjs';
import { AuthStore } from '../core/auth-store';

export interface BusinessContextSignals {
  /** The `:slug` of the current `/b/:slug/…` URL. */
  readonly slug: Signal<string>;
  /** The business id the API wants, or null while `me` is not known or the slug is not ours. */
  readonly id: Signal<string | null>;
  readonly name: Signal<string>;
  /** The business's IANA zone: every wall time on these pages is read and written in it. */
  readonly timeZone: Signal<string>;
  readonly isOwner: Signal<boolean>;
  /** An operator impersonating read-only: the API refuses every write, so the pages hide them. */
  readonly readOnly: Signal<boolean>;
  /** `/b/<slug>/…` link commands. */
  link(...rest: string[]): string[];
}

/**
 * The business the page is about, from the URL slug and the one auth state (AuthStore). Call in a
 * component's injection context. The slug is read as a signal because Angular reuses the page
 * component when only `:slug` changes (switching businesses).
 */
export function injectBusinessContext(): BusinessContextSignals {
  const route = inject(ActivatedRoute);
  const auth = inject(AuthStore);
  const slugRoute = route.pathFromRoot.find((r) => r.snapshot.paramMap.has('slug')) ?? route;
  const slug = toSignal(slugRoute.paramMap.pipe(map((p) => p.get('slug') ?? '')), {
    initialValue: slugRoute.snapshot.paramMap.get('slug') ?? '',
  });
  const context = computed(() => (slug() ? auth.businessContext(slug()) : null));
  return {
    slug,
    id: computed(() => context()?.business.id ?? null),
    name: computed(() => context()?.business.name ?? ''),
    timeZone: computed(() => context()?.business.timeZone ?? 'UTC'),
    isOwner: computed(() => context()?.role === 'owner'),
    readOnly: computed(() => context()?.readOnly === true),
    link: (...rest: string[]) => ['/b', slug(), ...rest],
  };
}
