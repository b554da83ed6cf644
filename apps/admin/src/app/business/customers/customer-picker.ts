import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, input, model, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { CustomerView } from '#contracts';
import { LIMITS } from '#contracts';
import { Subject, catchError, debounceTime, distinctUntilChanged, of, switchMap, tap } from 'rxjs';
import { applyServerErrors, controlMessage, problemCode, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { ErrorAlert } from '../../ui/error-alert';

export interface PickedCustomer {
  id: string;
  name: string;
  email?: string | null;
}

/**
 * Customer search-select for the booking form: type to search GET …/customers?q=, pick one, or
 * create one inline (name, e-mail, phone) without leaving the booking.
 */
@Component({
  selector: 'app-customer-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ErrorAlert],
  templateUrl: './customer-picker.html',
  styleUrl: './customer-picker.css',
})
export class CustomerPicker implements OnInit {
  private readonly api = inject(BusinessApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly businessId = input.required<string>();
  readonly invalid = input(false);
  readonly disabled = input(false);
  readonly inputId = input('customer-search');
  readonly value = model<PickedCustomer | null>(null);

  protected readonly query = signal('');
  protected readonly results = signal<CustomerView[]>([]);
  protected readonly searching = signal(false);
  protected readonly searchError = signal<string | null>(null);
  protected readonly open = signal(false);
  protected readonly active = signal(-1);

  protected readonly creating = signal(false);
  protected readonly saving = signal(false);
  protected readonly createError = signal<string | null>(null);
  protected readonly newCustomer = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(LIMITS.name.max)] }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.email, Validators.maxLength(LIMITS.email.max)] }),
    phone: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(LIMITS.phone.max)] }),
  });
  protected readonly message = controlMessage;

  private readonly search$ = new Subject<string>();

  ngOnInit(): void {
    this.search$
      .pipe(
        debounceTime(250),
        distinctUntilChanged(),
        tap(() => {
          this.searching.set(true);
          this.searchError.set(null);
        }),
        switchMap((q) =>
          this.api.customers(this.businessId(), q, null, 8).pipe(
            catchError((err: unknown) => {
              this.searchError.set(problemDetail(err));
              return of({ items: [] as CustomerView[], nextCursor: null });
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((page) => {
        this.searching.set(false);
        this.results.set(page.items);
        this.active.set(page.items.length ? 0 : -1);
      });
  }

  protected onInput(text: string): void {
    this.query.set(text);
    this.open.set(true);
    this.search$.next(text.trim());
  }

  protected onFocus(): void {
    this.open.set(true);
    this.search$.next(this.query().trim());
  }

  protected onKeydown(event: KeyboardEvent): void {
    const n = this.results().length;
    if (event.key === 'ArrowDown' && n) {
      event.preventDefault();
      this.open.set(true);
      this.active.set((this.active() + 1) % n);
    } else if (event.key === 'ArrowUp' && n) {
      event.preventDefault();
      this.active.set((this.active() - 1 + n) % n);
    } else if (event.key === 'Enter' && this.open() && this.active() >= 0) {
      event.preventDefault();
      const c = this.results()[this.active()];
      if (c) this.pick(c);
    } else if (event.key === 'Escape') {
      this.open.set(false);
    }
  }

  protected onBlur(): void {
    // Let a click on an option land before the list closes.
    setTimeout(() => this.open.set(false), 150);
  }

  protected pick(c: CustomerView): void {
    this.value.set({ id: c.id, name: c.name, email: c.email });
    this.query.set('');
    this.open.set(false);
  }

  protected clear(): void {
    this.value.set(null);
  }

  protected startCreate(): void {
    this.creating.set(true);
    this.createError.set(null);
    this.newCustomer.reset({ name: this.query().trim(), email: '', phone: '' });
    this.open.set(false);
  }

  protected create(): void {
    if (this.newCustomer.invalid) {
      this.newCustomer.markAllAsTouched();
      return;
    }
    const v = this.newCustomer.getRawValue();
    this.saving.set(true);
    this.createError.set(null);
    this.api.createCustomer(this.businessId(), { name: v.name.trim(), email: v.email.trim() || null, phone: v.phone.trim() || null }).subscribe({
      next: (c) => {
        this.saving.set(false);
        this.creating.set(false);
        this.value.set({ id: c.id, name: c.name, email: c.email });
      },
      error: (err: unknown) => {
        this.saving.set(false);
        if (problemCode(err) === 'email_taken') {
          const email = this.newCustomer.controls.email;
          email.setErrors({ server: problemDetail(err, 'A customer with this e-mail already exists.') });
          email.markAsTouched();
          return;
        }
        const leftover = applyServerErrors(this.newCustomer, err);
        this.createError.set(leftover.length ? leftover.join(' ') : problemDetail(err));
      },
    });
  }
}
