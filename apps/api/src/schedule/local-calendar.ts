import { addDays, zonedParts, zonedTimeToUtc } from '#contracts';

/** The instants that bound local calendar days and weeks in a business's zone, DST included. */
export interface InstantRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** 1 = Monday … 7 = Sunday for a 'YYYY-MM-DD' calendar date (no time zone involved). */
export function weekdayOfDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2026-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/**
 * Local midnight to the next local midnight. A day is not always 24 hours (23 or 25 around DST), so
 * both ends are computed from the wall clock, never by adding 24 h.
 */
export function localDayRange(date: string, timeZone: string): InstantRange {
  return { from: zonedTimeToUtc(date, '00:00', timeZone), to: zonedTimeToUtc(addDays(date, 1), '00:00', timeZone) };
}

/** The ISO week (Monday 00:00 to the next Monday 00:00, local) that contains `date`. */
export function localWeekRange(date: string, timeZone: string): InstantRange & { monday: string } {
  const monday = addDays(date, 1 - weekdayOfDate(date));
  return { monday, from: zonedTimeToUtc(monday, '00:00', timeZone), to: zonedTimeToUtc(addDays(monday, 7), '00:00', timeZone) };
}

/** The business's local date at `instant`. */
export function localDate(instant: Date, timeZone: string): string {
  return zonedParts(instant, timeZone).date;
}
