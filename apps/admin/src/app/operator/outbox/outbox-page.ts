import { ChangeDetectionStrategy, Component, inject, linkedSignal, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { messageKindLabel, type OutboxMessageDetail, type OutboxMessageView, type OutboxPage as OutboxPageResponse, type OutboxStatus } from '#contracts';
import { Api } from '../../core/api';
import { EmptyState } from '../../ui/empty-state';
import { ErrorAlert } from '../../ui/error-alert';
import { FilterBar } from '../../ui/filter-bar';
import { formatDateTime } from '../../ui/format';
import { keysetList } from '../../ui/keyset-list';
import { Loading } from '../../ui/loading';
import { Pager } from '../../ui/pager';
import { problemDetail } from '../../ui/problem';
import { StatusBadge } from '../../ui/status-badge';
import { UiTable } from '../../ui/table';

const STATUS_LABELS: Record<OutboxStatus, string> = { pending: 'Waiting', sending: 'Sending', sent: 'Sent', dead: 'Gave up', cancelled: 'Cancelled' };

/**
 * The message queue for operators: what waits (all of it while no SMTP server is configured), what
 * was sent, what gave up and why, with a retry for the dead. A one-time link is never shown.
 */
@Component({
  selector: 'app-outbox-page',
  imports: [EmptyState, ErrorAlert, FilterBar, Loading, Pager, StatusBadge, UiTable],
  template: `
    <section class="page">
      <header class="page-header">
        <div>
          <h1>Outbox</h1>
          <p>Every message the platform sends: invitations, password resets, booking messages and notices to owners.</p>
        </div>
      </header>

      @if (delivery(); as d) {
        @if (!d.smtpConfigured) {
          <div class="alert alert-warning" role="status">
            No SMTP server is configured (SMTP_URL), so nothing is sent: {{ d.pending }} message(s) are kept here until delivery is set up.
          </div>
        } @else if (d.dead > 0) {
          <div class="alert alert-error" role="status">{{ d.dead }} message(s) gave up after their retries. Open one to see why.</div>
        }
      }

      <div class="card">
        <ui-filter-bar label="Filter messages" [busy]="list.loading()">
          <label class="field">
            <span>Status</span>
            <select class="select" [value]="status()" (change)="setStatus($any($event.target).value)">
              <option value="">Any status</option>
              @for (s of statuses; track s) {
                <option [value]="s">{{ label(s) }}</option>
              }
            </select>
          </label>
          @if (delivery(); as d) {
            <span class="counts">{{ d.pending }} waiting · {{ d.sending }} sending · {{ d.dead }} gave up</span>
          }
        </ui-filter-bar>

        <ui-error-alert [message]="list.error()" [retryable]="true" (retry)="list.retry()" />

        @if (list.items().length) {
          <ui-table label="Messages">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Business</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Tries</th>
              </tr>
            </thead>
            <tbody>
              @for (m of list.items(); track m.id) {
                <tr>
                  <td class="when">{{ when(m.createdAt) }}</td>
                  <td>{{ m.business?.name ?? 'Platform' }}</td>
                  <td class="wrap">{{ m.recipient }}</td>
                  <td class="wrap">
                    <button type="button" class="btn-link" (click)="open(m)">{{ m.subject }}</button>
                    <span class="kind"
                      >{{ kindLabel(m.kind) }}
                      @if (waitsFor(m); as due) {
                        · waits until {{ due }}
                      }
                    </span>
                  </td>
                  <td><ui-status-badge [status]="m.status" [label]="label(m.status)" /></td>
                  <td>{{ m.attempts }}</td>
                </tr>
                @if (selected()?.id === m.id) {
                  <tr class="detail-row">
                    <td colspan="6">
                      @if (selected(); as d) {
                        <dl class="facts">
                          <dt>Kind</dt>
                          <dd>
                            {{ kindLabel(d.kind) }} <code>{{ d.kind }}</code>
                          </dd>
                          <dt>Not before</dt>
                          <dd>{{ when(d.notBefore) }}</dd>
                          @if (d.sentAt) {
                            <dt>Sent</dt>
                            <dd>{{ when(d.sentAt) }} — {{ d.smtpResponse }}</dd>
                          }
                          @if (d.lastError) {
                            <dt>Last error</dt>
                            <dd class="error-text">{{ d.lastError }}</dd>
                          }
                        </dl>
                        <pre class="body-text">{{ d.bodyText }}</pre>
                        @if (d.status === 'dead' && !d.hasOneTimeLink) {
                          <button type="button" class="btn btn-primary" [disabled]="busy()" (click)="retry(d)">Retry</button>
                        } @else if (d.status === 'dead') {
                          <p class="hint">Its one-time link was erased when it gave up: the person must ask for a new one.</p>
                        }
                        <ui-error-alert [message]="actionError()" />
                      }
                    </td>
                  </tr>
                }
              }
            </tbody>
          </ui-table>
          <ui-pager [list]="list" />
        } @else if (list.loading()) {
          <ui-loading>Loading messages…</ui-loading>
        } @else if (list.empty()) {
          <ui-empty-state title="No messages">{{ status() ? 'None with this status.' : 'Nothing has been sent yet.' }}</ui-empty-state>
        }
      </div>
    </section>
  `,
  styles: `
    .when {
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    .wrap {
      overflow-wrap: anywhere;
    }
    .kind {
      display: block;
      color: var(--text-3);
      font-size: 0.8rem;
      margin-top: 2px;
    }
    .counts {
      color: var(--text-3);
      font-size: 0.875rem;
      align-self: center;
    }
    .body-text {
      white-space: pre-wrap;
      background: #f8fafc;
      padding: 12px;
      border-radius: 6px;
      max-height: 320px;
      overflow: auto;
      font-size: 0.85rem;
    }
    .facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 16px;
      margin: 0 0 12px;
    }
    .facts dt {
      font-weight: 600;
    }
    .facts dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .error-text {
      color: var(--danger);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OutboxPage {
  private readonly api = inject(Api);
  protected readonly statuses: OutboxStatus[] = ['pending', 'sending', 'sent', 'dead', 'cancelled'];
  protected readonly status = signal<OutboxStatus | ''>('');
  protected readonly selected = signal<OutboxMessageDetail | null>(null);
  protected readonly busy = signal(false);
  protected readonly actionError = signal<string | null>(null);

  protected readonly list = keysetList<OutboxStatus | '', OutboxMessageView, OutboxPageResponse>({
    params: () => this.status(),
    load: (status, page) => this.api.outbox({ status, ...page }),
    limit: 50,
  });
  /** The queue's counts from the last page read; kept while the next one loads. */
  protected readonly delivery = linkedSignal<OutboxPageResponse['delivery'] | undefined, OutboxPageResponse['delivery'] | null>({
    source: () => this.list.response()?.delivery,
    computation: (delivery, previous) => delivery ?? previous?.value ?? null,
  });

  protected label(status: OutboxStatus): string {
    return STATUS_LABELS[status];
  }

  protected kindLabel(kind: string): string {
    return messageKindLabel(kind);
  }

  /** A waiting message held for later (a booking reminder): when it becomes due. */
  protected waitsFor(m: OutboxMessageView): string | null {
    return m.status === 'pending' && new Date(m.notBefore).getTime() > Date.now() ? this.when(m.notBefore) : null;
  }

  protected when(iso: string): string {
    return formatDateTime(iso, 'datetime', { zoneName: true });
  }

  protected setStatus(value: OutboxStatus | ''): void {
    this.status.set(value);
    this.selected.set(null);
  }

  protected async open(m: OutboxMessageView): Promise<void> {
    this.actionError.set(null);
    if (this.selected()?.id === m.id) return this.selected.set(null);
    try {
      this.selected.set(await firstValueFrom(this.api.outboxMessage(m.id)));
    } catch (err) {
      this.actionError.set(problemDetail(err));
    }
  }

  protected async retry(m: OutboxMessageDetail): Promise<void> {
    this.busy.set(true);
    this.actionError.set(null);
    try {
      await firstValueFrom(this.api.retryOutboxMessage(m.id));
      this.selected.set(null);
      this.list.refresh();
    } catch (err) {
      this.actionError.set(problemDetail(err));
    } finally {
      this.busy.set(false);
    }
  }
}
