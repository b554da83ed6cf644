import { addDays, zonedParts, zonedTimeToUtc } from '#contracts';
import { minutesOf, type AvailabilityRules, type OpeningInterval } from './availability-rules.js';
import { weekdayOfDate } from './local-calendar.js';

/**
 * Free start times as plain values, so the rule can be unit-tested without a request or a database.
 *
 * A start time `s` is free on resource R when
 * - the booking [s, s + duration) lies inside one opening interval of the business on the local date
 *   it starts (never on a closed date) and inside one of R's own working intervals that day (a
 *   resource without its own hours works whenever the business is open), and
 * - the span it would occupy, [s − buffer before, s + duration + buffer after), overlaps no span
 *   occupied by a live booking of R — the same rule the database's exclusion constraint enforces, so
 *   what is offered is what the insert will accept;
 * - earliest ≤ s < latest (minimum notice and booking horizon) and from ≤ s < to (the asked range).
 *
 * Candidates are stepped in real minutes from the opening instant of each interval, so around a
 * daylight-saving change a day simply has more or fewer of them, labelled with the wall clock of
 * their own instant; a time that does not exist (the spring-forward gap) is never produced.
 */
export interface SlotService {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}
export interface SlotResource {
  id: string;
  /** The resource's own weekly hours; empty = the business's opening hours. */
  workingHours: OpeningInterval[];
}
/** A span a live booking keeps its resource busy (buffers included). */
export interface BusySpan {
  resourceId: string;
  from: Date;
  until: Date;
}
export interface SlotQuery {
  rules: AvailabilityRules;
  service: SlotService;
  /** Resources that may perform the service, in the order their ids should be listed. */
  resources: SlotResource[];
  busy: BusySpan[];
  from: Date;
  to: Date;
  /** now + minimum notice. */
  earliest: Date;
  /** now + booking horizon. */
  latest: Date;
  stepMinutes?: number;
  /** Stop after this many start times. */
  limit?: number;
}
export interface FreeSlot {
  startsAt: Date;
  endsAt: Date;
  /** The resources free at that time, in the order of `resources`. */
  resourceIds: string[];
}

export const SLOT_STEP_MINUTES = 15;
const MINUTE = 60_000;

interface Span {
  from: number;
  until: number;
}

function intervalSpans(date: string, intervals: OpeningInterval[], timeZone: string): Span[] {
  const weekday = weekdayOfDate(date);
  return intervals
    .filter((i) => i.weekday === weekday)
    .sort((a, b) => minutesOf(a.opens) - minutesOf(b.opens))
    .map((i) => ({
      from: zonedTimeToUtc(date, i.opens, timeZone).getTime(),
      until: (i.closes === '24:00' ? zonedTimeToUtc(addDays(date, 1), '00:00', timeZone) : zonedTimeToUtc(date, i.closes, timeZone)).getTime(),
    }))
    .filter((s) => s.until > s.from);
}

/**
 * Where a resource can work inside one opening interval: the interval itself for a resource without
 * hours of its own, else its own intervals of that date clipped to it.
 */
function windowsIn(open: Span, own: Span[] | null): Span[] {
  if (!own) return [open];
  return own.map((w) => ({ from: Math.max(w.from, open.from), until: Math.min(w.until, open.until) })).filter((w) => w.until > w.from);
}

/**
 * The rule the free times are built from, for one booking someone chose by hand (the admin's form):
 * [startsAt, endsAt) must lie inside one of the resource's working windows on the local date it
 * starts (opening hours ∩ its own hours, never on a closed date). Booked times and the grid of
 * offered start times play no part here; the exclusion constraint judges overlaps.
 */
