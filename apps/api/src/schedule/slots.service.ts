import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { toZonedIso, zonedTimeToUtc, type FreeSlotView, type FreeSlotsView } from '#contracts';
import type { BusinessScope } from '../access/business-scope.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import type { SqlRunner } from '../common/sql.js';
import { parseInstant } from './availability-rules.js';
import { AvailabilityRepository, type SlotRules, type ZonedBusiness } from './availability.repository.js';
import { freeSlots, type FreeSlot, type SlotResource, type SlotService } from './free-slots.js';
import { isCalendarDate } from './local-calendar.js';

/** Slot ranges are bounded: a request can never make the server walk more than this many days. */
export const MAX_SLOT_RANGE_DAYS = 14;
export const DEFAULT_SLOT_RANGE_DAYS = 7;
const DAY_MS = 86_400_000;
/** A booking lasts at most a day and its buffers at most 4 h each: bookings starting this long before a range cannot reach into it. */
const LONGEST_SPAN_MS = DAY_MS + 8 * 3_600_000;
const MAX_BUFFER_MS = 4 * 3_600_000;

export interface SlotRange {
  from: Date;
  to: Date;
}

/** What the computation needs about one service of one business, read in one round trip. */
export interface SlotContext extends SlotRules {
  business: ZonedBusiness;
  service: SlotService;
  resources: (SlotResource & { name: string })[];
}

/**
 * The caller's transaction, or none (a DataSource: the repository's own pool). Callers still hand
 * over whatever runs their SQL; only a transaction's EntityManager is passed on.
 */
function transactionOf(sql: SqlRunner): EntityManager | undefined {
  if (sql instanceof EntityManager) return sql;
  if (sql instanceof DataSource) return undefined;
  throw new Error('SlotsService: expected a DataSource or an EntityManager');
}

/**
 * Free start times of one service, for the public booking page and for the admin's "next free times"
 * (one computation, free-slots.ts, fed from the database). The public page applies the business's
 * minimum notice and booking horizon; the admin sees everything from now on.
 */
@Injectable()
export class SlotsService {
  constructor(
    private readonly availability: AvailabilityRepository,
    private readonly clock: Clock,
  ) {}

  /** The admin's view: free times from now on (no notice, no horizon), at most 14 days per request. */
  async forBusiness(scope: BusinessScope, query: { serviceId: string; from?: string; to?: string; resourceId?: string }): Promise<FreeSlotsView> {
    const range = parseSlotRange(query, scope.timeZone, this.clock.now());
    const context = await this.loadContext(undefined, scope, query.serviceId);
    const slots = await this.compute(undefined, context, range, { earliest: this.clock.now(), latest: range.to }, { resourceId: query.resourceId });
    return toView(context, range, slots);
  }

  /** Loads the service, its eligible active resources with their own hours, and the business's hours in one query. */
  async loadContext(sql: SqlRunner | undefined, business: ZonedBusiness, serviceId: string): Promise<SlotContext> {
    const rules = await this.availability.slotRules(business.id, serviceId, sql && transactionOf(sql));
    return { business, ...rules };
  }

  /**
   * One resource as the free times see it for a service: whether it may perform the service (the
   * same predicate loadContext filters by) and its own weekly hours. Active or not: the admin may
   * keep a booking on a resource that was retired after it was made.
   */
  resourceRules(sql: SqlRunner | undefined, businessId: string, serviceId: string, resourceId: string) {
    return this.availability.resourceRules(businessId, serviceId, resourceId, sql && transactionOf(sql));
  }

  /**
   * Free times in `range` within [earliest, latest). With `ignoreBookings` it answers "is this a
   * bookable time at all", which tells a taken slot (409) from one that never existed (422).
   */
  async compute(
    sql: SqlRunner | undefined,
    context: SlotContext,
    range: SlotRange,
    window: { earliest: Date; latest: Date },
    opts: { resourceId?: string; limit?: number; ignoreBookings?: boolean; excludeBookingId?: string } = {},
  ): Promise<FreeSlot[]> {
    if (!context.serviceActive) return [];
    const resources = opts.resourceId ? context.resources.filter((r) => r.id === opts.resourceId) : context.resources;
    if (resources.length === 0) return [];
    const busy = opts.ignoreBookings
      ? []
      : await this.availability.busySpans(
          {
            businessId: context.business.id,
            resourceIds: resources.map((r) => r.id),
            startsFrom: new Date(range.from.getTime() - LONGEST_SPAN_MS),
            startsBefore: new Date(range.to.getTime() + LONGEST_SPAN_MS),
            busyFrom: new Date(range.from.getTime() - MAX_BUFFER_MS),
            busyUntil: new Date(range.to.getTime() + LONGEST_SPAN_MS),
            excludeBookingId: opts.excludeBookingId,
          },
          sql && transactionOf(sql),
        );
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
  return {
    timeZone: tz,
    serviceId: context.serviceId,
    from: toZonedIso(range.from, tz),
    to: toZonedIso(range.to, tz),
    slots: slots.map((s) => toSlotView(s, tz)),
  };
}
