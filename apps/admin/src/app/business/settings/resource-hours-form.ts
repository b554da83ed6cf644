import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import type { ResourceView, WeeklyHours } from '#contracts';
import { applyServerErrors, asProblem, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { WEEKDAYS, dayRow } from './availability-settings';
import { ErrorAlert } from '../../ui/error-alert';

type DayRow = ReturnType<typeof dayRow>;

const FIX_DAYS = 'Fix the highlighted days before saving.';

/** A short text for a resource's own hours: "Opening hours" when it has none, else "Mon 10:00–14:00, …". */
export function hoursSummary(hours: WeeklyHours[]): string {
  if (hours.length === 0) return 'Opening hours';
  return [...hours]
    .sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens))
    .map((h) => `${WEEKDAYS[h.weekday - 1]!.slice(0, 3)} ${h.opens}–${h.closes}`)
    .join(', ');
}

/**
 * One resource's own weekly hours: either "the opening hours" (no hours of its own) or, per weekday,
 * the one range it works. Free times and bookings then need both the business open and the resource
 * working. Saved with PATCH …/resources/:id { workingHours } (replaced as a whole).
 */
@Component({
  selector: 'app-resource-hours-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ErrorAlert],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate [attr.aria-busy]="saving()" [attr.aria-label]="'Working hours of ' + resource().name">
      <h3 class="first">Working hours of {{ resource().name }}</h3>
      <div class="choice" role="radiogroup" [attr.aria-label]="'When ' + resource().name + ' works'">
        <label class="check"><input type="radio" name="own" [value]="false" formControlName="own" /> Whenever the business is open</label>
        <label class="check"><input type="radio" name="own" [value]="true" formControlName="own" /> Its own hours (fewer than the opening hours)</label>
      </div>
      @if (form.controls.own.value) {
        <p class="muted small">Times are in {{ timeZone() }}. A booking needs the business open and the resource working.</p>
        <div class="days" formArrayName="weekly">
          @for (row of rows; track $index; let i = $index) {
            <div class="day" [formGroupName]="i">
              <strong>{{ weekdays[i] }}</strong>
              <label class="check">
                <input type="checkbox" formControlName="open" [attr.aria-label]="resource().name + ' works on ' + weekdays[i]" />
                {{ row.controls.open.value ? 'Works' : 'Off' }}
              </label>
              <div>
                @if (row.controls.open.value) {
                  <div class="times">
                    <input
                      class="input"
                      type="time"
                      formControlName="opens"
                      [attr.aria-label]="resource().name + ' starts on ' + weekdays[i]"
                      [class.invalid]="!!rowError(row)"
                    />
                    <span aria-hidden="true">–</span>
                    <input
                      class="input"
                      type="time"
                      formControlName="closes"
                      [attr.aria-label]="resource().name + ' ends on ' + weekdays[i]"
                      [class.invalid]="!!rowError(row)"
                    />
                  </div>
                  @if (rowError(row); as m) {
                    <span class="field-error" role="alert">{{ m }}</span>
                  }
                } @else {
                  <span class="muted">Not working</span>
                }
              </div>
            </div>
          }
        </div>
      }
      <ui-error-alert [message]="error()" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" [disabled]="saving()">
          @if (saving()) {
            <span class="spinner" aria-hidden="true"></span> Saving…
          } @else {
            Save hours
          }
        </button>
        <button class="btn" type="button" (click)="closed.emit()" [disabled]="saving()">Cancel</button>
      </div>
    </form>
  `,
  styles: `
    h3 {
      font-size: 1rem;
      margin: 0 0 0.5rem;
    }
    .choice {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem 1.4rem;
      margin-bottom: 0.5rem;
    }
    .days {
      display: grid;
      gap: 0.1rem;
    }
    .day {
      display: grid;
      grid-template-columns: 7rem 6rem 1fr;
      align-items: center;
      gap: 0.75rem;
      padding: 0.35rem 0;
      border-bottom: 1px solid #f3f4f6;
    }
    .times {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .times input {
      width: 9.5rem;
    }
    @media (max-width: 640px) {
      .day {
        grid-template-columns: 1fr 1fr;
      }
      .day > div {
        grid-column: 1 / -1;
      }
    }
  `,
})
export class ResourceHoursForm implements OnInit {
  private readonly api = inject(BusinessApi);
  private readonly destroyRef = inject(DestroyRef);
  readonly businessId = input.required<string>();
  readonly resource = input.required<ResourceView>();
  readonly timeZone = input('');
  readonly saved = output<ResourceView>();
  readonly closed = output<void>();
  protected readonly weekdays = WEEKDAYS;

  readonly form = new FormGroup({
    own: new FormControl(false, { nonNullable: true }),
    weekly: new FormArray<DayRow>(WEEKDAYS.map((_, i) => dayRow(i + 1))),
  });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected get rows(): DayRow[] {
    return this.form.controls.weekly.controls;
  }

  ngOnInit(): void {
    // The "fix the days" note goes once the days are fixed.
    this.form.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      if (this.error() === FIX_DAYS && !this.rows.some((r) => r.invalid)) this.error.set(null);
    });
    const hours = this.resource().workingHours;
    this.form.controls.own.setValue(hours.length > 0);
    WEEKDAYS.forEach((_, i) => {
      const ranges = hours.filter((h) => h.weekday === i + 1).sort((a, b) => a.opens.localeCompare(b.opens));
      const first = ranges[0];
      // One range per weekday is edited here; a day with several (set through the API) is kept from its first start to its last end.
      this.rows[i]!.reset({ weekday: i + 1, open: !!first, opens: first?.opens ?? '09:00', closes: ranges[ranges.length - 1]?.closes ?? '17:00' });
    });
  }

  rowError(row: DayRow): string | null {
    const e = row.errors;
    if (!e) return null;
    return (e['closesBeforeOpens'] as string | undefined) ?? (e['times'] as string | undefined) ?? (e['server'] as string | undefined) ?? null;
  }

  /** The body's hours: none for "whenever the business is open". */
  value(): WeeklyHours[] {
    if (!this.form.controls.own.value) return [];
    return this.rows
      .filter((r) => r.controls.open.value)
      .map((r) => ({ weekday: r.controls.weekday.value, opens: r.controls.opens.value, closes: r.controls.closes.value }));
  }

  submit(): void {
    this.error.set(null);
    const own = this.form.controls.own.value;
    if (own && this.rows.some((r) => r.invalid)) {
      this.form.markAllAsTouched();
      this.error.set(FIX_DAYS);
      return;
    }
    const workingHours = this.value();
    if (own && workingHours.length === 0) {
      this.error.set('Tick at least one day it works, or choose "Whenever the business is open".');
      return;
    }
    this.saving.set(true);
    this.api.updateResource(this.businessId(), this.resource().id, { workingHours }).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.saved.emit(saved);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        // Server field names look like `workingHours.2.closes`: put the message on that weekday's row.
        let placed = false;
        for (const e of asProblem(err)?.errors ?? []) {
          const m = /^workingHours\.(\d+)/.exec(e.field);
          const sent = m ? workingHours[Number(m[1])] : undefined;
          const row = sent ? this.rows[sent.weekday - 1] : undefined;
          if (row) {
            row.setErrors({ ...(row.errors ?? {}), server: e.messages.join(' ') });
            placed = true;
          }
        }
        const leftover = placed ? [] : applyServerErrors(this.form, err);
        this.error.set(leftover.length ? `${problemDetail(err)} ${leftover.join(' ')}` : problemDetail(err));
      },
    });
  }
}