export function withinWorkingHours(startsAt: Date, endsAt: Date, rules: AvailabilityRules, resource: SlotResource): boolean {
  const tz = rules.timeZone;
  const date = zonedParts(startsAt, tz).date;
  if (rules.closedDates.includes(date)) return false;
  const own = resource.workingHours.length ? intervalSpans(date, resource.workingHours, tz) : null;
  const start = startsAt.getTime();
  const end = endsAt.getTime();
  return intervalSpans(date, rules.weekly, tz).some((open) => windowsIn(open, own).some((w) => start >= w.from && end <= w.until));
}

/** First index in `spans` (sorted by `until`) whose until is after `t`. */
function firstEndingAfter(spans: Span[], t: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.until <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function freeSlots(q: SlotQuery): FreeSlot[] {
  const tz = q.rules.timeZone;
  const step = (q.stepMinutes ?? SLOT_STEP_MINUTES) * MINUTE;
  const duration = q.service.durationMinutes * MINUTE;
  const before = q.service.bufferBeforeMinutes * MINUTE;
  const after = q.service.bufferAfterMinutes * MINUTE;
  const lo = Math.max(q.from.getTime(), q.earliest.getTime());
  const hi = Math.min(q.to.getTime(), q.latest.getTime());
  if (hi <= lo || q.resources.length === 0) return [];

  const closed = new Set(q.rules.closedDates);
  // Busy spans per resource, sorted by start. Spans may overlap each other, so next to them we keep
  // the running maximum of their ends, which never decreases and can be binary-searched: every span
  // before the first running maximum that ends after a candidate's start cannot touch it.
  const busyByResource = new Map<string, { spans: Span[]; maxUntil: Span[] }>();
  for (const r of q.resources) busyByResource.set(r.id, { spans: [], maxUntil: [] });
  for (const b of q.busy) busyByResource.get(b.resourceId)?.spans.push({ from: b.from.getTime(), until: b.until.getTime() });
  for (const entry of busyByResource.values()) {
    entry.spans.sort((a, b) => a.from - b.from);
    let running = -Infinity;
    entry.maxUntil = entry.spans.map((s) => ({ from: s.from, until: (running = Math.max(running, s.until)) }));
  }
  const isFree = (resourceId: string, occupiedFrom: number, occupiedUntil: number): boolean => {
    const entry = busyByResource.get(resourceId)!;
    // Every span before index k ends at or before occupiedFrom, so cannot overlap.
    for (let k = firstEndingAfter(entry.maxUntil, occupiedFrom); k < entry.spans.length; k++) {
      const s = entry.spans[k]!;
      if (s.from >= occupiedUntil) break;
      if (s.until > occupiedFrom) return false;
    }
    return true;
  };

  const byStart = new Map<number, string[]>();
  // A slot starting in [lo, hi) starts on a local date between those of lo and hi.
  const firstDate = zonedParts(new Date(lo), tz).date;
  const lastDate = zonedParts(new Date(hi), tz).date;
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    if (closed.has(date)) continue;
    const opening = intervalSpans(date, q.rules.weekly, tz);
    if (opening.length === 0) continue;
    for (const resource of q.resources) {
      const own = resource.workingHours.length ? intervalSpans(date, resource.workingHours, tz) : null;
      for (const open of opening) {
        for (const w of windowsIn(open, own)) {
          // Candidates on the grid of the opening interval, from the first one inside the window.
          let start = open.from + Math.ceil((Math.max(w.from, lo) - open.from) / step) * step;
          for (; start + duration <= w.until && start < hi; start += step) {
            if (start < lo) continue;
            if (!isFree(resource.id, start - before, start + duration + after)) continue;
            const list = byStart.get(start);
            if (list) list.push(resource.id);
            else byStart.set(start, [resource.id]);
          }
        }
      }
    }
  }

  const order = new Map(q.resources.map((r, i) => [r.id, i]));
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  const limited = q.limit !== undefined ? starts.slice(0, q.limit) : starts;
  return limited.map((s) => ({
    startsAt: new Date(s),
    endsAt: new Date(s + duration),
    resourceIds: [...new Set(byStart.get(s)!)].sort((a, b) => order.get(a)! - order.get(b)!),
  }));
}
