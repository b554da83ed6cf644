import { computed, linkedSignal, type Signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { map, type Observable } from 'rxjs';
import type { Page } from '#contracts';
import { problemDetail } from './problem';

/** What a page's loader is asked for: the API's keyset page (`limit`, `cursor` from `nextCursor`). */
export interface PageRequest {
  limit: number;
  cursor: string | null;
}

export interface KeysetListOptions<P, R extends Page<unknown>> {
  /**
   * The list's filters as a signal read. A new value starts again from the first page; `undefined`
   * means "not yet" (no business id known, a filter that does not parse) and loads nothing.
   */
  params: () => P | undefined;
  /** One page for these filters. */
  load: (params: P, page: PageRequest) => Observable<R>;
  /** Page size; the API caps it too. */
  limit?: number;
}

export interface KeysetList<T, R extends Page<T> = Page<T>> {
  /** Every row loaded so far for the current filters, kept on screen while the next page loads. */
  readonly items: Signal<T[]>;
  readonly nextCursor: Signal<string | null>;
  /** The last page's whole response (for lists whose response carries more than rows). */
  readonly response: Signal<R | undefined>;
  /** Any page is on its way (the first one for new filters, or the next one). */
  readonly loading: Signal<boolean>;
  /** The next page is on its way (the first page's rows are still shown). */
  readonly loadingMore: Signal<boolean>;
  /** The failure of the last request, as a sentence for people; null when it worked. */
  readonly error: Signal<string | null>;
  /** The first page for these filters has arrived (so "no rows" means the list is empty). */
  readonly loaded: Signal<boolean>;
  /** Loaded, no error, and no rows: time for the empty state. */
  readonly empty: Signal<boolean>;
  /** Fetch the page after the last one and append it; does nothing without a next cursor or while loading. */
  loadMore(): void;
  /** The same request again: "Try again" after an error. */
  retry(): void;
  /** From the first page again with the same filters (after a change elsewhere). */
  refresh(): void;
}

interface Request<P, T> {
  params: P;
  cursor: string | null;
  /** Rows of the pages before this one, to which this page is appended. */
  before: T[];
}

/**
 * One keyset-paged list on Angular's `rxResource`: the admin's one pager. Changing a filter read in
 * `params` cancels any page in flight and starts from the first page, so results of an older query
 * never replace a newer one; "Load more" appends the page after `nextCursor`.
 *
 * Call in an injection context (a component field initialiser), like `rxResource` itself.
 */
export function keysetList<P, T, R extends Page<T> = Page<T>>(options: KeysetListOptions<P, R>): KeysetList<T, R> {
  const limit = options.limit ?? 25;
  const request = linkedSignal<P | undefined, Request<P, T> | undefined>({
    source: options.params,
    computation: (params) => (params === undefined ? undefined : { params, cursor: null, before: [] }),
  });
  const resource = rxResource({
    params: () => request(),
    stream: ({ params: r }) =>
      options.load(r.params, { limit, cursor: r.cursor }).pipe(map((response) => ({ response, items: [...r.before, ...response.items] as T[] }))),
  });
  const value = computed(() => (resource.hasValue() ? resource.value() : undefined));
  // While a page loads (and after a failure) the rows already shown stay: the ones before this page,
  // or for new filters the previous filters' rows until the new ones arrive.
  const items = linkedSignal<{ loaded: T[] | undefined; before: T[] | undefined; failed: boolean }, T[]>({
    source: () => ({ loaded: value()?.items, before: request()?.before, failed: resource.error() !== undefined }),
    computation: ({ loaded, before, failed }, previous) => loaded ?? (failed ? (before ?? []) : (previous?.value ?? [])),
  });
  const loading = computed(() => resource.isLoading());
  const error = computed(() => {
    const e = resource.error();
    return e ? problemDetail(e) : null;
  });
  const nextCursor = computed(() => value()?.response.nextCursor ?? null);
  const loaded = computed(() => value() !== undefined);

  return {
    items,
    nextCursor,
    response: computed(() => value()?.response),
    loading,
    loadingMore: computed(() => loading() && (request()?.cursor ?? null) !== null),
    error,
    loaded,
    empty: computed(() => loaded() && !loading() && !error() && items().length === 0),
    loadMore: () => {
      const r = request();
      const v = value();
      if (!r || !v || !v.response.nextCursor || loading()) return;
      request.set({ params: r.params, cursor: v.response.nextCursor, before: v.items });
    },
    retry: () => resource.reload(),
    refresh: () => {
      const r = request();
      if (r) request.set({ params: r.params, cursor: null, before: [] });
    },
  };
}
