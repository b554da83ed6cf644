import { ChangeDetectionStrategy, Component, OnInit, inject, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import type { ResourceView, ServiceView } from '#contracts';
import { LIMITS } from '#contracts';
import { applyServerErrors, controlMessage, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { centsToInput, parseMoney } from '../../ui/format';
import { ErrorAlert } from '../../ui/error-alert';

/** A price as people type it ("25", "25.5", "25,50"); stored and sent as integer cents. */
export function moneyValidator(control: AbstractControl<string>): ValidationErrors | null {
  if (control.value === '' || control.value == null) return null;
  return parseMoney(control.value) === null ? { money: 'Enter an amount like 25 or 25.50.' } : null;
}

function wholeMinutes(control: AbstractControl<number | null>): ValidationErrors | null {
  const v = control.value;
  return v == null || Number.isInteger(v) ? null : { integer: 'Duration must be whole minutes.' };
}

/** Buffers: whole minutes, 0–240 (the API's bounds). */
function bufferControl(): FormControl<number | null> {
  return new FormControl<number | null>(0, {
    validators: [Validators.required, Validators.min(LIMITS.bufferMinutes.min), Validators.max(LIMITS.bufferMinutes.max), wholeBufferMinutes],
  });
}
function wholeBufferMinutes(control: AbstractControl<number | null>): ValidationErrors | null {
  const v = control.value;
  return v == null || Number.isInteger(v) ? null : { integer: 'Buffers are whole minutes.' };
}

export function serviceFormGroup() {
  return new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(LIMITS.name.max)] }),
    durationMinutes: new FormControl<number | null>(30, {
      validators: [Validators.required, Validators.min(LIMITS.serviceDurationMinutes.min), Validators.max(LIMITS.serviceDurationMinutes.max), wholeMinutes],
    }),
    price: new FormControl('', { nonNullable: true, validators: [Validators.required, moneyValidator] }),
    active: new FormControl(true, { nonNullable: true }),
    bufferBeforeMinutes: bufferControl(),
    bufferAfterMinutes: bufferControl(),
    /** The resources that may perform it; none ticked = every active resource. */
    resourceIds: new FormControl<string[]>([], { nonNullable: true }),
  });
}

@Component({
  selector: 'app-service-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ErrorAlert],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate [attr.aria-busy]="saving()">
      <div class="form-grid">
        <label class="field"
          ><span>Name *</span>
          <input class="input" formControlName="name" />
          @if (message(form.controls.name, 'Name'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <label class="field"
          ><span>Duration (minutes) *</span>
          <input
            class="input"
            formControlName="durationMinutes"
            type="number"
            [min]="limits.serviceDurationMinutes.min"
            [max]="limits.serviceDurationMinutes.max"
            step="5"
          />
          @if (message(form.controls.durationMinutes, 'Duration'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <label class="field"
          ><span>Price *</span>
          <input class="input" formControlName="price" inputmode="decimal" placeholder="25.00" />
          @if (message(form.controls.price, 'Price'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <label class="field-inline active"><input type="checkbox" formControlName="active" /> Active (can be booked)</label>
        <label class="field"
          ><span>Buffer before (minutes)</span>
          <input class="input" formControlName="bufferBeforeMinutes" type="number" min="0" max="240" step="5" aria-describedby="buffer-hint" />
          @if (message(form.controls.bufferBeforeMinutes, 'Buffer before'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <label class="field"
          ><span>Buffer after (minutes)</span>
          <input class="input" formControlName="bufferAfterMinutes" type="number" min="0" max="240" step="5" aria-describedby="buffer-hint" />
          @if (message(form.controls.bufferAfterMinutes, 'Buffer after'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <p class="muted small wide" id="buffer-hint">
          Buffers keep the resource free before and after each booking of this service (set-up, cleaning); they are not shown to customers.
        </p>
        <fieldset class="wide performers">
          <legend>Performed by</legend>
          @if (choosable().length === 0) {
            <p class="muted small">No resources yet: add them under Resources.</p>
          } @else {
            <div class="checks">
              @for (r of choosable(); track r.id) {
                <label class="check"
                  ><input type="checkbox" [checked]="isChosen(r.id)" (change)="toggleResource(r.id, $any($event.target).checked)" [disabled]="saving()" />
                  {{ r.name }}{{ r.active ? '' : ' (inactive)' }}</label
                >
              }
            </div>
            <p class="muted small">
              {{
                form.controls.resourceIds.value.length
                  ? 'Only the ticked resources are offered and can be booked for it.'
                  : 'None ticked: every active resource can perform it.'
              }}
            </p>
          }
          @if (message(form.controls.resourceIds, 'Performed by'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </fieldset>
      </div>
      <ui-error-alert [message]="error()" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" [disabled]="saving()">
          @if (saving()) {
            <span class="spinner" aria-hidden="true"></span> Saving…
          } @else {
            {{ service() ? 'Save service' : 'Create service' }}
          }
        </button>
        <button class="btn" type="button" (click)="closed.emit()" [disabled]="saving()">Cancel</button>
      </div>
    </form>
  `,
  styles: `
    .active {
      align-self: end;
      padding-bottom: 0.5rem;
    }
    .performers {
      border: 1px solid var(--border);
      border-radius: 8px;
      padding: 0.5rem 0.9rem 0.6rem;
      margin: 0;
    }
    .performers legend {
      font-weight: 600;
      padding: 0 0.3rem;
    }
    .checks {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem 1.2rem;
    }
    .wide {
      margin: 0;
    }
  `,
})
export class ServiceForm implements OnInit {
  protected readonly limits = LIMITS;
  private readonly api = inject(BusinessApi);
  readonly businessId = input.required<string>();
  readonly service = input<ServiceView | null>(null);
  /** The business's resources, for "Performed by". */
  readonly resources = input<ResourceView[]>([]);
  readonly saved = output<ServiceView>();
  readonly closed = output<void>();

  readonly form = serviceFormGroup();
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly message = controlMessage;

  ngOnInit(): void {
    const s = this.service();
    if (s) {
      this.form.reset({
        name: s.name,
        durationMinutes: s.durationMinutes,
        price: centsToInput(s.priceCents),
        active: s.active,
        bufferBeforeMinutes: s.bufferBeforeMinutes,
        bufferAfterMinutes: s.bufferAfterMinutes,
        resourceIds: [...s.resourceIds],
      });
    }
  }

  /** Active resources, and any inactive one the service still names (so it can be unticked). */
  protected choosable(): ResourceView[] {
    const chosen = this.form.controls.resourceIds.value;
    return this.resources().filter((r) => r.active || chosen.includes(r.id));
  }

  protected isChosen(id: string): boolean {
    return this.form.controls.resourceIds.value.includes(id);
  }

  protected toggleResource(id: string, on: boolean): void {
    const ids = this.form.controls.resourceIds.value.filter((x) => x !== id);
    this.form.controls.resourceIds.setValue(on ? [...ids, id] : ids);
    this.form.controls.resourceIds.markAsDirty();
  }

  submit(): void {
    this.error.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body = {
      name: v.name.trim(),
      durationMinutes: v.durationMinutes!,
      priceCents: parseMoney(v.price)!,
      active: v.active,
      bufferBeforeMinutes: v.bufferBeforeMinutes!,
      bufferAfterMinutes: v.bufferAfterMinutes!,
      resourceIds: v.resourceIds,
    };
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
