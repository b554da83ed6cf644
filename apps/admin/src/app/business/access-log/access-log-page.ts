import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { AccessLogEntry, AuditEventView, ImpersonationEndReason, PlatformView, PlatformViewEntry } from '#contracts';
import { EmptyState } from '../../ui/empty-state';
import { ErrorAlert } from '../../ui/error-alert';
import { keysetList } from '../../ui/keyset-list';
import { Loading } from '../../ui/loading';
import { Pager } from '../../ui/pager';
import { UiTable } from '../../ui/table';
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
  imports: [EmptyState, ErrorAlert, Loading, Pager, UiTable],
  templateUrl: './access-log-page.html',
  styles: `
    .entry {
      padding: 16px 20px;
    }
    .platform-views > p.card-body {
      margin: 0;
    }
    .entry-head {
      margin: 0;
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
      gap: 0.5rem 1rem;
    }
    .entry-head dt {
      font-size: 0.75rem;
      text-transform: uppercase;
      letter-spacing: 0.03em;
      color: var(--text-3);
    }
    .entry-head dd {
      margin: 0.1rem 0 0;
    }
    .entry-head div.wide {
      grid-column: 1 / -1;
    }
    details {
      margin-top: 0.75rem;
    }
    summary {
      cursor: pointer;
      font-weight: 500;
      color: #374151;
    }
    .changes {
      list-style: none;
      padding: 0;
      margin: 0.5rem 0 0;
      display: grid;
      gap: 0.5rem;
    }
    .changes > li {
      border-left: 3px solid var(--accent, #2563eb);
      padding: 0.3rem 0.75rem;
      background: #f9fafb;
      border-radius: 0 6px 6px 0;
    }
    .change-fields {
      margin: 0.35rem 0 0;
      font-size: 0.85rem;
      border-collapse: collapse;
    }
    .change-fields td,
    .change-fields th {
      padding: 0.2rem 0.5rem;
      text-align: left;
      vertical-align: top;
      border-bottom: 1px solid var(--border);
    }
    .change-fields thead th {
      font-size: 0.75rem;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.03em;
      color: var(--text-3);
    }
    .change-fields tr:last-child td,
    .change-fields tr:last-child th {
      border-bottom: 0;
    }
    code {
      font-size: 0.82rem;
      word-break: break-word;
    }
    .outcome-denied,
    .outcome-error {
      color: var(--danger);
    }
    .changes > li.view {
      border-left-color: #cbd5e1;
      background: transparent;
    }
    .change-fields th[scope='row'] {
      font-weight: 500;
      text-align: left;
      white-space: nowrap;
    }
  `,
})
export class AccessLogPage {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  /** Changes first: the page views of each visit only when the owner asks for them. */
  protected readonly showViews = signal(false);

  /** Each visit (impersonation) into this admin, newest first. */
  protected readonly visits = keysetList<{ id: string; activity: 'all' | 'changes' }, AccessLogEntry>({
    params: () => {
      const id = this.biz.id();
      return id ? { id, activity: this.showViews() ? 'all' : 'changes' } : undefined;
    },
    load: ({ id, activity }, page) => this.api.accessLog(id, page.cursor, 20, activity),
    limit: 20,
  });

  /** Each time an operator saw this business's records on a platform-wide page. */
  protected readonly views = keysetList<string, PlatformViewEntry>({
    params: () => this.biz.id() ?? undefined,
    load: (id, page) => this.api.platformViews(id, page.cursor, 20),
    limit: 20,
  });

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

  protected readonly isView = isView;
  protected readonly title = eventTitle;

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
    return e.endReason ? (END_REASONS[e.endReason] ?? e.endReason) : e.endedAt ? 'Ended' : 'Still active';
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
