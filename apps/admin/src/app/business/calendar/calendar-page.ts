import { LiveAnnouncer } from '@angular/cdk/a11y';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { FullCalendarModule, type CalendarOptions } from '@fullcalendar/angular';
import interactionPlugin from '@fullcalendar/angular/interaction';
import classicTheme from '@fullcalendar/angular/themes/classic';
import timeGridPlugin from '@fullcalendar/angular/timegrid';
import type { BookingView, CalendarView, ResourceView } from '#contracts';
import { injectBusinessContext } from '../../core/business-context';
import { formatDateTime } from '../../ui/format';
import { ErrorAlert } from '../../ui/error-alert';
import { problemCode, problemDetail, takenSlot } from '../../ui/problem';
import { BusinessApi } from '../business-api';
import { addDays, isoToWallTime, startOfDayIso, todayInZone, wallTimeToIso } from '../zoned-time';
import {
  buildColumns,
  calendarWindow,
  closedSpans,
  gridTime,
  placeBooking,
  readGridPoint,
  resourceColours,
  weekOf,
  type CalendarColumn,
} from './calendar-model';
import { FullCalendarSkeletonStyles, FullCalendarThemeStyles } from './fullcalendar-styles';

type ViewName = 'day' | 'week';

/** The keyboard cursor's step: one grid row. */
const SLOT_MINUTES = 30;
/** Narrower than this, the calendar shows one resource at a time (a phone). */
const NARROW = '(max-width: 700px)';

/**
 * Live bookings: white text on the resource's colour (the palette is chosen for 4.5:1). Past ones
 * (completed, no-show) are a pale tint of it with dark text, rather than a faded event whose text
 * nobody can read.
 */
function eventColours(colour: string, status: BookingView['status']) {
  if (status === 'confirmed') return { color: colour, contrastColor: '#ffffff' };
  return { color: `color-mix(in srgb, ${colour} 22%, white)`, contrastColor: '#1d232b' };
}

