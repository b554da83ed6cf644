import { ChangeDetectionStrategy, Component, computed, inject, signal, untracked, viewChild } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { FullCalendarComponent, FullCalendarModule, type CalendarOptions } from '@fullcalendar/angular';
import interactionPlugin from '@fullcalendar/angular/interaction';
import classicTheme from '@fullcalendar/angular/themes/classic';
import timeGridPlugin from '@fullcalendar/angular/timegrid';
import type { BookingView, CalendarView, ResourceView } from '#contracts';
import { problemDetail } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { injectBusinessContext } from '../../core/business-context';
import { calendarWindow, resourceColours, toBackgroundEvents, toBusinessHours } from './calendar-model';
import { FullCalendarSkeletonStyles, FullCalendarThemeStyles } from './fullcalendar-styles';

type ViewName = 'timeGridDay' | 'timeGridWeek';

/**
 * Live bookings: white text on the resource's colour (the palette is chosen for 4.5:1). Past ones
 * (completed, no-show) are a pale tint of it with dark text, rather than a faded event whose text
 * nobody can read.
 */
function eventColours(colour: string, status: BookingView['status']) {
  if (status === 'confirmed') return { color: colour };
  return { backgroundColor: `color-mix(in srgb, ${colour} 18%, white)`, borderColor: colour, textColor: '#1d232b' };
}

/**
 * Day and week time grids of the business's bookings, drawn in the business's zone (FullCalendar v7
 * resolves named zones through Temporal, no plugin needed). Resource columns are a paid plugin, so
 * each resource gets a colour and a filter instead.
 */
@Component({
  selector: 'app-calendar-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FullCalendarModule, FormsModule, FullCalendarSkeletonStyles, FullCalendarThemeStyles],
  templateUrl: './calendar-page.html',
  styleUrls: ['../ui/page.css', './calendar-page.css'],
})
export class CalendarPage {
  private readonly api = inject(BusinessApi);
  private readonly router = inject(Router);
  protected readonly biz = injectBusinessContext();
  private readonly calendar = viewChild(FullCalendarComponent);

  protected readonly view = signal<ViewName>('timeGridWeek');
  protected readonly title = signal('');
  protected readonly resourceId = signal('');
  /** The visible range, as FullCalendar reports it (ISO with the business's offset). */
  private readonly range = signal<{ from: string; to: string } | null>(null, {
    equal: (a, b) => a?.from === b?.from && a?.to === b?.to,
  });

  protected readonly data = rxResource({
    params: () => {
      const id = this.biz.id();
      const range = this.range();
      return id && range ? { id, ...range, resourceId: this.resourceId() || null } : undefined;
    },
    stream: ({ params }) => this.api.calendar(params.id, params.from, params.to, params.resourceId),
  });
  /** Keeps the last answer on screen while the next range loads (no flicker on prev/next). */
  private lastData: CalendarView | undefined;
  protected readonly current = computed(() => {
    const d = this.data.hasValue() ? this.data.value() : undefined;
    if (d) this.lastData = d;
    return d ?? this.lastData;
  });
  protected readonly resources = computed<ResourceView[]>(() => this.current()?.resources ?? []);
  protected readonly colours = computed(() => resourceColours(this.resources()));
  protected readonly problemDetail = problemDetail;

  protected readonly events = computed(() => {
    const d = this.current();
    if (!d) return [];
    const colours = this.colours();
    const bookings = d.bookings
      .filter((b) => b.status !== 'cancelled')
      .map((b: BookingView) => ({
        id: b.id,
        title: `${b.source === 'online' ? '[Online] ' : ''}${b.customer.name} · ${b.service.name} · ${b.resource.name}`,
        start: b.startsAt,
        end: b.endsAt,
        ...eventColours(colours.get(b.resource.id) ?? '#5b6574', b.status),
        className: b.status === 'confirmed' ? '' : `booking-${b.status}`,
        extendedProps: { resource: b.resource.name, status: b.status },
      }));
    return [...bookings, ...toBackgroundEvents(d.availability.closedDates)];
  });

  protected readonly options = computed<CalendarOptions>(() => {
    const availability = this.current()?.availability;
    const window = calendarWindow(availability?.weekly ?? []);
    return {
      plugins: [classicTheme, timeGridPlugin, interactionPlugin],
      initialView: untracked(() => this.view()),
      timeZone: this.biz.timeZone(),
      headerToolbar: false,
      allDaySlot: false,
      nowIndicator: true,
      firstDay: 1,
      height: 'auto',
      slotDuration: '00:30:00',
      slotMinTime: window.min,
      slotMaxTime: window.max,
      eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      slotHeaderFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      businessHours: availability ? toBusinessHours(availability.weekly) : false,
      datesSet: (info) => {
        this.title.set(info.view.title);
        this.range.set({ from: info.startStr, to: info.endStr });
      },
      dateClick: (info) => this.newBookingAt(info.dateStr),
      eventClick: (info) => {
        info.jsEvent.preventDefault();
        if (info.event.display === 'background') return;
        void this.router.navigate(this.biz.link('bookings', info.event.id));
      },
    };
  });

  protected setView(view: ViewName): void {
    this.view.set(view);
    this.calendar()?.getApi().changeView(view);
  }
  protected prev(): void {
    this.calendar()?.getApi().prev();
  }
  protected next(): void {
    this.calendar()?.getApi().next();
  }
  protected today(): void {
    this.calendar()?.getApi().today();
  }

  /** `dateStr` is wall time in the calendar's (the business's) zone: keep its date and HH:MM. */
  private newBookingAt(dateStr: string): void {
    if (this.biz.readOnly()) return;
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(dateStr);
    if (!m) return;
    const queryParams: Record<string, string> = { date: m[1]!, time: m[2]! };
    if (this.resourceId()) queryParams['resourceId'] = this.resourceId();
    void this.router.navigate(this.biz.link('bookings', 'new'), { queryParams });
  }

  protected stepLabel(direction: 'Previous' | 'Next'): string {
    return `${direction} ${this.view() === 'timeGridDay' ? 'day' : 'week'}`;
  }
}
