import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { OperatorDashboardView } from '#contracts';
import { Api } from '../../core/api';
import { formatDateTime } from '../../core/date-format';
import { problemDetail } from '../../ui/problem';
import { bookingStatusLabel } from '../booking-status';
import { BusinessDirectory } from '../business-directory';
import { CustomerEntryLink } from '../customer-entry-link';

@Component({
  selector: 'app-operator-dashboard-page',
  imports: [RouterLink, CustomerEntryLink],
  template: `
    <section class="page">
      <header class="page-header">
        <div>
          <h1>Dashboard</h1>
          <p>Every business on the platform, today.</p>
        </div>
        <button type="button" class="btn" (click)="load()" [disabled]="loading()">Refresh</button>
      </header>

      @if (error(); as message) {
        <div class="alert alert-error" role="alert">{{ message }}</div>
      }

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
        @if (loading() && !view()) {
          <div class="loading-row"><span class="spinner" aria-hidden="true"></span> Loading…</div>
        } @else if (view()?.today?.length) {
          <div class="table-wrap" tabindex="0" role="region" aria-label="Today's bookings">
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
                @for (b of view()!.today; track b.id) {
                  <tr>
                    <td>{{ when(b.startsAt, b.business.id) }}</td>
                    <td>{{ b.business.name }}</td>
                    <td><app-customer-entry-link [customer]="b.customer" [business]="b.business" entryPoint="operator_dashboard" /></td>
                    <td>{{ b.service.name }}</td>
                    <td>{{ b.resource.name }}</td>
                    <td><span class="badge" [class]="'badge-' + b.status">{{ statusLabel(b.status) }}</span></td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          @if (view()!.today.length >= 50) {
            <p class="muted">The first 50 of today's bookings. <a routerLink="/operator/bookings">All bookings</a> pages through every one.</p>
          }
        } @else if (view()) {
          <div class="state"><strong>No bookings today</strong>Nothing is booked anywhere on the platform today.</div>
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
  protected readonly view = signal<OperatorDashboardView | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    void this.directory.load();
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.view.set(await firstValueFrom(this.api.operatorDashboard()));
    } catch (err) {
      this.error.set(problemDetail(err));
    } finally {
      this.loading.set(false);
    }
  }

  protected when(iso: string, businessId: string): string {
    return formatDateTime(iso, this.directory.timeZoneOf(businessId));
  }

  protected readonly statusLabel = bookingStatusLabel;
}
