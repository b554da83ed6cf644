import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, type AbstractControl, type ValidationErrors } from '@angular/forms';
import type { AvailabilitySettings, WeeklyHours } from '#contracts';
import { applyServerErrors, asProblem, problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { formatDateTime } from '../../ui/format';
import { Loading } from '../../ui/loading';
import { ErrorAlert } from '../../ui/error-alert';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

type DayRow = FormGroup<{ weekday: FormControl<number>; open: FormControl<boolean>; opens: FormControl<string>; closes: FormControl<string> }>;

/**
 * One weekday row: when open, both times are required, well-formed, and closing is after opening
 * (opening hours never wrap past midnight).
 */
export function dayRowValidator(group: AbstractControl): ValidationErrors | null {
  const { open, opens, closes } = group.value as { open: boolean; opens: string; closes: string };
  if (!open) return null;
  if (!TIME.test(opens ?? '') || !TIME.test(closes ?? '')) return { times: 'Enter both an opening and a closing time.' };
  return closes > opens ? null : { closesBeforeOpens: 'Closing time must be after opening time.' };
}

export function dayRow(weekday: number, hours?: WeeklyHours): DayRow {
  return new FormGroup(
    {
      weekday: new FormControl(weekday, { nonNullable: true }),
      open: new FormControl(!!hours, { nonNullable: true }),
      opens: new FormControl(hours?.opens ?? '09:00', { nonNullable: true }),
      closes: new FormControl(hours?.closes ?? '17:00', { nonNullable: true }),
    },
    { validators: [dayRowValidator] },
  );
}

@Component({
  selector: 'app-availability-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, Loading, ErrorAlert],
  templateUrl: './availability-settings.html',
  host: { class: 'stack' },
  styles: `
    .days {
      display: grid;
      gap: 0.1rem;
    }
    .day {
      display: grid;
      grid-template-columns: 8rem 7rem 1fr;
      align-items: center;
      gap: 0.75rem;
      padding: 0.45rem 0;
      border-bottom: 1px solid var(--border);
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
    .closed-label {
      color: var(--text-3);
    }
    .dates {
      list-style: none;
      padding: 0;
      margin: 0.5rem 0 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .dates li {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      background: #eef0f3;
      border-radius: 999px;
      padding: 0.2rem 0.3rem 0.2rem 0.7rem;
      font-size: 0.8125rem;
    }
    .dates button {
      padding: 0.1rem 0.4rem;
      border-radius: 999px;
      color: var(--text-2);
      text-decoration: none;
    }
    @media (max-width: 640px) {
      .day {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class AvailabilitySettingsPage implements OnInit {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();
  protected readonly weekdays = WEEKDAYS;

  readonly form = new FormGroup({
    weekly: new FormArray<DayRow>(WEEKDAYS.map((_, i) => dayRow(i + 1))),
    closedDates: new FormControl<string[]>([], { nonNullable: true }),
  });
  readonly newClosedDate = new FormControl('', { nonNullable: true });
  protected readonly closedDateError = signal<string | null>(null);
  protected readonly timeZone = signal('');
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal<string | null>(null);
  protected readonly splitDays = signal<string[]>([]);

  ngOnInit(): void {
    this.load();
  }

  protected get rows(): DayRow[] {
    return this.form.controls.weekly.controls;
  }

  protected load(): void {
    const id = this.biz.id();
    if (!id) return;
    this.loading.set(true);
    this.loadError.set(null);
    this.api.availability(id).subscribe({
      next: (a) => {
        this.fill(a);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.loadError.set(problemDetail(err));
      },
    });
  }

  /** One opening range per weekday is edited here; extra ranges of a day are reported, not lost silently. */
  fill(a: AvailabilitySettings): void {
    this.timeZone.set(a.timeZone);
    const split: string[] = [];
    WEEKDAYS.forEach((name, i) => {
      const ranges = a.weekly.filter((w) => w.weekday === i + 1).sort((x, y) => x.opens.localeCompare(y.opens));
      if (ranges.length > 1) split.push(name);
      const first = ranges[0];
      const last = ranges[ranges.length - 1];
      this.rows[i]!.reset({ weekday: i + 1, open: !!first, opens: first?.opens ?? '09:00', closes: last?.closes ?? '17:00' });
    });
    this.splitDays.set(split);
    this.form.controls.closedDates.setValue([...a.closedDates].sort());
    this.form.markAsPristine();
  }

  protected addClosedDate(): void {
    const d = this.newClosedDate.value;
    if (!DATE.test(d)) {
      this.closedDateError.set('Pick a date to add.');
      return;
    }
    const dates = this.form.controls.closedDates.value;
    if (dates.includes(d)) {
      this.closedDateError.set('That date is already closed.');
      return;
    }
    this.closedDateError.set(null);
    this.form.controls.closedDates.setValue([...dates, d].sort());
    this.form.controls.closedDates.markAsDirty();
    this.newClosedDate.reset('');
  }

  protected removeClosedDate(d: string): void {
    this.form.controls.closedDates.setValue(this.form.controls.closedDates.value.filter((x) => x !== d));
    this.form.controls.closedDates.markAsDirty();
  }

  protected dayLabel(d: string): string {
    return formatDateTime(`${d}T12:00:00Z`, 'day', { timeZone: 'UTC' });
  }

  rowError(row: DayRow): string | null {
    const e = row.errors;
    if (!e) return null;
    return (e['closesBeforeOpens'] as string | undefined) ?? (e['times'] as string | undefined) ?? (e['server'] as string | undefined) ?? null;
  }

  /** The body for PUT (timeZone is ignored by the server on PUT but is part of the shape). */
  value(): AvailabilitySettings {
    return {
      timeZone: this.timeZone(),
      weekly: this.rows
        .filter((r) => r.controls.open.value)
        .map((r) => ({ weekday: r.controls.weekday.value, opens: r.controls.opens.value, closes: r.controls.closes.value })),
      closedDates: this.form.controls.closedDates.value,
    };
  }

  save(): void {
    this.error.set(null);
    this.done.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Fix the highlighted days before saving.');
      return;
    }
    const id = this.biz.id();
    if (!id) return;
    this.saving.set(true);
    this.api.saveAvailability(id, this.value()).subscribe({
      next: (a) => {
        this.saving.set(false);
        this.fill(a);
        this.done.set('Opening hours saved.');
      },
      error: (err: unknown) => {
        this.saving.set(false);
        // Server field names look like `weekly.2.closes`: put the message on that weekday's row.
        for (const e of asProblem(err)?.errors ?? []) {
          const m = /^weekly\.(\d+)/.exec(e.field);
          const sent = m ? this.value().weekly[Number(m[1])] : undefined;
          const row = sent ? this.rows[sent.weekday - 1] : undefined;
          if (row) row.setErrors({ ...(row.errors ?? {}), server: e.messages.join(' ') });
        }
        const leftover = applyServerErrors(this.form, err);
        this.error.set(leftover.length ? `${problemDetail(err)} ${leftover.join(' ')}` : problemDetail(err));
      },
    });
  }
}
