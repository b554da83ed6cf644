import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { AuditEventView, AuditOutcome, Page } from '#contracts';
import { Api, type AuditQuery } from '../../core/api';
import { actionLabel, changeLines, eventTitle, readingOf, type ChangeLine } from '../../ui/audit-text';
import { formatDateTime, formatTimestamp } from '../../ui/format';
import { EmptyState } from '../../ui/empty-state';
import { ErrorAlert } from '../../ui/error-alert';
import { keysetList } from '../../ui/keyset-list';
import { Loading } from '../../ui/loading';
import { Pager } from '../../ui/pager';
import { problemDetail } from '../../ui/problem';
import { BusinessDirectory } from '../business-directory';
import { dayBound } from '../bookings/all-bookings-page';

/** `views=include` in the URL shows page views too; without it the list is changes, sign-ins and refusals. */
const FILTER_KEYS = ['q', 'actorId', 'businessId', 'impersonationId', 'action', 'outcome', 'from', 'to', 'views'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Record<FilterKey, string>;
const NO_FILTERS: Filters = { q: '', actorId: '', businessId: '', impersonationId: '', action: '', outcome: '', from: '', to: '', views: '' };

/** A whole impersonation is read as one story; more than this many events is cut short. */
const TIMELINE_MAX = 1000;

/** One `changes` entry as text: JSON for objects, the value itself for scalars. */
export function changeText(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * The global audit trail. Filters live in the URL (`?impersonationId=…`), so a link to one
 * impersonation's story can be shared; with an impersonation selected the page switches to a
 * timeline, oldest first, of everything that happened under it.
 */
@Component({
  selector: 'app-audit-page',
  imports: [NgTemplateOutlet, EmptyState, ErrorAlert, Loading, Pager],
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly directory = inject(BusinessDirectory);
  protected readonly outcomes: AuditOutcome[] = ['success', 'denied', 'error'];

  protected readonly filters = signal<Filters>({ ...NO_FILTERS });
  protected readonly timelineMode = computed(() => !!this.filters().impersonationId);
  protected readonly hasFilters = computed(() => FILTER_KEYS.some((k) => k !== 'views' && this.filters()[k]));
  protected readonly showViews = computed(() => this.filters().views === 'include');
  /** Rows whose raw record (every column, as the API sent it) is open. */
  protected readonly raw = signal<ReadonlySet<string>>(new Set());
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());

  /** The list (not the timeline): new filters start from the first page. */
  protected readonly list = keysetList<Filters, AuditEventView>({
    params: () => {
      const f = this.filters();
      return f.impersonationId ? undefined : f;
    },
    load: (f, page) => this.fetch(f, page.cursor, page.limit),
    limit: 50,
  });

  // Timeline (one impersonation, oldest first): every page fetched, then reversed.
  protected readonly timeline = signal<AuditEventView[]>([]);
  protected readonly timelineLoading = signal(false);
  protected readonly timelineError = signal<string | null>(null);
  protected readonly timelineTruncated = signal(false);
  private timelineGeneration = 0;

  protected readonly story = computed(() => {
    const events = this.timeline();
    const start = events.find((e) => e.action === 'impersonation.start') ?? events[0];
    const last = events.at(-1);
    return start ? { operator: start.actor, business: start.business, from: start.occurredAt, to: last?.occurredAt ?? null } : null;
  });

  constructor() {
    void this.directory.load();
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      const next = { ...NO_FILTERS };
      for (const key of FILTER_KEYS) next[key] = params.get(key) ?? '';
      this.filters.set(next);
      this.expanded.set(new Set());
      if (next.impersonationId) void this.loadTimeline();
    });
  }

  private fetch(f: Filters, cursor: string | null, limit: number) {
    const query: AuditQuery = {
      actorId: f.actorId.trim(),
      businessId: f.businessId,
      impersonationId: f.impersonationId.trim(),
      action: f.action.trim(),
      outcome: f.outcome as AuditOutcome | '',
      q: f.q.trim(),
      from: dayBound(f.from, 'start'),
      to: dayBound(f.to, 'end'),
      // One impersonation's story shows everything; the list leaves page views out unless asked.
      views: f.impersonationId.trim() || f.views === 'include' ? '' : 'exclude',
      limit,
      cursor,
    };
    return this.api.audit(query);
  }

  private async loadTimeline(): Promise<void> {
    const generation = ++this.timelineGeneration;
    this.timelineLoading.set(true);
    this.timelineError.set(null);
    this.timelineTruncated.set(false);
    const events: AuditEventView[] = [];
    try {
      let cursor: string | null = null;
      do {
        const page: Page<AuditEventView> = await firstValueFrom(this.fetch(this.filters(), cursor, 200));
        if (generation !== this.timelineGeneration) return;
        events.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && events.length < TIMELINE_MAX);
      this.timelineTruncated.set(cursor !== null);
      this.timeline.set(events.reverse());
    } catch (err) {
      if (generation === this.timelineGeneration) {
        this.timeline.set([]);
        this.timelineError.set(problemDetail(err));
      }
    } finally {
      if (generation === this.timelineGeneration) this.timelineLoading.set(false);
    }
  }

  /** Filters go to the URL; the query-param subscription does the loading. */
  protected applyFilter(key: FilterKey, value: string): void {
    void this.navigate({ ...this.filters(), [key]: value });
  }

  protected showImpersonation(id: string): void {
    void this.navigate({ ...NO_FILTERS, impersonationId: id });
  }

  protected showActor(id: string): void {
    void this.navigate({ ...this.filters(), actorId: id, impersonationId: '' });
  }

  protected clear(): void {
    void this.navigate({ ...NO_FILTERS });
  }

  private navigate(filters: Filters): Promise<boolean> {
    const queryParams: Record<string, string | null> = {};
    for (const key of FILTER_KEYS) queryParams[key] = filters[key] || null;
    return this.router.navigate([], { relativeTo: this.route, queryParams });
  }

  protected toggle(id: string): void {
    this.expanded.update((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  protected changeKeys(e: AuditEventView): string[] {
    return e.changes ? Object.keys(e.changes) : [];
  }

  /** Each changed field in words, values in the row's business's currency and zone, ids as names. */
  protected lines(e: AuditEventView): ChangeLine[] {
    return changeLines(e, readingOf(e));
  }

  protected toggleRaw(id: string): void {
    this.raw.update((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  protected rawText(e: AuditEventView): string {
    return JSON.stringify(e, null, 2);
  }

  /** The row's time in its business's zone (named), else the viewer's; to the second. */
  protected when(e: AuditEventView): string {
    return e.business?.timeZone ? formatDateTime(e.occurredAt, 'timestamp', { timeZone: e.business.timeZone, zoneName: true }) : formatTimestamp(e.occurredAt);
  }

  /** What the row was done to, by name when the API could give one. */
  protected targetName(e: AuditEventView): string | null {
    return e.targetId ? (e.names?.[e.targetId.toLowerCase()] ?? null) : null;
  }

  protected readonly title = eventTitle;
  protected readonly label = actionLabel;

  protected readonly time = formatTimestamp;
  protected readonly changeText = changeText;
  protected readonly short = (id: string) => id.slice(0, 8);
  /** Ids are shortened (the full one is in the tooltip); other targets, such as an account's e-mail, are shown whole. */
  protected readonly shortTarget = (id: string) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$/.test(id) ? id.slice(0, 8) : id);
}
