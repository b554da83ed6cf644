import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { BookingView } from '#contracts';
import { injectBusinessContext } from '../business-context';
import { BookingForm, type BookingPrefill } from './booking-form';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * `/b/:slug/bookings/new[?date=YYYY-MM-DD&time=HH:MM&resourceId=…&customerId=…&customerName=…]`:
 * the calendar and the customer record link here with the slot or customer prefilled.
 */
@Component({
  selector: 'app-booking-new-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BookingForm, RouterLink],
  template: `
    <div class="page-head">
      <h1>New booking</h1>
      <a class="btn" [routerLink]="biz.link('bookings')">Back to bookings</a>
    </div>
    @if (biz.id(); as id) {
      <div class="card">
        <app-booking-form [businessId]="id" [timeZone]="biz.timeZone()" [prefill]="prefill()" [readOnly]="biz.readOnly()" (saved)="created($event)" />
      </div>
    }
  `,
  styleUrl: '../ui/page.css',
})
export class BookingNewPage {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly biz = injectBusinessContext();
  private readonly query = toSignal(this.route.queryParamMap, { initialValue: this.route.snapshot.queryParamMap });

  protected readonly prefill = computed<BookingPrefill>(() => {
    const q = this.query();
    const date = q.get('date') ?? '';
    const time = q.get('time') ?? '';
    const customerId = q.get('customerId');
    return {
      ...(DATE.test(date) ? { date } : {}),
      ...(TIME.test(time) ? { time } : {}),
      ...(q.get('resourceId') ? { resourceId: q.get('resourceId')! } : {}),
      ...(customerId ? { customer: { id: customerId, name: q.get('customerName') ?? 'Selected customer' } } : {}),
    };
  });

  protected created(b: BookingView): void {
    void this.router.navigate(this.biz.link('bookings', b.id), { state: { created: true } });
  }
}
