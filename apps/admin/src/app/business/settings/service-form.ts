import { ChangeDetectionStrategy, Component, OnInit, inject, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import type { ServiceView } from '#contracts';
import { applyServerErrors, controlMessage, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { centsToInput, parseMoney } from '../../ui/format';

/** A price as people type it ("25", "25.5", "25,50"); stored and sent as integer cents. */
export function moneyValidator(control: AbstractControl<string>): ValidationErrors | null {
  if (control.value === '' || control.value == null) return null;
  return parseMoney(control.value) === null ? { money: 'Enter an amount like 25 or 25.50.' } : null;
}

function wholeMinutes(control: AbstractControl<number | null>): ValidationErrors | null {
  const v = control.value;
  return v == null || Number.isInteger(v) ? null : { integer: 'Duration must be whole minutes.' };
}

export function serviceFormGroup() {
  return new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] }),
    durationMinutes: new FormControl<number | null>(30, { validators: [Validators.required, Validators.min(5), Validators.max(720), wholeMinutes] }),
    price: new FormControl('', { nonNullable: true, validators: [Validators.required, moneyValidator] }),
    active: new FormControl(true, { nonNullable: true }),
  });
}

@Component({
  selector: 'app-service-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate [attr.aria-busy]="saving()">
      <div class="form-grid">
        <label>Name *
          <input formControlName="name" />
          @if (message(form.controls.name, 'Name'); as m) { <span class="error">{{ m }}</span> }
        </label>
        <label>Duration (minutes) *
          <input formControlName="durationMinutes" type="number" min="5" max="720" step="5" />
          @if (message(form.controls.durationMinutes, 'Duration'); as m) { <span class="error">{{ m }}</span> }
        </label>
        <label>Price *
          <input formControlName="price" inputmode="decimal" placeholder="25.00" />
          @if (message(form.controls.price, 'Price'); as m) { <span class="error">{{ m }}</span> }
        </label>
        <label class="field-inline active"><input type="checkbox" formControlName="active" /> Active (can be booked)</label>
      </div>
      @if (error()) { <div class="alert alert-error" role="alert">{{ error() }}</div> }
      <div class="actions">
        <button type="submit" class="primary" [disabled]="saving()">
          @if (saving()) { <span class="spinner" aria-hidden="true"></span> Saving… } @else { {{ service() ? 'Save service' : 'Create service' }} }
        </button>
        <button type="button" (click)="closed.emit()" [disabled]="saving()">Cancel</button>
      </div>
    </form>
  `,
  styleUrl: '../ui/page.css',
  styles: `.active { align-self: end; padding-bottom: .5rem; }`,
})
export class ServiceForm implements OnInit {
  private readonly api = inject(BusinessApi);
  readonly businessId = input.required<string>();
  readonly service = input<ServiceView | null>(null);
  readonly saved = output<ServiceView>();
  readonly closed = output<void>();

  readonly form = serviceFormGroup();
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly message = controlMessage;

  ngOnInit(): void {
    const s = this.service();
    if (s) this.form.reset({ name: s.name, durationMinutes: s.durationMinutes, price: centsToInput(s.priceCents), active: s.active });
  }

  submit(): void {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body = { name: v.name.trim(), durationMinutes: v.durationMinutes!, priceCents: parseMoney(v.price)!, active: v.active };
    const s = this.service();
    this.saving.set(true);
    (s ? this.api.updateService(this.businessId(), s.id, body) : this.api.createService(this.businessId(), body)).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.saved.emit(saved);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const leftover = applyServerErrors(this.form, err, { priceCents: 'price' });
        this.error.set(leftover.length ? `${problemDetail(err)} ${leftover.join(' ')}` : problemDetail(err));
      },
    });
  }
}
