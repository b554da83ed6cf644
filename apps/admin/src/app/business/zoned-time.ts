import { Temporal } from 'temporal-polyfill';
import { addDays as addCalendarDays, isTimeZone, toZonedIso, zonedParts, zonedTimeToUtc } from '#contracts';

/**
 * Time in the business's zone, not the browser's. A booking is made by someone who may sit in
 * another country (an operator, a travelling owner), so every wall time in the admin is read and
 * written in the business's IANA zone and sent to the API as ISO 8601 with that zone's offset.
 */

/** Local calendar date (YYYY-MM-DD) and wall time (HH:MM) in a named zone. */
export interface WallTime {
  date: string;
  time: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * "Wall time `time` on `date` in `timeZone`" → ISO 8601 with that instant's offset, e.g.
 * `wallTimeToIso('2025-07-01', '09:00', 'Europe/London')` → `2025-07-01T09:00:00+01:00`.
 *
 * DST edges follow what a wall clock does ("compatible" disambiguation, as RFC 5545 and Temporal):
 * a time skipped by a spring-forward gap moves forward by the gap (01:30 → 02:30 BST), and a time
 * that happens twice in an autumn overlap means the first (earlier) occurrence.
 * Returns null for malformed input or an unknown zone, never a guess.
 */
export function wallTimeToIso(date: string, time: string, timeZone: string): string | null {
  if (!DATE.test(date) || !TIME.test(time) || !isTimeZone(timeZone) || addCalendarDays(date, 0) !== date) return null; // 2025-02-30 is no date
  // The same conversion the API uses to check opening hours (libs/contracts time.ts).
  return toZonedIso(zonedTimeToUtc(date, time, timeZone), timeZone);
}

/** True when `time` on `date` exists exactly once in `timeZone` (not in a DST gap or overlap). */
export function isUnambiguousWallTime(date: string, time: string, timeZone: string): boolean {
  if (!DATE.test(date) || !TIME.test(time)) return false;
  try {
    Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime(timeZone, { disambiguation: 'reject' });
    return true;
  } catch {
    return false;
  }
}

/** An instant (ISO with offset or Z) → its local date and wall time in `timeZone`. */
export function isoToWallTime(iso: string, timeZone: string): WallTime {
  const { date, time } = zonedParts(new Date(iso), timeZone);
  return { date, time };
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayInZone(timeZone: string): string {
  return zonedParts(new Date(), timeZone).date;
}

/** Add whole days to a YYYY-MM-DD date. */
export const addDays = addCalendarDays;

/** Start of local day `date` in `timeZone` as ISO with offset (for ?from=&to= range filters). */
export function startOfDayIso(date: string, timeZone: string): string {
  return toZonedIso(zonedTimeToUtc(date, '00:00', timeZone), timeZone);
}
