import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { debounceTime, distinctUntilChanged, Subject } from 'rxjs';
import { BOOKING_STATUSES, type BookingStatus, type OperatorBookingView } from '#contracts';
import { Api } from '../../core/api';
import { formatDateTime } from '../../core/date-format';
import { bookingStatusLabel } from '../booking-status';
import { BusinessDirectory } from '../business-directory';
import { CustomerEntryLink } from '../customer-entry-link';
import { KeysetList } from '../keyset-list';

/** `YYYY-MM-DD` from a date input → the start of that day in UTC, as the API's `from`/`to` bounds. */
export function dayBound(date: string, edge: 'start' | 'end'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return '';
  return edge === 'start' ? `${date}T00:00:00Z` : `${date}T23:59:59.999Z`;
}

@Component({
  selector: 'app-all-bookings-page',
  imports: [CustomerEntryLink],
  template: `
    <section class="page">
      <header class="page-header">
        <div>
          <h1>All bookings</h1>
          <p>Bookings across every business, newest first. Click a customer to open their record inside the business.</p>
        </div>
      </header>

      <div class="card">
        <div class="filters">
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
          @if (hasFilters()) {
            <button type="button" class="btn" (click)="clear()">Clear filters</button>
          }
          @if (list.loading()) {
            <span class="spinner" role="status" aria-label="Loading"></span>
          }
        </div>

        @if (list.error(); as message) {
          <div class="card-body"><div class="alert alert-error" role="alert">{{ message }}</div></div>
        }

        @if (list.items().length) {
          <div class="table-wrap" tabindex="0" role="region" aria-label="Bookings">
            <table class="table">
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
                    <td><span class="badge" [class]="'badge-' + b.status">{{ statusLabel(b.status) }}</span></td>
                  </tr>
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
          <div class="loading-row"><span class="spinner" aria-hidden="true"></span> Loading bookings…</div>
        } @else if (list.loaded()) {
          <div class="state">
            <strong>No bookings found</strong>
            {{ hasFilters() ? 'Nothing matches these filters.' : 'No business has any bookings yet.' }}
          </div>
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

  protected readonly list = new KeysetList<OperatorBookingView>((cursor) =>
    this.api.operatorBookings({
      from: dayBound(this.from(), 'start'),
      to: dayBound(this.to(), 'end'),
      businessId: this.businessId(),
      status: this.status(),
      q: this.q().trim(),
      limit: 50,
      cursor,
    }),
  );

  constructor() {
    void this.directory.load();
    this.search$.pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(inject(DestroyRef))).subscribe((q) => {
      this.q.set(q);
      void this.list.reload();
    });
    void this.list.reload();
  }

  protected set<T extends string>(target: { set(value: T): void }, value: T): void {
    target.set(value);
    void this.list.reload();
  }

  protected clear(): void {
    this.from.set('');
    this.to.set('');
    this.businessId.set('');
    this.status.set('');
    this.q.set('');
    void this.list.reload();
  }

  /** In the business's own zone when known (from the business list), else as the API wrote it. */
  protected when(b: OperatorBookingView): string {
    return formatDateTime(b.startsAt, this.directory.timeZoneOf(b.business.id));
  }
}
