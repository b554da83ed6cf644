import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { BookingView } from '#contracts';
import { map } from 'rxjs';
import { problemDetail } from '../../ui/problem';
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
      <div class="alert alert-error" role="alert">Could not load the booking: {{ problemDetail(err) }}</div>
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
      <h2>{{ b.status === 'cancelled' ? 'Details' : 'Reschedule or change' }}</h2>
      @if (biz.id(); as id) {
        <div class="card card-body">
          <app-booking-form [businessId]="id" [timeZone]="biz.timeZone()" [booking]="b" [readOnly]="biz.readOnly()" (saved)="booking.set($event)" (cancelled)="booking.set($event)" />
        </div>
      }
    }
    </section>
  `,
  styles: `
    .summary { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; align-items: center; }
    .when { font-size: 1.1rem; font-weight: 600; }
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

  protected when(b: BookingView): string {
    const tz = this.biz.timeZone();
    return `${formatDateTime(b.startsAt, 'day', { timeZone: tz })}, ${formatDateTime(b.startsAt, 'time', { timeZone: tz })}–${formatDateTime(b.endsAt, 'time', { timeZone: tz })}`;
  }
}
