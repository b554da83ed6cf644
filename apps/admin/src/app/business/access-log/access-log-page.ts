import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import type { AccessLogEntry, AuditEventView, ImpersonationEndReason, PlatformView, PlatformViewEntry } from '#contracts';
import { problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { formatDateTime } from '../../ui/format';
import { changeLines, eventTitle, readingOf, type ChangeLine } from '../../ui/audit-text';

const END_REASONS: Record<ImpersonationEndReason, string> = {
  exit: 'Exited',
  sign_out: 'Signed out',
  expired: 'Timed out',
  switched: 'Switched business',
  revoked: 'Revoked',
  support_access_revoked: 'Support access revoked',
  support_access_expired: 'Support access ran out',
};

const PLATFORM_VIEWS: Record<PlatformView, string> = {
  all_bookings: 'All bookings (platform search)',
  operator_dashboard: 'Operator dashboard',
  audit_search: 'Audit trail search',
};

/**
 * The owner's view of platform access: every time an operator entered this admin, why, as what,
 * for how long, each change they made (before → after) and each write refused; and, separately,
 * each time an operator saw this business's records on a platform page without entering it.
 */
@Component({
  selector: 'app-access-log-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './access-log-page.html',
  styleUrl: '../ui/page.css',
  styles: `
    .entry { margin-bottom: .75rem; }
    .entry-head { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: .5rem 1rem; }
    .entry-head dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; color: #5b6574; }
    .entry-head dd { margin: .1rem 0 0; }
    .entry-head div.wide { grid-column: 1 / -1; }
    details { margin-top: .75rem; }
    summary { cursor: pointer; font-weight: 500; color: #374151; }
    .changes { list-style: none; padding: 0; margin: .5rem 0 0; display: grid; gap: .5rem; }
    .changes > li { border-left: 3px solid var(--accent, #2563eb); padding: .3rem .75rem; background: #f9fafb; border-radius: 0 6px 6px 0; }
    .change-fields { margin: .35rem 0 0; font-size: .85rem; }
    .change-fields td, .change-fields th { padding: .2rem .5rem; background: transparent; }
    code { font-size: .82rem; word-break: break-word; }
    .outcome-denied, .outcome-error { color: #b91c1c; }
    .changes > li.view { border-left-color: #cbd5e1; background: transparent; }
    .toggle { display: inline-flex; flex-direction: row; gap: .4rem; align-items: center; font-weight: 500; margin: 0 0 .75rem; }
    .change-fields th[scope='row'] { font-weight: 500; text-align: left; white-space: nowrap; }
  `,
})
export class AccessLogPage implements OnInit {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  protected readonly items = signal<AccessLogEntry[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly loadingMore = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly views = signal<PlatformViewEntry[]>([]);
  protected readonly viewsCursor = signal<string | null>(null);
  protected readonly viewsError = signal<string | null>(null);
  protected readonly viewsLoading = signal(false);
  /** Changes first: the page views of each visit only when the owner asks for them. */
  protected readonly showViews = signal(false);

  ngOnInit(): void {
    this.load();
    this.loadViews();
  }

  protected loadViews(cursor: string | null = null): void {
    const id = this.biz.id();
    if (!id) return;
    this.viewsLoading.set(true);
    this.viewsError.set(null);
    this.api.platformViews(id, cursor).subscribe({
      next: (page) => {
        this.views.update((items) => (cursor ? [...items, ...page.items] : page.items));
        this.viewsCursor.set(page.nextCursor);
        this.viewsLoading.set(false);
      },
      error: (err: unknown) => {
        this.viewsLoading.set(false);
        this.viewsError.set(problemDetail(err));
      },
    });
  }

  protected viewName(v: PlatformViewEntry): string {
    return PLATFORM_VIEWS[v.view] ?? v.view;
  }

  protected made(e: AccessLogEntry): number {
    return e.changes.filter((c) => c.outcome === 'success' && !isView(c)).length;
  }

  protected refused(e: AccessLogEntry): number {
    return e.changes.filter((c) => c.outcome !== 'success').length;
  }

  protected viewed(e: AccessLogEntry): number {
    return e.changes.filter((c) => c.outcome === 'success' && isView(c)).length;
  }

  protected toggleViews(show: boolean): void {
    this.showViews.set(show);
    this.load();
  }

  protected readonly isView = isView;
  protected readonly title = eventTitle;

  protected load(cursor: string | null = null): void {
    const id = this.biz.id();
    if (!id) return;
    (cursor ? this.loadingMore : this.loading).set(true);
    this.error.set(null);
    this.api.accessLog(id, cursor, 20, this.showViews() ? 'all' : 'changes').subscribe({
      next: (page) => {
        this.items.update((items) => (cursor ? [...items, ...page.items] : page.items));
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
        this.loadingMore.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.loadingMore.set(false);
        this.error.set(problemDetail(err));
      },
    });
  }

  protected when(iso: string | null): string {
    return iso ? formatDateTime(iso, 'datetime', { timeZone: this.biz.timeZone() }) : '—';
  }

  protected duration(e: AccessLogEntry): string {
    const s = e.durationSeconds;
    if (s == null) return e.endedAt ? '—' : 'In progress';
    if (s < 60) return `${s} s`;
    const m = Math.round(s / 60);
    return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
  }

  protected endReason(e: AccessLogEntry): string {
    return e.endReason ? END_REASONS[e.endReason] ?? e.endReason : e.endedAt ? 'Ended' : 'Still active';
  }

  /** Each changed field in words: its label, and values in this business's currency and zone, ids as names. */
  protected fields(c: AuditEventView): ChangeLine[] {
    return changeLines(c, readingOf(c, { timeZone: this.biz.timeZone(), currency: this.biz.currency() }));
  }

  protected outcomeText(c: AuditEventView): string {
    return c.outcome === 'denied' ? 'refused' : 'failed';
  }
}

/** A read (page view) rather than a change or an attempt at one. */
function isView(c: AuditEventView): boolean {
  return c.method === 'GET';
}
