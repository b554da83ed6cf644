import { HttpClient, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Page } from '#contracts';
import { keysetList, type KeysetList } from './keyset-list';

interface Row {
  id: string;
}

describe('keysetList', () => {
  let http: HttpTestingController;
  const q = signal<string | undefined>('');

  function makeList(): KeysetList<Row> {
    const client = TestBed.inject(HttpClient);
    return TestBed.runInInjectionContext(() =>
      keysetList<string, Row>({
        params: () => q(),
        limit: 2,
        load: (query, page) => client.get<Page<Row>>('/api/rows', { params: { q: query, limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) } }),
      }),
    );
  }

  /** Let the resource's effect run and send (or settle) its request. */
  async function settle(): Promise<void> {
    TestBed.inject(ApplicationRef).tick();
    await TestBed.inject(ApplicationRef).whenStable();
  }

  function answer(url: string, page: Page<Row>): void {
    http.expectOne((r) => r.urlWithParams === url).flush(page);
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    q.set('');
  });

  afterEach(() => http.verify());

  it('loads the first page, then appends the next one from nextCursor', async () => {
    const list = makeList();
    TestBed.inject(ApplicationRef).tick();
    expect(list.loading()).toBe(true);
    expect(list.loaded()).toBe(false);
    answer('/api/rows?q=&limit=2', { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' });
    await settle();
    expect(list.items().map((r) => r.id)).toEqual(['a', 'b']);
    expect(list.nextCursor()).toBe('c1');
    expect(list.loaded()).toBe(true);
    expect(list.loading()).toBe(false);

    list.loadMore();
    TestBed.inject(ApplicationRef).tick();
    expect(list.loadingMore()).toBe(true);
    expect(list.items().map((r) => r.id)).toEqual(['a', 'b']); // still shown while the next page loads
    answer('/api/rows?q=&limit=2&cursor=c1', { items: [{ id: 'c' }], nextCursor: null });
    await settle();
    expect(list.items().map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(list.nextCursor()).toBeNull();
    expect(list.loadingMore()).toBe(false);

    list.loadMore(); // no next page: nothing is asked for
    await settle();
    http.expectNone(() => true);
  });

  it('starts again from the first page when a filter changes, and drops the older query’s answer', async () => {
    const list = makeList();
    TestBed.inject(ApplicationRef).tick();
    answer('/api/rows?q=&limit=2', { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' });
    await settle();
    expect(list.items().map((r) => r.id)).toEqual(['a', 'b']); // on screen, as a template reads it

    q.set('x');
    TestBed.inject(ApplicationRef).tick();
    const older = http.expectOne('/api/rows?q=x&limit=2');
    q.set('xy');
    TestBed.inject(ApplicationRef).tick();
    expect(older.cancelled).toBe(true);
    expect(list.items().map((r) => r.id)).toEqual(['a', 'b']); // the previous rows stay until the new ones arrive
    answer('/api/rows?q=xy&limit=2', { items: [{ id: 'z' }], nextCursor: null });
    await settle();
    expect(list.items().map((r) => r.id)).toEqual(['z']);
    expect(list.nextCursor()).toBeNull();
  });

  it('says when a list is empty', async () => {
    const list = makeList();
    TestBed.inject(ApplicationRef).tick();
    expect(list.empty()).toBe(false);
    answer('/api/rows?q=&limit=2', { items: [], nextCursor: null });
    await settle();
    expect(list.empty()).toBe(true);
  });

  it('loads nothing while the params are undefined', async () => {
    q.set(undefined);
    const list = makeList();
    await settle();
    http.expectNone(() => true);
    expect(list.loading()).toBe(false);
    expect(list.items()).toEqual([]);
  });

  it('reports a failure in words, keeps the rows already loaded, and retries the same page', async () => {
    const list = makeList();
    TestBed.inject(ApplicationRef).tick();
    answer('/api/rows?q=&limit=2', { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' });
    await settle();

    list.loadMore();
    TestBed.inject(ApplicationRef).tick();
    http
      .expectOne('/api/rows?q=&limit=2&cursor=c1')
      .flush(
        { type: 'about:blank', title: 'Bad cursor', status: 400, code: 'validation_failed', detail: 'The cursor is not valid.' },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    expect(list.error()).toBe('The cursor is not valid.');
    expect(list.items().map((r) => r.id)).toEqual(['a', 'b']);
    expect(list.empty()).toBe(false);

    list.retry();
    TestBed.inject(ApplicationRef).tick();
    answer('/api/rows?q=&limit=2&cursor=c1', { items: [{ id: 'c' }], nextCursor: null });
    await settle();
    expect(list.error()).toBeNull();
    expect(list.items().map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('refresh() starts from the first page with the same filters', async () => {
    const list = makeList();
    TestBed.inject(ApplicationRef).tick();
    answer('/api/rows?q=&limit=2', { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' });
    await settle();
    list.loadMore();
    TestBed.inject(ApplicationRef).tick();
    answer('/api/rows?q=&limit=2&cursor=c1', { items: [{ id: 'c' }], nextCursor: null });
    await settle();

    list.refresh();
    TestBed.inject(ApplicationRef).tick();
    answer('/api/rows?q=&limit=2', { items: [{ id: 'new' }, { id: 'a' }], nextCursor: 'c2' });
    await settle();
    expect(list.items().map((r) => r.id)).toEqual(['new', 'a']);
    expect(list.nextCursor()).toBe('c2');
  });
});
