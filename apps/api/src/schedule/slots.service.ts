import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toZonedIso, zonedTimeToUtc, type FreeSlotView, type FreeSlotsView, type WeeklyHours } from '#contracts';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { parseInstant } from './availability-rules.js';
import { instant, loadBusiness, type BusinessZone, type Sql } from '../bookings/booking-queries.js';
import { freeSlots, type FreeSlot, type SlotResource, type SlotService } from './free-slots.js';
import { isCalendarDate } from './local-calendar.js';

/** Slot ranges are bounded: a request can never make the server walk more than this many days. */
export const MAX_SLOT_RANGE_DAYS = 14;
export const DEFAULT_SLOT_RANGE_DAYS = 7;
const DAY_MS = 86_400_000;
/** A booking lasts at most a day and its buffers at most 4 h each: bookings starting this long before a range cannot reach into it. */
const LONGEST_SPAN_MS = DAY_MS + 8 * 3_600_000;
const MAX_BUFFER_MS = 4 * 3_600_000;

/** Resource `r` may perform service `s`: the service names no resources (all may), or names it. */
const ELIGIBLE = `(NOT EXISTS (SELECT 1 FROM service_resources e WHERE e.business_id = s.business_id AND e.service_id = s.id)
      OR EXISTS (SELECT 1 FROM service_resources e WHERE e.business_id = s.business_id AND e.service_id = s.id AND e.resource_id = r.id))`;

/** A JSON array of weekly hours from `table` (alias h), by weekday and opening time. */
const hours = (table: string, where: string) => `coalesce((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'), 'closes', to_char(h.closes, 'HH24:MI')) ORDER BY h.weekday, h.opens)
    FROM ${table} h WHERE ${where}), '[]'::json)`;

export interface SlotRange {
  from: Date;
  to: Date;
}

/** What the computation needs about one service of one business, read in one round trip. */
export interface SlotContext {
  business: BusinessZone;
  serviceId: string;
  serviceName: string;
  serviceActive: boolean;
  service: SlotService;
  weekly: WeeklyHours[];
  closedDates: string[];
  /** The active resources that may perform the service, by name. */
  resources: (SlotResource & { name: string })[];
}

/**
 * Free start times of one service, for the public booking page and for the admin's "next free times"
 * (one computation, free-slots.ts, fed from the database). The public page applies the business's
 * minimum notice and booking horizon; the admin sees everything from now on.
 */
