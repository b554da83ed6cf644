import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { firstValueFrom, map } from 'rxjs';
import { messageKindLabel, type OutboxMessageDetail, type OutboxMessageView, type OutboxPage as OutboxPageResponse, type OutboxStatus } from '#contracts';
import { toParams } from '../../core/api';
import { formatDateTime } from '../../core/date-format';
import { problemDetail } from '../../ui/problem';
import { KeysetList } from '../keyset-list';

const STATUS_LABELS: Record<OutboxStatus, string> = { pending: 'Waiting', sending: 'Sending', sent: 'Sent', dead: 'Gave up', cancelled: 'Cancelled' };

/**
 * The message queue for operators: what waits (all of it while no SMTP server is configured), what
 * was sent, what gave up and why, with a retry for the dead. A one-time link is never shown.
 */
@Component({
  selector: 'app-outbox-page',
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
        <div class="filters">
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
          @if (list.loading()) {
            <span class="spinner" role="status" aria-label="Loading"></span>
          }
        </div>

        @if (list.error(); as message) {
          <div class="card-body"><div class="alert alert-error" role="alert">{{ message }}</div></div>
        }

        @if (list.items().length) {
          <div class="table-wrap" tabindex="0" role="region" aria-label="Messages">
            <table class="table">
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
                      <button type="button" class="link-button" (click)="open(m)">{{ m.subject }}</button>
                      <span class="kind">{{ kindLabel(m.kind) }}@if (waitsFor(m); as due) { · waits until {{ due }} }</span>
                    </td>
                    <td><span class="badge" [class]="'badge-outbox-' + m.status">{{ label(m.status) }}</span></td>
                    <td>{{ m.attempts }}</td>
                  </tr>
                  @if (selected()?.id === m.id) {
                    <tr class="detail-row">
                      <td colspan="6">
                        @if (selected(); as d) {
                          <dl class="facts">
                            <dt>Kind</dt><dd>{{ kindLabel(d.kind) }} <code>{{ d.kind }}</code></dd>
                            <dt>Not before</dt><dd>{{ when(d.notBefore) }}</dd>
                            @if (d.sentAt) { <dt>Sent</dt><dd>{{ when(d.sentAt) }} — {{ d.smtpResponse }}</dd> }
                            @if (d.lastError) { <dt>Last error</dt><dd class="error-text">{{ d.lastError }}</dd> }
                          </dl>
                          <pre class="body-text">{{ d.bodyText }}</pre>
                          @if (d.status === 'dead' && !d.hasOneTimeLink) {
                            <button type="button" class="btn btn-primary" [disabled]="busy()" (click)="retry(d)">Retry</button>
                          } @else if (d.status === 'dead') {
                            <p class="hint">Its one-time link was erased when it gave up: the person must ask for a new one.</p>
                          }
                          @if (actionError(); as e) { <div class="alert alert-error" role="alert">{{ e }}</div> }
                        }
                      </td>
                    </tr>
                  }
                }
              </tbody>
            </table>
          </div>
          @if (list.nextCursor()) {
            <div class="list-footer">
              <button type="button" class="btn" [disabled]="list.loading()" (click)="list.loadMore()">Load more</button>
            </div>
          }
        } @else if (list.loading()) {
          <div class="loading-row"><span class="spinner" aria-hidden="true"></span> Loading messages…</div>
        } @else if (list.loaded()) {
          <div class="state"><strong>No messages</strong>{{ status() ? 'None with this status.' : 'Nothing has been sent yet.' }}</div>
        }
      </div>
    </section>
  `,
  styles: `
    .when { white-space: nowrap; font-variant-numeric: tabular-nums; }
    .wrap { overflow-wrap: anywhere; }
    .kind { display: block; color: var(--text-muted, #64748b); font-size: 0.8rem; margin-top: 2px; }
    .counts { color: var(--text-muted, #64748b); font-size: 0.875rem; align-self: center; }
    .link-button { background: none; border: 0; padding: 0; color: inherit; text-decoration: underline; cursor: pointer; text-align: left; font: inherit; }
    .body-text { white-space: pre-wrap; background: #f8fafc; padding: 12px; border-radius: 6px; max-height: 320px; overflow: auto; font-size: 0.85rem; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 12px; }
    .facts dt { font-weight: 600; }
    .facts dd { margin: 0; overflow-wrap: anywhere; }
    .error-text { color: #b91c1c; }
    .badge-outbox-pending, .badge-outbox-sending { background: #fef3c7; color: #92400e; }
    .badge-outbox-sent { background: #dcfce7; color: #166534; }
    .badge-outbox-dead { background: #fee2e2; color: #991b1b; }
    .badge-outbox-cancelled { background: #e2e8f0; color: #334155; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OutboxPage {
  private readonly http = inject(HttpClient);
  protected readonly statuses: OutboxStatus[] = ['pending', 'sending', 'sent', 'dead', 'cancelled'];
  protected readonly status = signal<OutboxStatus | ''>('');
  protected readonly delivery = signal<OutboxPageResponse['delivery'] | null>(null);
  protected readonly selected = signal<OutboxMessageDetail | null>(null);
  protected readonly busy = signal(false);
  protected readonly actionError = signal<string | null>(null);

  protected readonly list = new KeysetList<OutboxMessageView>((cursor) =>
    this.http.get<OutboxPageResponse>('/api/operator/outbox', { params: toParams({ status: this.status(), limit: 50, cursor }) }).pipe(
      map((page) => {
        this.delivery.set(page.delivery);
        return page;
      }),
    ),
  );

  constructor() {
    void this.list.reload();
  }

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
    return formatDateTime(iso, null);
  }

  protected setStatus(value: OutboxStatus | ''): void {
    this.status.set(value);
    this.selected.set(null);
    void this.list.reload();
  }

  protected async open(m: OutboxMessageView): Promise<void> {
    this.actionError.set(null);
    if (this.selected()?.id === m.id) return this.selected.set(null);
    try {
      this.selected.set(await firstValueFrom(this.http.get<OutboxMessageDetail>(`/api/operator/outbox/${m.id}`)));
    } catch (err) {
      this.actionError.set(problemDetail(err));
    }
  }

  protected async retry(m: OutboxMessageDetail): Promise<void> {
    this.busy.set(true);
    this.actionError.set(null);
    try {
      await firstValueFrom(this.http.post(`/api/operator/outbox/${m.id}/retry`, {}));
      this.selected.set(null);
      await this.list.reload();
    } catch (err) {
      this.actionError.set(problemDetail(err));
    } finally {
      this.busy.set(false);
    }
  }
}
