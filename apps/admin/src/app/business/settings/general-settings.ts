import { CURRENCY_CODES } from '#contracts';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { applyServerErrors, controlMessage, problemDetail } from '../../ui/problem';
import { AuthStore } from '../../core/auth-store';
import { DraftOffer, FormDraft } from '../../core/form-draft';
import { ErrorAlert } from '../../ui/error-alert';
import { Loading } from '../../ui/loading';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { LIMITS } from '#contracts';

/** The codes the API accepts, each with its name in the viewer's language ("GBP · British Pound"). */
function currencyChoices(): { code: string; label: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(undefined, { type: 'currency' });
  } catch {
    names = null;
  }
  return CURRENCY_CODES.map((code) => ({ code, label: `${code} · ${names?.of(code) ?? code}` }));
}

function zones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

@Component({
  selector: 'app-general-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, DraftOffer, ErrorAlert, Loading],
  template: `
    <app-draft-offer [draft]="draft" />
    @if (loading()) {
      <ui-loading>Loading settings…</ui-loading>
    }
    <ui-error-alert prefix="Could not load the settings:" [message]="loadError()" [retryable]="true" (retry)="load()" />
    <form class="card card-body" [formGroup]="form" (ngSubmit)="save()" novalidate [attr.aria-busy]="saving()" [hidden]="loading() || loadError()">
      <div class="form-grid">
        <label class="field"
          ><span>Business name *</span>
          <input class="input" formControlName="name" />
          @if (message(form.controls.name, 'Business name'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <label class="field"
          ><span>Time zone *</span>
          <select class="select" formControlName="timeZone">
            @for (z of timeZones; track z) {
              <option [value]="z">{{ z }}</option>
            }
          </select>
          @if (message(form.controls.timeZone, 'Time zone'); as m) {
            <span class="field-error">{{ m }}</span>
          } @else {
            <span class="field-hint">Opening hours and bookings are read in this zone.</span>
          }
        </label>
        <label class="field"
          ><span>Currency *</span>
          <select class="select" formControlName="currency" aria-describedby="currency-hint">
            @for (c of currencies; track c.code) {
              <option [value]="c.code">{{ c.label }}</option>
            }
          </select>
          @if (message(form.controls.currency, 'Currency'); as m) {
            <span class="field-error">{{ m }}</span>
          } @else {
            <span class="field-hint" id="currency-hint">Every price is shown in it: here, on the booking page and in messages.</span>
          }
        </label>
        <label class="field"
          ><span>Contact e-mail</span>
          <input class="input" formControlName="contactEmail" type="email" />
          @if (message(form.controls.contactEmail, 'Contact e-mail'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
        <label class="field"
          ><span>Contact phone</span>
          <input class="input" formControlName="contactPhone" type="tel" />
          @if (message(form.controls.contactPhone, 'Contact phone'); as m) {
            <span class="field-error">{{ m }}</span>
          }
        </label>
      </div>
      <ui-error-alert [message]="error()" />
      @if (done()) {
        <div class="alert alert-success" role="status">{{ done() }}</div>
      }
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" [disabled]="saving() || biz.readOnly()">
          @if (saving()) {
            <span class="spinner" aria-hidden="true"></span> Saving…
          } @else {
            Save
          }
        </button>
      </div>
    </form>
  `,
})
export class GeneralSettingsPage implements OnInit {
  private readonly api = inject(BusinessApi);
  private readonly auth = inject(AuthStore);
  protected readonly biz = injectBusinessContext();
  protected readonly timeZones = zones();
  protected readonly currencies = currencyChoices();
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(LIMITS.name.max)] }),
    timeZone: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    currency: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    contactEmail: new FormControl('', { nonNullable: true, validators: [Validators.email, Validators.maxLength(LIMITS.email.max)] }),
    contactPhone: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(LIMITS.phone.max)] }),
  });
  /** Kept while impersonating, offered back if the impersonation ends before Save. */
  protected readonly draft = new FormDraft(this.form, this.biz.slug(), 'settings-general');
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal<string | null>(null);
  protected readonly message = controlMessage;

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    const id = this.biz.id();
    if (!id) return;
    this.loading.set(true);
    this.loadError.set(null);
    this.api.general(id).subscribe({
      next: (g) => {
        if (!this.timeZones.includes(g.timeZone)) this.timeZones.unshift(g.timeZone);
        this.form.reset({ name: g.name, timeZone: g.timeZone, currency: g.currency, contactEmail: g.contactEmail ?? '', contactPhone: g.contactPhone ?? '' });
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.loadError.set(problemDetail(err));
      },
    });
  }

  protected save(): void {
    this.error.set(null);
    this.done.set(null);
    const id = this.biz.id();
    if (!id) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.saving.set(true);
    this.api
      .saveGeneral(id, {
        name: v.name.trim(),
        timeZone: v.timeZone,
        currency: v.currency,
        contactEmail: v.contactEmail.trim() || null,
        contactPhone: v.contactPhone.trim() || null,
      })
      .subscribe({
        next: () => {
          this.saving.set(false);
          this.done.set('Settings saved.');
          this.form.markAsPristine();
          this.draft.clear();
          // The shell shows the name and every page reads the zone from the auth state.
          void this.auth.refresh().catch(() => undefined);
        },
        error: (err: unknown) => {
          this.saving.set(false);
          const leftover = applyServerErrors(this.form, err);
          this.error.set(leftover.length ? `${problemDetail(err)} ${leftover.join(' ')}` : problemDetail(err));
        },
      });
  }
}