@Injectable()
export class SlotsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The admin's view: free times from now on (no notice, no horizon), at most 14 days per request. */
  async forBusiness(businessId: string, query: { serviceId: string; from?: string; to?: string; resourceId?: string }): Promise<FreeSlotsView> {
    const business = await loadBusiness(this.db, businessId);
    const range = parseSlotRange(query, business.timeZone, this.clock.now());
    const context = await this.loadContext(this.db, business, query.serviceId);
    const slots = await this.compute(this.db, context, range, { earliest: this.clock.now(), latest: range.to }, { resourceId: query.resourceId });
    return toView(context, range, slots);
  }

  /** Loads the service, its eligible active resources with their own hours, and the business's hours in one query. */
  async loadContext(sql: Sql, business: BusinessZone, serviceId: string): Promise<SlotContext> {
    const [row] = await sql.query(
      `SELECT s.id, s.name, s.active, s.duration_minutes, s.buffer_before_minutes, s.buffer_after_minutes,
              ${hours('opening_hours', 'h.business_id = s.business_id')} AS weekly,
              coalesce((SELECT json_agg(to_char(c.date, 'YYYY-MM-DD') ORDER BY c.date) FROM closed_dates c WHERE c.business_id = s.business_id), '[]'::json) AS closed_dates,
              coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name, 'workingHours', ${hours('resource_working_hours', 'h.business_id = r.business_id AND h.resource_id = r.id')})
                                 ORDER BY lower(r.name), r.id)
                          FROM resources r
                         WHERE r.business_id = s.business_id AND r.active AND ${ELIGIBLE}), '[]'::json) AS resources
         FROM services s WHERE s.business_id = $1 AND s.id = $2`,
      [business.id, serviceId],
    );
    if (!row) throw notFound('Service');
    const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
    return {
      business,
      serviceId: row.id,
      serviceName: row.name,
      serviceActive: Boolean(row.active),
      service: {
        durationMinutes: Number(row.duration_minutes),
        bufferBeforeMinutes: Number(row.buffer_before_minutes),
        bufferAfterMinutes: Number(row.buffer_after_minutes),
      },
      weekly: json<WeeklyHours[]>(row.weekly).map((w) => ({ weekday: Number(w.weekday), opens: w.opens, closes: w.closes })),
      closedDates: json<string[]>(row.closed_dates),
      resources: json<{ id: string; name: string; workingHours: WeeklyHours[] }[]>(row.resources).map((r) => ({
        id: r.id,
        name: r.name,
        workingHours: r.workingHours.map((w) => ({ weekday: Number(w.weekday), opens: w.opens, closes: w.closes })),
      })),
    };
  }

  /**
   * One resource as the free times see it for a service: whether it may perform the service (the
   * same predicate loadContext filters by) and its own weekly hours. Active or not: the admin may
   * keep a booking on a resource that was retired after it was made.
   */
  async resourceRules(sql: Sql, businessId: string, serviceId: string, resourceId: string): Promise<{ eligible: boolean; workingHours: WeeklyHours[] }> {
    const [row] = await sql.query(
      `SELECT ${ELIGIBLE} AS eligible, ${hours('resource_working_hours', 'h.business_id = r.business_id AND h.resource_id = r.id')} AS working_hours
         FROM services s JOIN resources r ON r.business_id = s.business_id AND r.id = $3
        WHERE s.business_id = $1 AND s.id = $2`,
      [businessId, serviceId, resourceId],
    );
    if (!row) throw notFound('Resource');
    const list = (typeof row.working_hours === 'string' ? JSON.parse(row.working_hours) : row.working_hours) as WeeklyHours[];
    return { eligible: Boolean(row.eligible), workingHours: list.map((w) => ({ weekday: Number(w.weekday), opens: w.opens, closes: w.closes })) };
  }

  /**
   * Free times in `range` within [earliest, latest). With `ignoreBookings` it answers "is this a
   * bookable time at all", which tells a taken slot (409) from one that never existed (422).
   */
  async compute(
    sql: Sql,
    context: SlotContext,
    range: SlotRange,
    window: { earliest: Date; latest: Date },
    opts: { resourceId?: string; limit?: number; ignoreBookings?: boolean; excludeBookingId?: string } = {},
  ): Promise<FreeSlot[]> {
    if (!context.serviceActive) return [];
    const resources = opts.resourceId ? context.resources.filter((r) => r.id === opts.resourceId) : context.resources;
    if (resources.length === 0) return [];
    const busy = opts.ignoreBookings ? [] : await this.busySpans(sql, context.business.id, resources.map((r) => r.id), range, opts.excludeBookingId ?? null);
    return freeSlots({
      rules: { timeZone: context.business.timeZone, weekly: context.weekly, closedDates: context.closedDates },
      service: context.service,
      resources,
      busy,
      from: range.from,
      to: range.to,
      earliest: window.earliest,
      latest: window.latest,
      limit: opts.limit,
    });
  }

  /**
   * Spans held by live bookings that could touch a slot starting in the range. The starts_at bounds
   * keep it an index range scan on (business_id, starts_at) however long the business's history is.
   */
  private async busySpans(sql: Sql, businessId: string, resourceIds: string[], range: SlotRange, excludeBookingId: string | null) {
    const rows: { resource_id: string; occupied_from: Date | string; occupied_until: Date | string }[] = await sql.query(
      `SELECT resource_id, occupied_from, occupied_until FROM bookings
        WHERE business_id = $1 AND starts_at >= $2 AND starts_at < $3 AND status <> 'cancelled' AND resource_id = ANY($4::uuid[])
          AND occupied_until > $5 AND occupied_from < $6 AND ($7::uuid IS NULL OR id <> $7::uuid)`,
      [
        businessId,
        new Date(range.from.getTime() - LONGEST_SPAN_MS),
        new Date(range.to.getTime() + LONGEST_SPAN_MS),
        resourceIds,
        new Date(range.from.getTime() - MAX_BUFFER_MS),
        new Date(range.to.getTime() + LONGEST_SPAN_MS),
        excludeBookingId,
      ],
    );
    return rows.map((r) => ({ resourceId: r.resource_id, from: instant(r.occupied_from), until: instant(r.occupied_until) }));
  }
}

/**
 * `from`/`to` as a local date (YYYY-MM-DD, midnight in the business's zone) or an instant with an
 * offset. Default: from now, 7 days. `to` must be after `from` and at most 14 days later.
 */
export function parseSlotRange(query: { from?: string; to?: string }, timeZone: string, now: Date): SlotRange {
  const at = (value: string, field: 'from' | 'to'): Date => {
    if (isCalendarDate(value)) return zonedTimeToUtc(value, '00:00', timeZone);
    const parsed = parseInstant(value);
    if (!parsed) throw new DomainError(400, 'invalid_time_range', `${field} must be a date (YYYY-MM-DD) or a date and time with an offset`);
    return parsed;
  };
  const from = query.from ? at(query.from, 'from') : now;
  const to = query.to ? at(query.to, 'to') : new Date(from.getTime() + DEFAULT_SLOT_RANGE_DAYS * DAY_MS);
  if (to.getTime() <= from.getTime()) throw new DomainError(400, 'invalid_time_range', 'to must be after from');
  if (to.getTime() - from.getTime() > MAX_SLOT_RANGE_DAYS * DAY_MS + 2 * 3_600_000) {
    throw new DomainError(400, 'invalid_time_range', `Free times are listed at most ${MAX_SLOT_RANGE_DAYS} days at a time`);
  }
  return { from, to };
}

export function toSlotView(slot: FreeSlot, timeZone: string): FreeSlotView {
  return { startsAt: toZonedIso(slot.startsAt, timeZone), endsAt: toZonedIso(slot.endsAt, timeZone), resourceIds: slot.resourceIds };
}

export function toView(context: SlotContext, range: SlotRange, slots: FreeSlot[]): FreeSlotsView {
  const tz = context.business.timeZone;
  return { timeZone: tz, serviceId: context.serviceId, from: toZonedIso(range.from, tz), to: toZonedIso(range.to, tz), slots: slots.map((s) => toSlotView(s, tz)) };
}
