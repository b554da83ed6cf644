import { signal } from '@angular/core';
import { firstValueFrom, type Observable } from 'rxjs';
import type { Page } from '#contracts';
import { problemDetail } from '../ui/problem';

/**
 * State of one keyset-paged list: `reload()` for new filters, `loadMore()` with `nextCursor`.
 * A response that arrives after a newer `reload()` is dropped, so fast typing never shows the
 * results of an older query.
 */
export class KeysetList<T> {
  readonly items = signal<T[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  private generation = 0;

  constructor(private readonly fetchPage: (cursor: string | null) => Observable<Page<T>>) {}

  async reload(): Promise<void> {
    const generation = ++this.generation;
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(this.fetchPage(null));
      if (generation !== this.generation) return;
      this.items.set(page.items);
      this.nextCursor.set(page.nextCursor);
      this.loaded.set(true);
    } catch (err) {
      if (generation !== this.generation) return;
      this.items.set([]);
      this.nextCursor.set(null);
      this.error.set(problemDetail(err));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor || this.loading()) return;
    const generation = this.generation;
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(this.fetchPage(cursor));
      if (generation !== this.generation) return;
      this.items.update((items) => [...items, ...page.items]);
      this.nextCursor.set(page.nextCursor);
    } catch (err) {
      if (generation === this.generation) this.error.set(problemDetail(err));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
  }
}
