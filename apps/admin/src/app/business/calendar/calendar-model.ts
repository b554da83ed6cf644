import type { AvailabilitySettings, BookingView, ResourceView, WeeklyHours } from '#contracts';
import { addDays, isoToWallTime } from '../zoned-time';

/**
 * Distinct colours that carry white event text at 4.5:1 or more (WCAG AA); a resource keeps its
 * colour as long as the list order holds.
 */
const PALETTE = ['#2563eb', '#15803d', '#be185d', '#c2410c', '#7c3aed', '#0e7490', '#a16207', '#b91c1c', '#4f46e5', '#047857'];

export function resourceColours(resources: ResourceView[]): Map<string, string> {
  return new Map(resources.map((r, i) => [r.id, PALETTE[i % PALETTE.length]!]));
}

/** Hours to draw: an hour either side of the opening hours, 07:00–21:00 when none are set. */
export function calendarWindow(weekly: WeeklyHours[]): { min: string; max: string } {
  if (weekly.length === 0) return { min: '07:00:00', max: '21:00:00' };
  const hour = (t: string) => Number(t.slice(0, 2)) + (Number(t.slice(3, 5)) > 0 ? 1 : 0);
  const open = Math.min(...weekly.map((w) => Number(w.opens.slice(0, 2))));
  const close = Math.max(...weekly.map((w) => hour(w.closes)));
  const pad = (n: number) => `${String(Math.max(0, Math.min(24, n))).padStart(2, '0')}:00:00`;
  return { min: pad(open - 1), max: pad(close + 1) };
}

/*
 * Resource columns without the paid resource plugin
 * --------------------------------------------------
 * FullCalendar's free timeGrid view draws one column per day. The calendar asks it for a grid of
 * as many "days" as it needs columns (days shown × resources shown) and treats each of those days
 * as one (real date, resource) pair: column i is the placeholder date COLUMN_BASE + i. Bookings
 * are placed in their column at their wall-clock time in the business's zone, and the grid itself
 * runs in UTC, so placeholder days are all exactly 24 hours and no DST rule of the browser or the
 * business bends the grid. A drop or a click is read back the same way: placeholder date → column →
 * (real date, resource), wall time → an instant in the business's zone. Headers, lanes and closed
 * hours are drawn by the calendar page from the same column list, never from FullCalendar's idea
 * of the date.
 */

/** The placeholder date of column 0 (any date works; a Monday far from today keeps "today" styling off). */
export const COLUMN_BASE = '2100-01-04';

export interface CalendarColumn {
  /** Position in the grid, 0-based. */
  index: number;
  /** The real local date (YYYY-MM-DD) in the business's zone. */
  date: string;
  resource: ResourceView;
  /** The placeholder date FullCalendar draws this column on. */
  slot: string;
  /** First column of its date (draws the divider between days). */
  firstOfDay: boolean;
}

/** The columns of a grid: each date, and within it each resource, in order. */
export function buildColumns(dates: string[], resources: ResourceView[]): CalendarColumn[] {
  const columns: CalendarColumn[] = [];
  for (const date of dates) {
    resources.forEach((resource, i) => {
      const index = columns.length;
      columns.push({ index, date, resource, slot: addDays(COLUMN_BASE, index), firstOfDay: i === 0 });
    });
  }
  return columns;
}

/** Whole days from COLUMN_BASE to a placeholder date (YYYY-MM-DD or a Date on the UTC grid). */
export function columnIndexOf(slot: string | Date): number {
  const day = typeof slot === 'string' ? slot.slice(0, 10) : slot.toISOString().slice(0, 10);
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${COLUMN_BASE}T00:00:00Z`)) / 86_400_000);
}

/** A Date on the UTC grid → its column and its wall time (HH:MM). */
export function readGridPoint(date: Date, columns: CalendarColumn[]): { column: CalendarColumn; time: string } | null {
  const column = columns[columnIndexOf(date)];
  return column ? { column, time: date.toISOString().slice(11, 16) } : null;
}

/** Monday = 1 … Sunday = 7 of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday-to-Sunday week holding `date`. */
export function weekOf(date: string): string[] {
  const monday = addDays(date, 1 - isoWeekday(date));
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

type Span = [number, number];

function intersect(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  for (const [s1, e1] of a) for (const [s2, e2] of b) if (Math.max(s1, s2) < Math.min(e1, e2)) out.push([Math.max(s1, s2), Math.min(e1, e2)]);
  return out.sort((x, y) => x[0] - y[0]);
}

/**
 * When a resource can be booked on a date, as minutes since midnight: the business's opening hours
 * that weekday, narrowed to the resource's own working hours when it has any (the same rule the
 * API applies), nothing on a closed date.
 */
export function openSpans(date: string, resource: ResourceView, availability: AvailabilitySettings): Span[] {
  if (availability.closedDates.includes(date)) return [];
  const weekday = isoWeekday(date);
  const day = (hours: WeeklyHours[]): Span[] => hours.filter((h) => h.weekday === weekday).map((h) => [minutes(h.opens), minutes(h.closes) || 1440]);
  const open = day(availability.weekly);
  return resource.workingHours.length ? intersect(open, day(resource.workingHours)) : open;
}

/** The complement of `openSpans` over the whole day: what the grid shades as closed. */
export function closedSpans(date: string, resource: ResourceView, availability: AvailabilitySettings): { start: string; end: string }[] {
  const closed: { start: string; end: string }[] = [];
  let at = 0;
  for (const [s, e] of openSpans(date, resource, availability)) {
    if (s > at) closed.push({ start: hhmm(at), end: hhmm(s) });
    at = Math.max(at, e);
  }
  if (at < 1440) closed.push({ start: hhmm(at), end: '24:00' });
  return closed;
}

/** A placeholder-grid time: `slot` date plus wall time, as FullCalendar reads it in UTC. */
export function gridTime(slot: string, time: string): string {
  return time === '24:00' ? `${addDays(slot, 1)}T00:00:00Z` : `${slot}T${time}:00Z`;
}

/** Where a booking sits on the grid, or null when its (date, resource) column is not shown. */
export function placeBooking(b: BookingView, columns: CalendarColumn[], timeZone: string): { column: CalendarColumn; start: string; end: string } | null {
  const wall = isoToWallTime(b.startsAt, timeZone);
  const column = columns.find((c) => c.date === wall.date && c.resource.id === b.resource.id);
  if (!column) return null;
  const start = gridTime(column.slot, wall.time);
  const length = Date.parse(b.endsAt) - Date.parse(b.startsAt);
  return { column, start, end: new Date(Date.parse(start) + length).toISOString() };
}