const plainDate = (date: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

interface Cursor {
  column: number;
  /** Minutes since midnight of the slot's start. */
  minutes: number;
}

/** A move the API refused, shown where the booking was dropped. */
interface Refusal {
  message: string;
  left: number;
  top: number;
}

/**
 * Day and week time grids of the business's bookings with a column per resource (see
 * calendar-model.ts for how the free timeGrid view carries them), in the business's zone.
 * Confirmed bookings can be dragged to another time or resource column; the move is a PATCH with
 * the API's own checks, and a refusal is shown where the booking was dropped while it snaps back.
 * Empty slots are reachable by keyboard through one roving "slot cursor" (Tab to it, arrows move
 * it, Enter books there). On a phone it is one resource at a time, with a switcher.
 */
@Component({
  selector: 'app-calendar-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FullCalendarModule, FormsModule, RouterLink, ErrorAlert, FullCalendarSkeletonStyles, FullCalendarThemeStyles],
  templateUrl: './calendar-page.html',
  styleUrl: './calendar-page.css',
})
export class CalendarPage {
  private readonly api = inject(BusinessApi);
  private readonly router = inject(Router);
  private readonly announcer = inject(LiveAnnouncer);
  protected readonly biz = injectBusinessContext();
  private readonly card = viewChild.required<ElementRef<HTMLElement>>('card');
  private readonly cursorButton = viewChild<ElementRef<HTMLButtonElement>>('cursorButton');

  /** A phone-sized viewport: one resource at a time, day view by default. */
  protected readonly narrow = signal(matchMedia(NARROW).matches);
  protected readonly view = signal<ViewName>(this.narrow() ? 'day' : 'week');
  /** The date the view is about (its day, or a day of its week), in the business's zone. */
  protected readonly anchor = signal(todayInZone(this.biz.timeZone()));
  /** '' = every resource side by side (not offered on a phone). */
  protected readonly resourceId = signal('');

  protected readonly dates = computed(() => (this.view() === 'day' ? [this.anchor()] : weekOf(this.anchor())));
  private readonly range = computed(() => {
    const dates = this.dates();
    const tz = this.biz.timeZone();
    return { from: startOfDayIso(dates[0]!, tz), to: startOfDayIso(addDays(dates[dates.length - 1]!, 1), tz) };
  });

  protected readonly data = rxResource({
    params: () => {
      const id = this.biz.id();
      return id ? { id, ...this.range() } : undefined;
    },
    stream: ({ params }) => this.api.calendar(params.id, params.from, params.to),
  });
  /** Keeps the last answer on screen while the next range loads (no flicker on prev/next). */
  private lastData: CalendarView | undefined;
  protected readonly current = computed(() => {
    const d = this.data.hasValue() ? this.data.value() : undefined;
    if (d) this.lastData = d;
    return d ?? this.lastData;
  });
  /** Bookings moved here since the last answer (replaced in place until the reload lands). */
  private readonly moved = signal<Map<string, BookingView>>(new Map());
  private readonly bookings = computed(() => {
    const moved = this.moved();
    return (this.current()?.bookings ?? []).map((b) => moved.get(b.id) ?? b).filter((b) => b.status !== 'cancelled');
  });

  /** Active resources, plus an inactive one only while it still holds bookings in view. */
  protected readonly resources = computed<ResourceView[]>(() => {
    const booked = new Set(this.bookings().map((b) => b.resource.id));
    return (this.current()?.resources ?? []).filter((r) => r.active || booked.has(r.id));
  });
  protected readonly colours = computed(() => resourceColours(this.current()?.resources ?? []));
  /** The resources drawn as columns: the chosen one, or all of them (one on a phone). */
  protected readonly shown = computed<ResourceView[]>(() => {
    const all = this.resources();
    const chosen = all.find((r) => r.id === this.resourceId());
    if (chosen) return [chosen];
    return this.narrow() ? all.slice(0, 1) : all;
  });
  protected readonly columns = computed(() => buildColumns(this.dates(), this.shown()));
  /**
   * FullCalendar is rebuilt whenever the columns change (another range or resource): its headers
   * and lanes are labelled once, when they are drawn, from this column list.
   */
  protected readonly layoutKey = computed(() =>
    this.columns()
      .map((c) => `${c.date}/${c.resource.id}`)
      .join(','),
  );
  protected readonly problemDetail = problemDetail;

  protected readonly title = computed(() => {
    const dates = this.dates();
    if (this.view() === 'day') return plainDate(dates[0]!, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    const first = dates[0]!;
    const last = dates[6]!;
    const sameYear = first.slice(0, 4) === last.slice(0, 4);
    return `${plainDate(first, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) })} – ${plainDate(last, { day: 'numeric', month: 'short', year: 'numeric' })}`;
  });

  private readonly window = computed(() => calendarWindow(this.current()?.availability.weekly ?? []));

  protected readonly events = computed(() => {
    const d = this.current();
    if (!d) return [];
    const tz = this.biz.timeZone();
    const columns = this.columns();
    const colours = this.colours();
    const editable = !this.biz.readOnly();
    const events: Record<string, unknown>[] = [];
    for (const b of this.bookings()) {
      const place = placeBooking(b, columns, tz);
      if (!place) continue;
      events.push({
        id: b.id,
        title: `${b.source === 'online' ? '[Online] ' : ''}${b.customer.name} · ${b.service.name}`,
        start: place.start,
        end: place.end,
        ...eventColours(colours.get(b.resource.id) ?? '#5b6574', b.status),
        className: b.status === 'confirmed' ? '' : `booking-${b.status}`,
        // Only a booking that still happens can be moved; a completed one stays where it was.
        editable: editable && b.status === 'confirmed',
        extendedProps: { where: `${b.resource.name}, ${plainDate(place.column.date, { weekday: 'short', day: 'numeric', month: 'short' })}` },
      });
    }
    for (const column of columns) {
      for (const span of closedSpans(column.date, column.resource, d.availability)) {
        events.push({ start: gridTime(column.slot, span.start), end: gridTime(column.slot, span.end), display: 'background', className: 'closed-time' });
      }
    }
    const now = isoToWallTime(new Date().toISOString(), tz);
    for (const column of columns.filter((c) => c.date === now.date)) {
      const start = gridTime(column.slot, now.time);
      events.push({ start, end: new Date(Date.parse(start) + 2 * 60_000).toISOString(), display: 'background', className: 'now-line' });
    }
    return events;
  });

  protected readonly options = computed<CalendarOptions>(() => {
    const window = this.window();
    const columns = this.columns();
    const editable = !this.biz.readOnly();
    return {
      plugins: [classicTheme, timeGridPlugin, interactionPlugin],
      initialView: 'resourceColumns',
      initialDate: columns[0]?.slot,
      views: { resourceColumns: { type: 'timeGrid', duration: { days: Math.max(1, columns.length) } } },
      timeZone: 'UTC',
      headerToolbar: false,
      allDaySlot: false,
      height: 'auto',
      slotDuration: '00:30:00',
      snapDuration: '00:15:00',
      slotMinTime: window.min,
      slotMaxTime: window.max,
      eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      slotHeaderFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      // Side by side rather than stacked: within a column only one resource, so two bookings that
      // overlap there are rare (the API refuses them); if they happen they split the width evenly.
      slotEventOverlap: false,
      editable,
      eventDurationEditable: false, // a booking lasts as long as its service; the API sets the end
      eventLongPressDelay: 350, // touch: a short press-and-hold picks a booking up
      eventDrop: (info) => this.move(info.event.id, info.event.start, info.revert, info.jsEvent),
      dateClick: (info) => {
        const point = readGridPoint(info.date, this.columns());
        if (point) this.newBookingAt(point.column, point.time);
      },
      eventClick: (info) => {
        info.jsEvent.preventDefault();
        if (info.event.display === 'background') return;
        void this.router.navigate(this.biz.link('bookings', info.event.id));
      },
      eventClass: (arg) => (arg.isMirror ? 'drag-mirror' : ''),
      eventDidMount: (arg) => {
        if (arg.event.display !== 'background') arg.el.title = `${arg.timeText} ${arg.event.title}, ${String(arg.event.extendedProps['where'] ?? '')}`;
      },
      dayHeaderClass: (arg) => this.columnClass(arg.date),
      dayLaneClass: (arg) => this.columnClass(arg.date),
      dayHeaderDidMount: (arg) => {
        const column = this.columnAt(arg.date);
        if (!column) return;
        arg.el.setAttribute('aria-label', this.columnLabel(column));
        if (column.date === todayInZone(this.biz.timeZone())) arg.el.setAttribute('aria-current', 'date');
        else arg.el.removeAttribute('aria-current');
      },
      dayLaneDidMount: (arg) => {
        const column = this.columnAt(arg.date);
        if (!column) return;
        arg.el.dataset['day'] = column.date;
        arg.el.dataset['resourceId'] = column.resource.id;
      },
      viewDidMount: (arg) => arg.el.querySelector('[role="grid"]')?.setAttribute('aria-label', `Bookings, ${this.title()}`),
    };
  });

  constructor() {
    const media = matchMedia(NARROW);
    const onChange = (e: MediaQueryListEvent) => this.narrow.set(e.matches);
    media.addEventListener('change', onChange);
    const onResize = () => this.placeCursor();
    addEventListener('resize', onResize);
    // A rebuilt grid (another range, resource or screen size) moves the cells under the cursor.
    effect(() => {
      this.layoutKey();
      untracked(() => {
        const c = this.cursor();
        if (c && c.column >= this.columns().length) this.cursor.set({ ...c, column: Math.max(0, this.columns().length - 1) });
        requestAnimationFrame(() => this.placeCursor(false));
      });
    });
    inject(DestroyRef).onDestroy(() => {
      media.removeEventListener('change', onChange);
      removeEventListener('resize', onResize);
    });
  }

  private columnAt(date: Date): CalendarColumn | undefined {
    const point = readGridPoint(date, this.columns());
    return point?.column;
  }

  private columnClass(date: Date): string {
    const column = this.columnAt(date);
    if (!column) return '';
    return [column.firstOfDay && column.index > 0 ? 'day-start' : '', column.date === todayInZone(this.biz.timeZone()) ? 'is-today' : ''].join(' ');
  }

  /** "Chair 2, Tuesday 3 December" — what a screen reader hears for a column. */
  protected columnLabel(column: CalendarColumn): string {
    return `${column.resource.name}, ${plainDate(column.date, { weekday: 'long', day: 'numeric', month: 'long' })}`;
  }
  /** "Mon 30": the weekday, then the day of the month, whatever order the locale prefers for a full date. */
  protected dayLabel(date: string): string {
    return `${plainDate(date, { weekday: 'short' })} ${plainDate(date, { day: 'numeric' })}`;
  }
  /** The header of a placeholder column: the date over the resource (week), the resource (day). */
  protected header(date: Date): { day: string | null; resource: string | null } {
    const column = this.columnAt(date);
    if (!column) return { day: null, resource: null };
    const many = this.shown().length > 1;
    return {
      day: this.view() === 'week' && column.firstOfDay ? this.dayLabel(column.date) : null,
      resource: many || this.view() === 'day' ? column.resource.name : null,
    };
  }

  protected setView(view: ViewName): void {
    this.view.set(view);
    this.dismissRefusal();
  }
  protected prev(): void {
    this.anchor.update((d) => addDays(d, this.view() === 'day' ? -1 : -7));
    this.dismissRefusal();
  }
  protected next(): void {
    this.anchor.update((d) => addDays(d, this.view() === 'day' ? 1 : 7));
    this.dismissRefusal();
  }
  protected today(): void {
    this.anchor.set(todayInZone(this.biz.timeZone()));
    this.dismissRefusal();
  }
  /** Jump to a date typed or picked in the toolbar (an empty or partial value changes nothing). */
  protected goTo(date: string): void {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    this.anchor.set(date);
    this.dismissRefusal();
  }
  protected stepLabel(direction: 'Previous' | 'Next'): string {
    return `${direction} ${this.view() === 'day' ? 'day' : 'week'}`;
  }

  /** The new-booking form, prefilled with the slot's date, time and resource. */
  private newBookingAt(column: CalendarColumn, time: string): void {
    if (this.biz.readOnly()) return;
    void this.router.navigate(this.biz.link('bookings', 'new'), { queryParams: { date: column.date, time, resourceId: column.resource.id } });
  }

  // --- Drag to move ---------------------------------------------------------------------------

  protected readonly refusal = signal<Refusal | null>(null);
  protected readonly moving = signal(false);

  protected dismissRefusal(): void {
    this.refusal.set(null);
  }

  /** A booking dropped at `start` (a grid instant): PATCH its start and, across columns, its resource. */
  private move(id: string, start: Date | null, revert: () => void, jsEvent: MouseEvent): void {
    const booking = this.bookings().find((b) => b.id === id);
    const point = start ? readGridPoint(start, this.columns()) : null;
    const businessId = this.biz.id();
    if (!booking || !point || !businessId) return revert();
    const tz = this.biz.timeZone();
    const startsAt = wallTimeToIso(point.column.date, point.time, tz);
    if (!startsAt) return revert();
    const body: { startsAt?: string; resourceId?: string } = {};
    if (Date.parse(startsAt) !== Date.parse(booking.startsAt)) body.startsAt = startsAt;
    if (point.column.resource.id !== booking.resource.id) body.resourceId = point.column.resource.id;
    if (!body.startsAt && !body.resourceId) return;
    const box = this.card().nativeElement.getBoundingClientRect();
    const at = { left: Math.max(8, jsEvent.clientX - box.left - 24), top: Math.max(8, jsEvent.clientY - box.top + 12) }; // clamped to the card in CSS
    this.refusal.set(null);
    this.moving.set(true);
    this.api.updateBooking(businessId, id, body).subscribe({
      next: (saved) => {
        this.moving.set(false);
        this.moved.update((m) => new Map(m).set(saved.id, saved));
        void this.announcer.announce(
          `Moved ${saved.customer.name} to ${formatDateTime(saved.startsAt, 'weekday', { timeZone: tz })}, ${formatDateTime(saved.startsAt, 'time', { timeZone: tz })}, ${saved.resource.name}.`,
          'polite',
        );
        this.data.reload();
      },
      error: (err: unknown) => {
        this.moving.set(false);
        revert();
        this.refusal.set({ message: this.refusalText(err), ...at });
      },
    });
  }

  private refusalText(err: unknown): string {
    const tz = this.biz.timeZone();
    const code = problemCode(err);
    if (code === 'slot_taken') {
      const slot = takenSlot(err);
      if (!slot) return problemDetail(err, 'That time is already booked for this resource.');
      return `Not moved: ${slot.resourceName ?? 'this resource'} is already booked ${formatDateTime(slot.startsAt, 'weekday', { timeZone: tz })}, ${formatDateTime(slot.startsAt, 'time', { timeZone: tz })}–${formatDateTime(slot.endsAt, 'time', { timeZone: tz })}.`;
    }
    if (code === 'outside_availability') return `Not moved: that time is outside opening hours. ${problemDetail(err, '')}`.trim();
    return `Not moved: ${problemDetail(err)}`;
  }

  // --- Keyboard slot cursor -------------------------------------------------------------------

  protected readonly cursor = signal<Cursor | null>(null);
  protected readonly cursorBox = signal<{ left: number; top: number; width: number; height: number } | null>(null);

  /** The booking (if any) in the cursor's column that overlaps the cursor's slot. */
  private bookingAtCursor(c: Cursor): BookingView | undefined {
    const column = this.columns()[c.column];
    if (!column) return undefined;
    const tz = this.biz.timeZone();
    return this.bookings().find((b) => {
      if (b.resource.id !== column.resource.id) return false;
      const start = isoToWallTime(b.startsAt, tz);
      if (start.date !== column.date) return false;
      const from = minutesOf(start.time);
      const to = from + (Date.parse(b.endsAt) - Date.parse(b.startsAt)) / 60_000;
      return from < c.minutes + SLOT_MINUTES && to > c.minutes;
    });
  }

  protected readonly cursorLabel = computed(() => {
    const c = this.cursor();
    const column = c ? this.columns()[c.column] : undefined;
    if (!c || !column) return 'Calendar slots: use the arrow keys to choose a time and resource, Enter to book it';
    const where = `${this.columnLabel(column)}, ${hhmm(c.minutes)}`;
    const taken = this.bookingAtCursor(c);
    return taken ? `${where}: booked, ${taken.customer.name} · ${taken.service.name}. Enter opens it.` : `${where}: free. Enter books it.`;
  });

  protected readonly cursorTime = computed(() => {
    const c = this.cursor();
    return c ? hhmm(c.minutes) : '';
  });

  private windowMinutes(): { min: number; max: number } {
    const w = this.window();
    return { min: minutesOf(w.min), max: minutesOf(w.max) || 1440 };
  }

  /** Where the cursor starts: today's column (else the first) at the next half hour, else at opening. */
  private initialCursor(): Cursor {
    const columns = this.columns();
    const tz = this.biz.timeZone();
    const now = isoToWallTime(new Date().toISOString(), tz);
    const today = columns.findIndex((c) => c.date === now.date);
    const { min, max } = this.windowMinutes();
    const open = Math.min(max - SLOT_MINUTES, min + 60);
    const next = Math.ceil(minutesOf(now.time) / SLOT_MINUTES) * SLOT_MINUTES;
    const minutes = today >= 0 && next >= min && next < max ? next : open;
    return { column: Math.max(0, today), minutes };
  }

  protected cursorFocus(): void {
    const c = this.cursor();
    if (!c || c.column >= this.columns().length) this.cursor.set(this.initialCursor());
    this.placeCursor();
  }

  protected cursorKey(event: KeyboardEvent): void {
    const c = this.cursor() ?? this.initialCursor();
    const { min, max } = this.windowMinutes();
    const last = this.columns().length - 1;
    let next: Cursor;
    switch (event.key) {
      case 'ArrowUp':
        next = { ...c, minutes: Math.max(min, c.minutes - SLOT_MINUTES) };
        break;
      case 'ArrowDown':
        next = { ...c, minutes: Math.min(max - SLOT_MINUTES, c.minutes + SLOT_MINUTES) };
        break;
      case 'ArrowLeft':
        next = { ...c, column: Math.max(0, c.column - 1) };
        break;
      case 'ArrowRight':
        next = { ...c, column: Math.min(last, c.column + 1) };
        break;
      case 'Home':
        next = { ...c, minutes: min };
        break;
      case 'End':
        next = { ...c, minutes: max - SLOT_MINUTES };
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.activateCursor(c);
        return;
      default:
        return;
    }
    event.preventDefault();
    this.cursor.set(next);
    this.placeCursor();
    void this.announcer.announce(this.cursorLabel(), 'polite');
  }

  private activateCursor(c: Cursor): void {
    const column = this.columns()[c.column];
    if (!column) return;
    const taken = this.bookingAtCursor(c);
    if (taken) void this.router.navigate(this.biz.link('bookings', taken.id));
    else this.newBookingAt(column, hhmm(c.minutes));
  }

  /** Lays the cursor over its grid cell: the column's lane × the slot's row, measured in the DOM. */
  private placeCursor(scroll = true): void {
    const c = this.cursor();
    const column = c ? this.columns()[c.column] : undefined;
    const card = this.card().nativeElement;
    if (!c || !column) return this.cursorBox.set(null);
    const lane = card.querySelector<HTMLElement>(`full-calendar [role="gridcell"][data-date="${column.slot}"]`);
    const rows = card.querySelectorAll<HTMLElement>(`full-calendar [data-time="${hhmm(c.minutes)}:00"]`);
    const row = rows[rows.length - 1];
    if (!lane || !row) return this.cursorBox.set(null);
    const base = card.getBoundingClientRect();
    const l = lane.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    // Absolute positions start inside the card's border.
    this.cursorBox.set({ left: l.left - base.left - card.clientLeft, top: r.top - base.top - card.clientTop, width: l.width, height: r.height });
    if (scroll) requestAnimationFrame(() => this.cursorButton()?.nativeElement.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
  }
}
