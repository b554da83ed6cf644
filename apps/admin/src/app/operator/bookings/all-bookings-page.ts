import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { debounceTime, distinctUntilChanged, Subject } from 'rxjs';
import { BOOKING_STATUSES, type BookingStatus, type OperatorBookingView } from '#contracts';
import { Api, type OperatorBookingQuery } from '../../core/api';
import { EmptyState } from '../../ui/empty-state';
import { ErrorAlert } from '../../ui/error-alert';
import { FilterBar } from '../../ui/filter-bar';
import { formatDateTime } from '../../ui/format';
import { keysetList } from '../../ui/keyset-list';
import { Loading } from '../../ui/loading';
import { Pager } from '../../ui/pager';
import { bookingStatusLabel, StatusBadge } from '../../ui/status-badge';
import { UiTable } from '../../ui/table';
import { BusinessDirectory } from '../business-directory';
import { CustomerEntryLink } from '../customer-entry-link';

/** `YYYY-MM-DD` from a date input → the start of that day in UTC, as the API's `from`/`to` bounds. */
export function dayBound(date: string, edge: 'start' | 'end'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return '';
  return edge === 'start' ? `${date}T00:00:00Z` : `${date}T23:59:59.999Z`;
}

@Component({
  selector: 'app-all-bookings-page',
  imports: [CustomerEntryLink, EmptyState, ErrorAlert, FilterBar, Loading, Pager, StatusBadge, UiTable],
  template: `
    <section class="page">
      <header class="page-header">
        <div>
          <h1>All bookings</h1>
          <p>Bookings across every business, newest first. Click a customer to open their record inside the business.</p>
        </div>
      </header>

      <div class="card">
        <ui-filter-bar label="Filter bookings" [active]="hasFilters()" [busy]="list.loading()" (cleared)="clear()">
          <label class="field">
            <span>From</span>
            <input class="input" type="date" [value]="from()" (change)="set(from, $any($event.target).value)" />
          </label>
          <label class="field">
            <span>To</span>
            <input class="input" type="date" [value]="to()" (change)="set(to, $any($event.target).value)" />
          </label>
          <label class="field wide">
            <span>Business</span>
            <select class="select" [value]="businessId()" (change)="set(businessId, $any($event.target).value)">
              <option value="">All businesses</option>
              @for (b of directory.businesses(); track b.id) {
                <option [value]="b.id">{{ b.name }}</option>
              }
            </select>
          </label>
          <label class="field">
            <span>Status</span>
            <select class="select" [value]="status()" (change)="set(status, $any($event.target).value)">
              <option value="">Any status</option>
              @for (s of statuses; track s) {
                <option [value]="s">{{ statusLabel(s) }}</option>
              }
            </select>
          </label>
          <label class="field wide">
            <span>Search</span>
            <input class="input" type="search" placeholder="Customer, service, notes" [value]="q()" (input)="search$.next($any($event.target).value)" />
          </label>
        </ui-filter-bar>

        <ui-error-alert [message]="list.error()" [retryable]="true" (retry)="list.retry()" />

        @if (list.items().length) {
          <ui-table label="Bookings">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Business</th>
                <th scope="col">Customer</th>
                <th scope="col">Service</th>
                <th scope="col">Resource</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              @for (b of list.items(); track b.id) {
                <tr>
                  <td class="when">{{ when(b) }}</td>
                  <td>{{ b.business.name }}</td>
                  <td><app-customer-entry-link [customer]="b.customer" [business]="b.business" entryPoint="all_bookings" /></td>
                  <td>{{ b.service.name }}</td>
                  <td>{{ b.resource.name }}</td>
                  <td><ui-status-badge [status]="b.status" /></td>
                </tr>
              }
            </tbody>
          </ui-table>
          <ui-pager [list]="list" />
        } @else if (list.loading()) {
          <ui-loading>Loading bookings…</ui-loading>
        } @else if (list.empty()) {
          <ui-empty-state title="No bookings found">
            {{ hasFilters() ? 'Nothing matches these filters.' : 'No business has any bookings yet.' }}
          </ui-empty-state>
        }
      </div>
    </section>
  `,
  styles: `
    .when {
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AllBookingsPage {
  private readonly api = inject(Api);
  protected readonly directory = inject(BusinessDirectory);
  protected readonly statuses = BOOKING_STATUSES;
  protected readonly statusLabel = bookingStatusLabel;

  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly businessId = signal('');
  protected readonly status = signal<BookingStatus | ''>('');
  protected readonly q = signal('');
  protected readonly search$ = new Subject<string>();
  protected readonly hasFilters = computed(() => !!(this.from() || this.to() || this.businessId() || this.status() || this.q()));

  protected readonly list = keysetList<OperatorBookingQuery, OperatorBookingView>({
    params: () => ({
      from: dayBound(this.from(), 'start'),
      to: dayBound(this.to(), 'end'),
      businessId: this.businessId(),
      status: this.status(),
      q: this.q().trim(),
    }),
    load: (query, page) => this.api.operatorBookings({ ...query, ...page }),
    limit: 50,
  });

  constructor() {
    void this.directory.load();
    this.search$.pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(inject(DestroyRef))).subscribe((q) => this.q.set(q));
  }

  protected set<T extends string>(target: { set(value: T): void }, value: T): void {
    target.set(value);
  }

  protected clear(): void {
    this.from.set('');
    this.to.set('');
    this.businessId.set('');
    this.status.set('');
    this.q.set('');
  }

  /** In the business's own zone when known (from the business list), else as the API wrote it. */
  protected when(b: OperatorBookingView): string {
    return formatDateTime(b.startsAt, 'datetime', { timeZone: this.directory.timeZoneOf(b.business.id), zoneName: true });
  }
}
