import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { BOOKING_STATUSES, type BookingStatus, type BookingView } from '#contracts';
import { debounceTime, map } from 'rxjs';
import { injectBusinessContext } from '../../core/business-context';
import { EmptyState } from '../../ui/empty-state';
import { ErrorAlert } from '../../ui/error-alert';
import { FilterBar } from '../../ui/filter-bar';
import { formatTimeRange } from '../../ui/format';
import { keysetList } from '../../ui/keyset-list';
import { Loading } from '../../ui/loading';
import { Pager } from '../../ui/pager';
import { BOOKING_STATUS_LABELS, StatusBadge } from '../../ui/status-badge';
import { UiTable } from '../../ui/table';
import { BusinessApi, type BookingFilter } from '../business-api';
import { addDays, startOfDayIso, todayInZone } from '../zoned-time';

type FilterValues = ReturnType<BookingsPage['filters']['getRawValue']>;

@Component({
  selector: 'app-bookings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, EmptyState, ErrorAlert, FilterBar, Loading, Pager, StatusBadge, UiTable],
  templateUrl: './bookings-page.html',
})
export class BookingsPage {
  private readonly api = inject(BusinessApi);
  protected readonly biz = injectBusinessContext();

  protected readonly filters = new FormGroup({
    from: new FormControl(todayInZone(this.biz.timeZone()), { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
    status: new FormControl<BookingStatus | ''>('', { nonNullable: true }),
    resourceId: new FormControl('', { nonNullable: true }),
    q: new FormControl('', { nonNullable: true }),
  });
  protected readonly statuses = BOOKING_STATUSES.map((value) => ({ value, label: BOOKING_STATUS_LABELS[value] }));
  protected readonly resources = rxResource({
    params: () => this.biz.id() ?? undefined,
    stream: ({ params }) => this.api.resources(params),
  });

  /** The filters as typed, settled for 300 ms so a search is not sent per keystroke. */
  private readonly values = toSignal(
    this.filters.valueChanges.pipe(
      debounceTime(300),
      map(() => this.filters.getRawValue()),
    ),
    {
      initialValue: this.filters.getRawValue(),
    },
  );
  protected readonly filterError = computed(() => {
    const f = this.values();
    return f.from && f.to && f.to < f.from ? '"To" must not be before "From".' : null;
  });

  protected readonly list = keysetList<{ businessId: string; filter: BookingFilter }, BookingView>({
    params: () => {
      const businessId = this.biz.id();
      const filter = this.query(this.values());
      return businessId && filter ? { businessId, filter } : undefined;
    },
    load: ({ businessId, filter }, page) => this.api.bookings(businessId, { ...filter, ...page }),
  });

  private query(f: FilterValues): BookingFilter | null {
    const tz = this.biz.timeZone();
    if (f.from && f.to && f.to < f.from) return null;
    return {
      from: f.from ? startOfDayIso(f.from, tz) : undefined,
      // "to" is inclusive for people: up to the start of the next local day.
      to: f.to ? startOfDayIso(addDays(f.to, 1), tz) : undefined,
      status: f.status,
      resourceId: f.resourceId || undefined,
      q: f.q.trim() || undefined,
    };
  }

  protected clearFilters(): void {
    this.filters.reset({ from: '', to: '', status: '', resourceId: '', q: '' });
  }

  protected hasFilters(): boolean {
    const f = this.filters.getRawValue();
    return !!(f.from || f.to || f.status || f.resourceId || f.q);
  }

  protected when(b: BookingView): string {
    return formatTimeRange(b.startsAt, b.endsAt, this.biz.timeZone());
  }
}
