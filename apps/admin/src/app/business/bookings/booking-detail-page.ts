import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { BookingView } from '#contracts';
import { map } from 'rxjs';
import { problemCode, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { StatusBadge } from '../../ui/status-badge';
import { BookingForm } from './booking-form';
import { formatDateTime } from '../../ui/format';
import { Loading } from '../../ui/loading';

@Component({
  selector: 'app-booking-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BookingForm, RouterLink, StatusBadge, Loading],
  template: `
    <section class="page">
      <div class="page-header">
        <h1>Booking</h1>
        <a class="btn" [routerLink]="biz.link('bookings')">Back to bookings</a>
      </div>
      @if (booking.isLoading() && !booking.hasValue()) {
        <ui-loading>Loading the booking…</ui-loading>
      } @else if (booking.error(); as err) {
        @if (notFound(err)) {
          <div class="card state" data-testid="not-found">
            <strong>Booking not found</strong>
            There is no booking at this address in {{ biz.name() }}: the link may be mistyped, or from another business.
            <div><a class="btn" [routerLink]="biz.link('bookings')">Find it in Bookings</a></div>
          </div>
        } @else {
          <div class="alert alert-error" role="alert">
            Could not load the booking: {{ problemDetail(err) }} <button type="button" (click)="booking.reload()">Try again</button>
          </div>
        }
      } @else if (booking.value(); as b) {
        <div class="card card-body summary">
          <div>
            <div class="when">{{ when(b) }}</div>
            <div class="muted small">{{ biz.timeZone() }} · {{ b.service.name }} with {{ b.resource.name }}</div>
          </div>
          <div class="row">
            <a [routerLink]="biz.link('customers', b.customer.id)">{{ b.customer.name }}</a>
            <ui-status-badge [status]="b.status" />
          </div>
        </div>
        <h2>{{ b.status === 'cancelled' || biz.readOnly() ? 'Details' : 'Reschedule or change' }}</h2>
        @if (biz.readOnly()) {
          <p class="alert alert-info" role="note">
            Read-only visit: this booking can be looked at, not changed. Exit and enter again without "read-only" to change it.
          </p>
        }
        @if (biz.id(); as id) {
          <div class="card card-body">
            <app-booking-form
              [businessId]="id"
              [timeZone]="biz.timeZone()"
              [booking]="b"
              [currency]="biz.currency()"
              [readOnly]="biz.readOnly()"
              (saved)="booking.set($event)"
              (cancelled)="booking.set($event)"
            />
          </div>
        }
      }
    </section>
  `,
  styles: `
    .summary {
      display: flex;
      justify-content: space-between;
      gap: 1rem;
      flex-wrap: wrap;
      align-items: center;
    }
    .when {
      font-size: 1.1rem;
      font-weight: 600;
    }
  `,
})
export class BookingDetailPage {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  private readonly id = toSignal(inject(ActivatedRoute).paramMap.pipe(map((p) => p.get('id') ?? '')), { initialValue: '' });
  protected readonly booking = rxResource({
    params: () => {
      const businessId = this.biz.id();
      const id = this.id();
      return businessId && id ? { businessId, id } : undefined;
    },
    stream: ({ params }) => this.api.booking(params.businessId, params.id),
  });
  protected readonly problemDetail = problemDetail;
  /** A mistyped id or one of another business: the API answers 404 not_found for both. */
  protected notFound(err: unknown): boolean {
    return problemCode(err) === 'not_found';
  }

  protected when(b: BookingView): string {
    const tz = this.biz.timeZone();
    return `${formatDateTime(b.startsAt, 'day', { timeZone: tz })}, ${formatDateTime(b.startsAt, 'time', { timeZone: tz })}–${formatDateTime(b.endsAt, 'time', { timeZone: tz })}`;
  }
}
