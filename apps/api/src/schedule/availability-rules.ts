import { addDays, zonedParts, zonedTimeToUtc } from '#contracts';
import { dayName, minutesOf, type OpeningInterval } from '../common/weekly-hours.js';

export { dayName, minutesOf, type OpeningInterval };

/**
 * Opening-hours rules as plain values, so they can be checked (and unit-tested) without a request
 * or a database. Times are local wall-clock 'HH:MM' in the business's zone; `closes` may be '24:00'
 * (open until midnight).
 */
export interface AvailabilityRules {
  timeZone: string;
  weekly: OpeningInterval[];
  closedDates: string[];
}

export type AvailabilityVerdict = { ok: true } | { ok: false; detail: string };

function closingInstant(date: string, closes: string, timeZone: string): Date {
  return closes === '24:00' ? zonedTimeToUtc(addDays(date, 1), '00:00', timeZone) : zonedTimeToUtc(date, closes, timeZone);
}

/**
 * A booking must lie entirely inside one opening interval of the local weekday it starts on, and not
 * on a closed date. Interval ends are turned into instants on that local date (not compared as
 * minutes), so a booking across a DST change is judged by the real clock.
 */
export function checkOpeningHours(startsAt: Date, endsAt: Date, rules: AvailabilityRules): AvailabilityVerdict {
  const tz = rules.timeZone;
  const start = zonedParts(startsAt, tz);
  const end = zonedParts(endsAt, tz);
  const when = `${start.time}–${end.time} on ${dayName(start.weekday)} ${start.date} (${tz})`;
  if (rules.closedDates.includes(start.date)) {
    return { ok: false, detail: `The business is closed on ${start.date} (a closed date); choose another day` };
  }
  const intervals = rules.weekly.filter((w) => w.weekday === start.weekday).sort((a, b) => minutesOf(a.opens) - minutesOf(b.opens));
  if (intervals.length === 0) {
    return { ok: false, detail: `The business is closed on ${dayName(start.weekday)}s; ${when} cannot be booked` };
  }
  for (const i of intervals) {
    if (startsAt >= zonedTimeToUtc(start.date, i.opens, tz) && endsAt <= closingInstant(start.date, i.closes, tz)) return { ok: true };
  }
  const hours = intervals.map((i) => `${i.opens}–${i.closes}`).join(', ');
  const first = intervals[0]!;
  const last = intervals[intervals.length - 1]!;
  let why = 'does not fit inside one opening interval';
  if (startsAt < zonedTimeToUtc(start.date, first.opens, tz)) why = `starts before opening at ${first.opens}`;
  else if (endsAt > closingInstant(start.date, last.closes, tz)) why = `ends after closing at ${last.closes}`;
  return { ok: false, detail: `${when} is outside opening hours: it ${why} (open ${hours})` };
}

// The one instant format (ISO 8601 with Z or ±HH:MM; a bare local time is ambiguous and refused)
// lives in libs/contracts/src/instant.ts.
export { INSTANT_PATTERN, parseInstant } from '#contracts';
