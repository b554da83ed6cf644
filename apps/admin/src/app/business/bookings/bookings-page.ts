import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { BOOKING_STATUSES, type BookingStatus, type BookingView } from '#contracts';
import { debounceTime } from 'rxjs';
import { problemDetail } from '../../ui/problem';
import { BusinessApi, type BookingFilter } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { STATUS_LABELS, StatusBadge } from '../ui/status-badge';
import { addDays, startOfDayIso, todayInZone } from '../zoned-time';
import { formatDateTime } from '../../ui/format';

const PAGE_SIZE = 25;

@Component({
  selector: 'app-bookings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, StatusBadge],
  templateUrl: './bookings-page.html',
  styleUrl: '../ui/page.css',
})
export class BookingsPage implements OnInit {
  private readonly api = inject(BusinessApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly biz = injectBusinessContext();

  protected readonly filters = new FormGroup({
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
    status: new FormControl<BookingStatus | ''>('', { nonNullable: true }),
    resourceId: new FormControl('', { nonNullable: true }),
    q: new FormControl('', { nonNullable: true }),
  });
  protected readonly statuses = BOOKING_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] }));
  protected readonly resources = rxResource({
    params: () => this.biz.id() ?? undefined,
    stream: ({ params }) => this.api.resources(params),
  });

  protected readonly items = signal<BookingView[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly loadingMore = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly filterError = signal<string | null>(null);
  private generation = 0;

  ngOnInit(): void {
    this.filters.controls.from.setValue(todayInZone(this.biz.timeZone()), { emitEvent: false });
    this.filters.valueChanges.pipe(debounceTime(300), takeUntilDestroyed(this.destroyRef)).subscribe(() => this.load());
    this.load();
  }

  private query(): BookingFilter | null {
    const f = this.filters.getRawValue();
    const tz = this.biz.timeZone();
    if (f.from && f.to && f.to < f.from) {
      this.filterError.set('"To" must not be before "From".');
      return null;
    }
    this.filterError.set(null);
    return {
      from: f.from ? startOfDayIso(f.from, tz) : undefined,
      // "to" is inclusive for people: up to the start of the next local day.
      to: f.to ? startOfDayIso(addDays(f.to, 1), tz) : undefined,
      status: f.status,
      resourceId: f.resourceId || undefined,
      q: f.q.trim() || undefined,
      limit: PAGE_SIZE,
    };
  }

  protected load(): void {
    const id = this.biz.id();
    const q = this.query();
    if (!id || !q) return;
    const gen = ++this.generation;
    this.loading.set(true);
    this.error.set(null);
    this.api.bookings(id, q).subscribe({
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
    const q = this.query();
    const cursor = this.nextCursor();
    if (!id || !q || !cursor) return;
    const gen = this.generation;
    this.loadingMore.set(true);
    this.api.bookings(id, { ...q, cursor }).subscribe({
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

  protected clearFilters(): void {
    this.filters.reset({ from: '', to: '', status: '', resourceId: '', q: '' });
  }

  protected hasFilters(): boolean {
    const f = this.filters.getRawValue();
    return !!(f.from || f.to || f.status || f.resourceId || f.q);
  }

  protected when(b: BookingView): string {
    const tz = this.biz.timeZone();
    return `${formatDateTime(b.startsAt, 'day', { timeZone: tz })} ${formatDateTime(b.startsAt, 'time', { timeZone: tz })}–${formatDateTime(b.endsAt, 'time', { timeZone: tz })}`;
  }
}
