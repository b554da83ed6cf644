import { ChangeDetectionStrategy, Component, OnInit, inject, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { CustomerView } from '#contracts';
import { LIMITS } from '#contracts';
import { applyServerErrors, controlMessage, problemCode, problemDetail } from '../../ui/problem';
import { ErrorAlert } from '../../ui/error-alert';
import { BusinessApi } from '../business-api';

/** Create or edit a customer. E-mail is unique per business: a 409 `email_taken` lands on the field. */
@Component({
  selector: 'app-customer-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ErrorAlert],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate [attr.aria-busy]="saving()">
      <div class="form-grid">
        <label class="field"
          ><span>Name *</span>
          <input class="input" formControlName="name" autocomplete="off" />
          @if (message(form.controls.name, 'Name'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <label class="field"
          ><span>E-mail</span>
          <input class="input" formControlName="email" type="email" autocomplete="off" />
          @if (message(form.controls.email, 'E-mail'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <label class="field"
          ><span>Phone</span>
          <input class="input" formControlName="phone" type="tel" autocomplete="off" />
          @if (message(form.controls.phone, 'Phone'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <label class="field wide"
          ><span>Notes</span>
          <textarea class="textarea" formControlName="notes" rows="3"></textarea>
          @if (message(form.controls.notes, 'Notes'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
      </div>
      <ui-error-alert [message]="error()" />
      <div class="form-actions">
        <button type="button" class="btn" (click)="closed.emit()" [disabled]="saving()">Cancel</button>
        <button type="submit" class="btn btn-primary" [disabled]="saving()">
          @if (saving()) {
            <span class="spinner" aria-hidden="true"></span> Saving…
          } @else {
            {{ customer() ? 'Save customer' : 'Create customer' }}
          }
        </button>
      </div>
    </form>
  `,
  styles: `
    form {
      display: flex;
      flex-direction: column;
      gap: 14px;
    }
  `,
})
export class CustomerForm implements OnInit {
  private readonly api = inject(BusinessApi);
  readonly businessId = input.required<string>();
  readonly customer = input<CustomerView | null>(null);
  readonly saved = output<CustomerView>();
  readonly closed = output<void>();

  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(LIMITS.name.max)] }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.email, Validators.maxLength(LIMITS.email.max)] }),
    phone: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(LIMITS.phone.max)] }),
    notes: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(LIMITS.notes.max)] }),
  });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly message = controlMessage;

  ngOnInit(): void {
    const c = this.customer();
    if (c) this.form.reset({ name: c.name, email: c.email ?? '', phone: c.phone ?? '', notes: c.notes ?? '' });
  }

  protected submit(): void {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body = { name: v.name.trim(), email: v.email.trim() || null, phone: v.phone.trim() || null, notes: v.notes.trim() || null };
    const c = this.customer();
    this.saving.set(true);
    (c ? this.api.updateCustomer(this.businessId(), c.id, body) : this.api.createCustomer(this.businessId(), body)).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.saved.emit(saved);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        if (problemCode(err) === 'email_taken') {
          this.form.controls.email.setErrors({ server: problemDetail(err, 'Another customer already has this e-mail.') });
          this.form.controls.email.markAsTouched();
          return;
        }
        const leftover = applyServerErrors(this.form, err);
        this.error.set(leftover.length ? `${problemDetail(err)} ${leftover.join(' ')}` : problemDetail(err));
      },
    });
  }
}
