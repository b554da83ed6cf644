import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { BookingView } from '#contracts';
import { problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import type { PickedCustomer } from '../customers/customer-picker';
import { BookingForm, type BookingPrefill } from './booking-form';
import { Loading } from '../../ui/loading';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The customer a link names, as the API knows it (never as the link says). */
type LinkedCustomer =
  | { state: 'none' }
  | { state: 'loading'; id: string }
  | { state: 'found'; customer: PickedCustomer & { email: string | null } }
  | { state: 'missing'; detail: string };

/**
 * `/b/:slug/bookings/new[?date=YYYY-MM-DD&time=HH:MM&resourceId=…&customerId=…]`: the calendar and
 * the customer record link here with the slot or customer prefilled. The customer's name is read
 * from the API for that id, never from the link: a crafted link could otherwise show one person's
 * name while the form books another (`customerName` in old links is ignored).
 */
@Component({
  selector: 'app-booking-new-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BookingForm, RouterLink, Loading],
  template: `
    <section class="page">
      <div class="page-header">
        <h1>New booking</h1>
        <a class="btn" [routerLink]="biz.link('bookings')">Back to bookings</a>
      </div>
      @if (biz.id(); as id) {
        @switch (linked().state) {
          @case ('loading') {
            <ui-loading>Loading the customer…</ui-loading>
          }
          @default {
            @if (missing(); as detail) {
              <div class="alert alert-error" role="alert">The customer in this link could not be loaded ({{ detail }}). Choose the customer below.</div>
            }
            @if (found(); as c) {
              <p class="muted" data-testid="linked-customer">
                Booking for <strong>{{ c.name }}</strong>
                @if (c.email) {
                  <span> · {{ c.email }}</span>
                }
              </p>
            }
            @if (biz.readOnly()) {
              <div class="card state" data-testid="read-only-explained">
                <strong>Read-only visit: no new bookings</strong>
                You entered {{ biz.name() }} read-only, so you can look at bookings but not make one. To book, exit from the pill at the top and enter again
                without "read-only".
                <div><a class="btn" [routerLink]="biz.link('bookings')">See the bookings</a></div>
              </div>
            } @else {
              <div class="card card-body">
                <app-booking-form
                  [businessId]="id"
                  [timeZone]="biz.timeZone()"
                  [currency]="biz.currency()"
                  [settingsLink]="biz.isOwner() ? biz.link('settings') : null"
                  [prefill]="prefill()"
                  (saved)="created($event)"
                />
              </div>
            }
          }
        }
      }
    </section>
  `,
})
export class BookingNewPage {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  private readonly query = toSignal(this.route.queryParamMap, { initialValue: this.route.snapshot.queryParamMap });
  protected readonly linked = signal<LinkedCustomer>({ state: 'none' });
  protected readonly found = computed(() => {
    const l = this.linked();
    return l.state === 'found' ? l.customer : null;
  });
  protected readonly missing = computed(() => {
    const l = this.linked();
    return l.state === 'missing' ? l.detail : null;
  });

  constructor() {
    effect((onCleanup) => {
      const businessId = this.biz.id();
      const customerId = this.query().get('customerId');
      if (!businessId || !customerId) {
        this.linked.set({ state: 'none' });
        return;
      }
      this.linked.set({ state: 'loading', id: customerId });
      const sub = this.api.customer(businessId, customerId).subscribe({
        next: (c) => this.linked.set({ state: 'found', customer: { id: c.id, name: c.name, email: c.email ?? null } }),
        error: (err: unknown) => this.linked.set({ state: 'missing', detail: problemDetail(err) }),
      });
      onCleanup(() => sub.unsubscribe());
    });
  }

  protected readonly prefill = computed<BookingPrefill>(() => {
    const q = this.query();
    const date = q.get('date') ?? '';
    const time = q.get('time') ?? '';
    const customer = this.found();
    return {
      ...(DATE.test(date) ? { date } : {}),
      ...(TIME.test(time) ? { time } : {}),
      ...(q.get('resourceId') ? { resourceId: q.get('resourceId')! } : {}),
      ...(customer ? { customer: { id: customer.id, name: customer.name } } : {}),
    };
  });

  protected created(b: BookingView): void {
    void this.router.navigate(this.biz.link('bookings', b.id), { state: { created: true } });
  }
}
