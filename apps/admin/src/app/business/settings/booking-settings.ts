import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { HttpClient } from '@angular/common/http';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { BookingRulesSettings } from '#contracts';
import { LIMITS } from '#contracts';
import { problemDetail } from '../../ui/problem';
import { injectBusinessContext } from '../../core/business-context';
import { ErrorAlert } from '../../ui/error-alert';

/**
 * Online booking (owner): the public page on or off, minimum notice, booking horizon, the customers'
 * cancellation window, and the way to see the page as customers do ("Preview booking page", which
 * also works while it is off and never books).
 */
@Component({
  selector: 'app-booking-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ErrorAlert],
  template: `
    @if (loadError()) {
      <div class="alert alert-error" role="alert">Could not load the online booking settings: {{ loadError() }}</div>
    }
    <form class="card card-body" [formGroup]="form" (ngSubmit)="save()" novalidate [hidden]="loading()">
      <label class="check"><input type="checkbox" formControlName="onlineBookingEnabled" /> Take bookings on the public booking page</label>
      <p class="muted small">
        Customers book at <a [routerLink]="['/book', biz.slug()]">/book/{{ biz.slug() }}</a
        >. While this is off, the page says so.
      </p>
      <div class="grid">
        <label class="field"
          ><span>Minimum notice (minutes)</span>
          <input class="input" type="number" formControlName="minNoticeMinutes" [min]="limits.minNoticeMinutes.min" [max]="limits.minNoticeMinutes.max" />
        </label>
        <label class="field"
          ><span>Booking horizon (days ahead)</span>
          <input class="input" type="number" formControlName="bookingHorizonDays" [min]="limits.bookingHorizonDays.min" [max]="limits.bookingHorizonDays.max" />
        </label>
        <label class="field"
          ><span>Cancellation window (hours before the start)</span>
          <input
            class="input"
            type="number"
            formControlName="cancellationWindowHours"
            [min]="limits.cancellationWindowHours.min"
            [max]="limits.cancellationWindowHours.max"
          />
        </label>
      </div>
      <ui-error-alert [message]="error()" />
      @if (done()) {
        <div class="alert alert-success" role="status">{{ done() }}</div>
      }
      <div class="form-actions">
        <a class="button" [routerLink]="['/book', biz.slug(), 'preview']">Preview booking page</a>
        <button type="submit" class="btn btn-primary" [disabled]="saving() || biz.readOnly()">Save online booking</button>
      </div>
    </form>
  `,
  host: { class: 'stack' },
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: 1rem;
      margin-top: 1rem;
    }
    .grid label {
      display: flex;
      flex-direction: column;
      gap: 0.3rem;
    }
    .check {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      font-weight: 600;
    }
    .actions {
      display: flex;
      gap: 0.75rem;
      justify-content: flex-end;
      margin-top: 1rem;
      flex-wrap: wrap;
    }
  `,
})
export class BookingSettingsPage implements OnInit {
  protected readonly limits = LIMITS;
  private readonly http = inject(HttpClient);
  protected readonly biz = injectBusinessContext();
  protected readonly form = new FormGroup({
    onlineBookingEnabled: new FormControl(false, { nonNullable: true }),
    minNoticeMinutes: new FormControl(120, {
      nonNullable: true,
      validators: [Validators.required, Validators.min(LIMITS.minNoticeMinutes.min), Validators.max(LIMITS.minNoticeMinutes.max)],
    }),
    bookingHorizonDays: new FormControl(60, {
      nonNullable: true,
      validators: [Validators.required, Validators.min(LIMITS.bookingHorizonDays.min), Validators.max(LIMITS.bookingHorizonDays.max)],
    }),
    cancellationWindowHours: new FormControl(24, {
      nonNullable: true,
      validators: [Validators.required, Validators.min(LIMITS.cancellationWindowHours.min), Validators.max(LIMITS.cancellationWindowHours.max)],
    }),
  });
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal<string | null>(null);

  private url(): string {
    return `/api/businesses/${this.biz.id()}/settings/booking`;
  }

  ngOnInit(): void {
    if (!this.biz.id()) return;
    this.http.get<BookingRulesSettings>(this.url()).subscribe({
      next: (r) => {
        this.form.reset(r);
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
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Check the numbers: notice 0–43200 minutes, horizon 1–365 days, window 0–720 hours.');
      return;
    }
    const v = this.form.getRawValue();
    this.saving.set(true);
    this.http
      .put<BookingRulesSettings>(this.url(), {
        onlineBookingEnabled: v.onlineBookingEnabled,
        minNoticeMinutes: Number(v.minNoticeMinutes),
        bookingHorizonDays: Number(v.bookingHorizonDays),
        cancellationWindowHours: Number(v.cancellationWindowHours),
      })
      .subscribe({
        next: (r) => {
          this.form.reset(r);
          this.saving.set(false);
          this.done.set('Online booking saved.');
        },
        error: (err: unknown) => {
          this.saving.set(false);
          this.error.set(problemDetail(err));
        },
      });
  }
}
