import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { CustomerView } from '#contracts';
import { debounceTime, distinctUntilChanged } from 'rxjs';
import { problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { CustomerForm } from './customer-form';

@Component({
  selector: 'app-customers-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, CustomerForm],
  template: `
    <div class="page-head">
      <h1>Customers</h1>
      @if (!biz.readOnly() && !creating()) {
        <button type="button" class="primary" (click)="creating.set(true)">New customer</button>
      }
    </div>

    @if (creating() && biz.id(); as id) {
      <section class="card create" aria-labelledby="new-customer-title">
        <h2 id="new-customer-title">New customer</h2>
        <app-customer-form [businessId]="id" (saved)="created($event)" (closed)="creating.set(false)" />
      </section>
    }

    <div class="row search">
      <label class="grow">Search customers
        <input type="search" [formControl]="q" placeholder="Name, e-mail or phone" />
      </label>
    </div>

    @if (loading()) { <div class="progress" role="progressbar" aria-label="Loading customers"></div> }
    @if (error()) {
      <div class="alert alert-error" role="alert">Could not load customers: {{ error() }} <button type="button" (click)="load()">Try again</button></div>
    }

    @if (!loading() && !error() && items().length === 0) {
      <div class="empty">
        @if (q.value.trim()) {
          <strong>No customer matches "{{ q.value.trim() }}".</strong> Check the spelling or create a new customer.
        } @else {
          <strong>No customers yet.</strong> Customers appear here when you add them or book for them.
        }
      </div>
    } @else if (items().length) {
      <div class="table-wrap" tabindex="0" role="region" aria-label="Customers">
        <table>
          <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Phone</th></tr></thead>
          <tbody>
            @for (c of items(); track c.id) {
              <tr>
                <td><a [routerLink]="biz.link('customers', c.id)">{{ c.name }}</a></td>
                <td>{{ c.email || '—' }}</td>
                <td>{{ c.phone || '—' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (nextCursor()) {
        <div class="more">
          <button type="button" (click)="loadMore()" [disabled]="loadingMore()">
            @if (loadingMore()) { <span class="spinner" aria-hidden="true"></span> Loading… } @else { Load more }
          </button>
        </div>
      }
    }
  `,
  styleUrl: '../ui/page.css',
  styles: `.create { margin-bottom: 1rem; } .create h2 { margin-top: 0; } .search { margin-bottom: 1rem; }`,
})
export class CustomersPage implements OnInit {
  private readonly api = inject(BusinessApi);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly biz = injectBusinessContext();

  protected readonly q = new FormControl('', { nonNullable: true });
  protected readonly items = signal<CustomerView[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly loadingMore = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly creating = signal(false);
  private generation = 0;

  ngOnInit(): void {
    this.q.valueChanges.pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef)).subscribe(() => this.load());
    this.load();
  }

  protected load(): void {
    const id = this.biz.id();
    if (!id) return;
    const gen = ++this.generation;
    this.loading.set(true);
    this.error.set(null);
    this.api.customers(id, this.q.value.trim()).subscribe({
      next: (page) => {
        if (gen !== this.generation) return;
        this.items.set(page.items);
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        if (gen !== this.generation) return;
        this.loading.set(false);
        this.error.set(problemDetail(err));
      },
    });
  }

  protected loadMore(): void {
    const id = this.biz.id();
    const cursor = this.nextCursor();
    if (!id || !cursor) return;
    const gen = this.generation;
    this.loadingMore.set(true);
    this.api.customers(id, this.q.value.trim(), cursor).subscribe({
      next: (page) => {
        if (gen !== this.generation) return;
        this.items.update((items) => [...items, ...page.items]);
        this.nextCursor.set(page.nextCursor);
        this.loadingMore.set(false);
      },
      error: (err: unknown) => {
        this.loadingMore.set(false);
        this.error.set(problemDetail(err));
      },
    });
  }

  protected created(c: CustomerView): void {
    this.creating.set(false);
    void this.router.navigate(this.biz.link('customers', c.id));
  }
}
