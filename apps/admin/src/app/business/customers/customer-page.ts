import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { BookingView, CustomerView } from '#contracts';
import { map } from 'rxjs';
import { problemCode, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { StatusBadge } from '../../ui/status-badge';
import { CustomerForm } from './customer-form';
import { formatDateTime } from '../../ui/format';
import { Loading } from '../../ui/loading';
import { EmptyState } from '../../ui/empty-state';
import { UiTable } from '../../ui/table';

@Component({
  selector: 'app-customer-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, StatusBadge, CustomerForm, Loading, EmptyState, UiTable],
  template: `
    <section class="page">
      <div class="page-header">
        <h1>{{ customerName() }}</h1>
        <div class="row">
          <a class="btn" [routerLink]="biz.link('customers')">All customers</a>
          @if (loaded(); as c) {
            @if (!biz.readOnly()) {
              <a class="btn btn-primary" [routerLink]="biz.link('bookings', 'new')" [queryParams]="{ customerId: c.id }">New booking</a>
            }
          }
        </div>
      </div>

      @if (record.isLoading() && !record.hasValue()) {
        <ui-loading>Loading the customer…</ui-loading>
      } @else if (record.error(); as err) {
        @if (notFound(err)) {
          <div class="card state" data-testid="not-found">
            <strong>Customer not found</strong>
            There is no customer at this address in {{ biz.name() }}: the link may be mistyped, or from another business.
            <div><a class="btn" [routerLink]="biz.link('customers')">Search the customers</a></div>
          </div>
        } @else {
          <div class="alert alert-error" role="alert">
            Could not load the customer: {{ problemDetail(err) }} <button type="button" (click)="record.reload()">Try again</button>
          </div>
        }
      } @else if (record.value(); as c) {
        @if (editing() && biz.id(); as id) {
          <section class="card card-body" aria-label="Edit customer">
            <app-customer-form [businessId]="id" [customer]="c" (saved)="saved($event)" (closed)="editing.set(false)" />
          </section>
        } @else {
          <section class="card card-body details" aria-label="Customer details">
            <dl>
              <div>
                <dt>E-mail</dt>
                <dd>{{ c.email || '—' }}</dd>
              </div>
              <div>
                <dt>Phone</dt>
                <dd>{{ c.phone || '—' }}</dd>
              </div>
              <div>
                <dt>Customer since</dt>
                <dd>{{ date(c.createdAt) }}</dd>
              </div>
              <div class="wide">
                <dt>Notes</dt>
                <dd class="notes">{{ c.notes || 'No notes.' }}</dd>
              </div>
            </dl>
            @if (!biz.readOnly()) {
              <div class="form-actions"><button class="btn" type="button" (click)="editing.set(true)">Edit customer</button></div>
            }
          </section>
        }
        @if (savedNote()) {
          <div class="alert alert-success" role="status">{{ savedNote() }}</div>
        }

        <h2>Bookings</h2>
        @if (c.bookings.length === 0) {
          <ui-empty-state class="card" title="No bookings yet.">This customer's bookings will be listed here.</ui-empty-state>
        } @else {
          <ui-table class="card" label="Bookings of this customer">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Service</th>
                <th scope="col">Resource</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              @for (b of c.bookings; track b.id) {
                <tr>
                  <td>
                    <a [routerLink]="biz.link('bookings', b.id)">{{ when(b) }}</a>
                  </td>
                  <td>{{ b.service.name }}</td>
                  <td>{{ b.resource.name }}</td>
                  <td>
                    <ui-status-badge [status]="b.status" />
                    @if (b.source === 'online') {
                      <span class="badge-online" title="Booked by the customer on the booking page">Online</span>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </ui-table>
        }
      }
    </section>
  `,
  styles: `
    dl {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
      gap: 0.75rem 1.25rem;
      margin: 0;
    }
    dl .wide {
      grid-column: 1 / -1;
    }
    dt {
      font-size: 0.78rem;
      text-transform: uppercase;
      letter-spacing: 0.03em;
      color: #5b6574;
    }
    dd {
      margin: 0.15rem 0 0;
      overflow-wrap: anywhere;
    }
    .notes {
      white-space: pre-wrap;
    }
  `,
})
export class CustomerPage {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  private readonly id = toSignal(inject(ActivatedRoute).paramMap.pipe(map((p) => p.get('id') ?? '')), { initialValue: '' });
  protected readonly record = rxResource({
    params: () => {
      const businessId = this.biz.id();
      const id = this.id();
      return businessId && id ? { businessId, id } : undefined;
    },
    stream: ({ params }) => this.api.customer(params.businessId, params.id),
  });
  protected readonly editing = signal(false);
  protected readonly savedNote = signal<string | null>(null);
  protected readonly problemDetail = problemDetail;
  /**
   * The record, or null while loading or after a failure. A resource's value() throws once its
   * request has failed, so the page head reads it only through hasValue(): reading it directly
   * broke the render and left "Loading the customer…" on screen for a bad id.
   */
  protected readonly loaded = computed(() => (this.record.hasValue() ? this.record.value() : null));
  protected readonly customerName = computed(() => this.loaded()?.name ?? (this.record.error() ? 'Customer not found' : 'Customer'));
  /** A mistyped id or one of another business: the API answers 404 not_found for both. */
  protected notFound(err: unknown): boolean {
    return problemCode(err) === 'not_found';
  }

  protected saved(c: CustomerView): void {
    this.editing.set(false);
    this.savedNote.set('Customer saved.');
    this.record.update((r) => (r ? { ...r, ...c } : r));
  }

  protected date(iso: string): string {
    return formatDateTime(iso, 'date', { timeZone: this.biz.timeZone() });
  }
  protected when(b: BookingView): string {
    const tz = this.biz.timeZone();
    return `${formatDateTime(b.startsAt, 'day', { timeZone: tz })} ${formatDateTime(b.startsAt, 'time', { timeZone: tz })}`;
  }
}
