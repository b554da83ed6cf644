import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { CustomerView } from '#contracts';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { injectBusinessContext } from '../../core/business-context';
import { EmptyState } from '../../ui/empty-state';
import { ErrorAlert } from '../../ui/error-alert';
import { FilterBar } from '../../ui/filter-bar';
import { keysetList } from '../../ui/keyset-list';
import { Loading } from '../../ui/loading';
import { Pager } from '../../ui/pager';
import { UiTable } from '../../ui/table';
import { BusinessApi } from '../business-api';
import { CustomerForm } from './customer-form';

@Component({
  selector: 'app-customers-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, CustomerForm, EmptyState, ErrorAlert, FilterBar, Loading, Pager, UiTable],
  template: `
    <section class="page">
      <header class="page-header">
        <h1>Customers</h1>
        @if (!biz.readOnly() && !creating()) {
          <button type="button" class="btn btn-primary" (click)="creating.set(true)">New customer</button>
        }
      </header>

      @if (creating() && biz.id(); as id) {
        <section class="card" aria-labelledby="new-customer-title">
          <div class="card-header"><h2 id="new-customer-title">New customer</h2></div>
          <div class="card-body">
            <app-customer-form [businessId]="id" (saved)="created($event)" (closed)="creating.set(false)" />
          </div>
        </section>
      }

      <div class="card">
        <ui-filter-bar label="Search customers" [busy]="list.loading()">
          <label class="field wide"
            ><span>Search customers</span> <input class="input" type="search" [formControl]="q" placeholder="Name, e-mail or phone"
          /></label>
        </ui-filter-bar>

        <ui-error-alert prefix="Could not load customers:" [message]="list.error()" [retryable]="true" (retry)="list.retry()" />

        @if (list.items().length) {
          <ui-table label="Customers">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Phone</th>
              </tr>
            </thead>
            <tbody>
              @for (c of list.items(); track c.id) {
                <tr>
                  <td>
                    <a [routerLink]="biz.link('customers', c.id)">{{ c.name }}</a>
                  </td>
                  <td>{{ c.email || '—' }}</td>
                  <td>{{ c.phone || '—' }}</td>
                </tr>
              }
            </tbody>
          </ui-table>
          <ui-pager [list]="list" />
        } @else if (list.loading()) {
          <ui-loading>Loading customers…</ui-loading>
        } @else if (list.empty()) {
          @if (search()) {
            <ui-empty-state [title]="'No customer matches “' + search() + '”.'">Check the spelling or create a new customer.</ui-empty-state>
          } @else {
            <ui-empty-state title="No customers yet.">Customers appear here when you add them or book for them.</ui-empty-state>
          }
        }
      </div>
    </section>
  `,
})
export class CustomersPage {
  private readonly api = inject(BusinessApi);
  private readonly router = inject(Router);
  protected readonly biz = injectBusinessContext();

  protected readonly q = new FormControl('', { nonNullable: true });
  /** The search as typed, settled for 300 ms. */
  protected readonly search = toSignal(
    this.q.valueChanges.pipe(
      debounceTime(300),
      map((v) => v.trim()),
      distinctUntilChanged(),
    ),
    { initialValue: '' },
  );
  protected readonly creating = signal(false);

  protected readonly list = keysetList<{ businessId: string; q: string }, CustomerView>({
    params: () => {
      const businessId = this.biz.id();
      return businessId ? { businessId, q: this.search() } : undefined;
    },
    load: ({ businessId, q }, page) => this.api.customers(businessId, q, page.cursor, page.limit),
  });

  protected created(c: CustomerView): void {
    this.creating.set(false);
    void this.router.navigate(this.biz.link('customers', c.id));
  }
}
