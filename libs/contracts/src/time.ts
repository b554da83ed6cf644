/**
 * Wall-clock time in a named IANA time zone, without a date library: both the API (availability,
 * "today") and the admin (booking form) need the same answers, DST included.
 */

import { CANONICAL_TIME_ZONES, TIME_ZONE_ALIASES } from './time-zone-names.js';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface ZonedParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

const CANONICAL = new Set(CANONICAL_TIME_ZONES);

/**
 * Why `value` may not be stored as a business's time zone, or null when it may: it must be one of
 * the canonical IANA names (never an alias, a numeric offset or `Etc/GMT±N`) and this runtime's
 * Intl must know it. Nothing is repaired: `US/Pacific` is refused with the name to send instead,
 * because a silently rewritten zone is a setting the owner did not choose. The API also checks the
 * database's own zone list, which only it can see.
 */
export function timeZoneProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'timeZone must be an IANA time-zone name such as Europe/London';
  if (value.length > 64) return 'timeZone is too long';
  if (/^(?:UTC|GMT)?\s*[+-]\d/i.test(value) || /^Etc\/GMT[+-]/i.test(value)) {
    return `timeZone "${value}" is a numeric offset; use the place's IANA zone such as Europe/Berlin (offsets do not follow daylight saving and read with opposite signs in different programs)`;
  }
  if (!CANONICAL.has(value)) {
    const canonical = TIME_ZONE_ALIASES[value];
    if (canonical) return `timeZone "${value}" is an old alias; use ${canonical}`;
    return `timeZone "${value}" is not a canonical IANA time-zone name (such as Europe/London)`;
  }
  if (!isTimeZone(value)) return `timeZone "${value}" is not known to this runtime`;
  return null;
}

/** The local date, time and weekday of `instant` in `timeZone`. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const hour = parts.hour === '24' ? '00' : parts.hour!;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${hour}:${parts.minute}`,
    weekday: WEEKDAYS[parts.weekday!]!,
    minutes: Number(hour) * 60 + Number(parts.minute),
  };
}

function offsetMs(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instantMs))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`. In a spring-forward gap
 * the time does not exist and the result lands just after the gap; in a fall-back overlap the
 * earlier of the two instants is chosen.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const halfDay = 12 * 3_600_000;
  // The zone's offsets on either side of any transition near this wall time.
  const before = wall - offsetMs(wall - halfDay, timeZone);
  const after = wall - offsetMs(wall + halfDay, timeZone);
  const matches = [before, after].filter((t) => {
    const p = zonedParts(new Date(t), timeZone);
    return p.date === date && p.time === time.slice(0, 5);
  });
  return new Date(matches.length ? Math.min(...matches) : before);
}

const HOUR_MS = 3_600_000;
/** Per zone: the offset (ms) in force through each whole UTC hour, or null when the hour holds a transition. */
const hourOffsets = new Map<string, Map<number, number | null>>();

/** The zone's exact offset (ms) at a whole second, from the same formatter the slow path reads. */
function exactOffsetMs(ms: number, timeZone: string): number {
  let year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0;
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - ms;
}

/**
 * The offset in force through the whole UTC hour holding `ms`: the same at its first and last
 * second and a whole number of minutes (no zone changes offset twice within an hour), else null.
 */
function hourOffset(ms: number, timeZone: string): number | null {
  const start = Math.floor(ms / HOUR_MS) * HOUR_MS;
  let zone = hourOffsets.get(timeZone);
  if (!zone) hourOffsets.set(timeZone, (zone = new Map()));
  const known = zone.get(start);
  if (known !== undefined) return known;
  const first = exactOffsetMs(start, timeZone);
  const offset = first % 60_000 === 0 && exactOffsetMs(start + HOUR_MS - 1000, timeZone) === first ? first : null;
  if (zone.size >= 50_000) zone.clear();
  zone.set(start, offset);
  return offset;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-11-25T09:30:00+00:00. */
export function toZonedIso(instant: Date, timeZone: string): string {
  // Lists format every row's times: the zone's offset is read once per UTC hour and kept, and the
  // wall time is plain arithmetic on it. An hour with a transition, or a year outside 1000–9999,
  // takes the formatter as before.
  const ms = instant.getTime();
  const offset = Number.isFinite(ms) ? hourOffset(ms, timeZone) : null;
  if (offset !== null) {
    const wall = new Date(ms + offset);
    const y = wall.getUTCFullYear();
    if (y >= 1000 && y <= 9999) {
      const off = offset / 60_000;
      const abs = Math.abs(off);
      return `${y}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}T${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}:${pad2(new Date(ms).getUTCSeconds())}${off < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
    }
  }
  return formattedZonedIso(instant, timeZone);
}

function formattedZonedIso(instant: Date, timeZone: string): string {
  // One formatToParts for both the wall time and the offset (the same parts zonedParts and
  // offsetMs read): lists format every row's times, and this call is most of the cost.
  let year = '',
    month = '',
    day = '',
    hour = '',
    minute = '',
    second = '';
  for (const part of formatter(timeZone).formatToParts(instant)) {
    switch (part.type) {
      case 'year':
        year = part.value;
        break;
      case 'month':
        month = part.value;
        break;
      case 'day':
        day = part.value;
        break;
      case 'hour':
        hour = part.value;
        break;
      case 'minute':
        minute = part.value;
        break;
      case 'second':
        second = part.value;
        break;
    }
  }
  const ms = instant.getTime();
  const asUtc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour) % 24, Number(minute), Number(second));
  const off = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const seconds = String(new Date(ms).getUTCSeconds()).padStart(2, '0');
  const hh = hour === '24' ? '00' : hour;
  return `${year}-${month}-${day}T${hh}:${minute}:${seconds}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** YYYY-MM-DD plus `days` (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
