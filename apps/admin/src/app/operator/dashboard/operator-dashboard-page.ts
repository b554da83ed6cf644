import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { Api } from '../../core/api';
import { EmptyState } from '../../ui/empty-state';
import { ErrorAlert } from '../../ui/error-alert';
import { formatDateTime } from '../../ui/format';
import { Loading } from '../../ui/loading';
import { problemDetail } from '../../ui/problem';
import { StatusBadge } from '../../ui/status-badge';
import { UiTable } from '../../ui/table';
import { BusinessDirectory } from '../business-directory';
import { CustomerEntryLink } from '../customer-entry-link';

@Component({
  selector: 'app-operator-dashboard-page',
  imports: [RouterLink, CustomerEntryLink, EmptyState, ErrorAlert, Loading, StatusBadge, UiTable],
  template: `
    <section class="page">
      <header class="page-header">
        <div>
          <h1>Dashboard</h1>
          <p>Every business on the platform, today.</p>
        </div>
        <button type="button" class="btn" (click)="dashboard.reload()" [disabled]="dashboard.isLoading()">Refresh</button>
      </header>

      <ui-error-alert [message]="error()" />

      @if (view(); as v) {
        <div class="cards">
          <a class="card stat" routerLink="/operator/businesses">
            <span class="label">Businesses</span>
            <span class="value">{{ v.counts.businesses }}</span>
            <span class="muted">{{ v.counts.activeBusinesses }} active</span>
          </a>
          <a class="card stat" routerLink="/operator/bookings">
            <span class="label">Bookings today</span>
            <span class="value">{{ v.counts.bookingsToday }}</span>
            <span class="muted">across all businesses</span>
          </a>
          <div class="card stat">
            <span class="label">Bookings this week</span>
            <span class="value">{{ v.counts.bookingsThisWeek }}</span>
            <span class="muted">Monday to Sunday</span>
          </div>
          <a class="card stat" routerLink="/operator/audit" [queryParams]="{ action: 'impersonation.start' }">
            <span class="label">Active impersonations</span>
            <span class="value">{{ v.counts.activeImpersonations }}</span>
            <span class="muted">operators inside a business now</span>
          </a>
        </div>
      }

      <div class="card">
        <div class="card-header">
          <h2>Today's bookings</h2>
          <span class="muted">Click a customer to open their record inside the business</span>
        </div>
        @if (dashboard.isLoading() && !view()) {
          <ui-loading>Loading…</ui-loading>
        } @else if (view()?.today?.length) {
          <ui-table label="Today's bookings">
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
              @for (b of view()!.today; track b.id) {
                <tr>
                  <td>{{ when(b.startsAt, b.business.id) }}</td>
                  <td>{{ b.business.name }}</td>
                  <td><app-customer-entry-link [customer]="b.customer" [business]="b.business" entryPoint="operator_dashboard" /></td>
                  <td>{{ b.service.name }}</td>
                  <td>{{ b.resource.name }}</td>
                  <td><ui-status-badge [status]="b.status" /></td>
                </tr>
              }
            </tbody>
          </ui-table>
          @if (view()!.today.length >= 50) {
            <p class="muted">The first 50 of today's bookings. <a routerLink="/operator/bookings">All bookings</a> pages through every one.</p>
          }
        } @else if (view()) {
          <ui-empty-state title="No bookings today">Nothing is booked anywhere on the platform today.</ui-empty-state>
        }
      </div>
    </section>
  `,
  styles: `
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(210px, 1fr));
      gap: 16px;
    }
    .stat {
      display: flex;
      flex-direction: column;
      gap: 2px;
      padding: 16px 18px;
      color: inherit;
      text-decoration: none;
    }
    a.stat:hover {
      border-color: var(--border-strong);
    }
    .label {
      font-size: 0.8125rem;
      font-weight: 500;
      color: var(--text-2);
    }
    .value {
      font-size: 1.75rem;
      font-weight: 650;
      font-variant-numeric: tabular-nums;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OperatorDashboardPage {
  private readonly api = inject(Api);
  private readonly directory = inject(BusinessDirectory);
  protected readonly dashboard = rxResource({ stream: () => this.api.operatorDashboard() });
  /** The last counts stay on screen while "Refresh" reloads them. */
  protected readonly view = computed(() => (this.dashboard.hasValue() ? this.dashboard.value() : null));
  protected readonly error = computed(() => (this.dashboard.error() ? problemDetail(this.dashboard.error()) : null));

  constructor() {
    void this.directory.load();
  }

  /** In the business's own zone when known (from the business list), else as the API wrote it. */
  protected when(iso: string, businessId: string): string {
    return formatDateTime(iso, 'datetime', { timeZone: this.directory.timeZoneOf(businessId), zoneName: true });
  }
}
