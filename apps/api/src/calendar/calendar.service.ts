import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toZonedIso, type BusinessDashboardView, type CalendarView } from '#contracts';
import type { BusinessScope } from '../access/business-scope.js';
import { Clock } from '../common/clock.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { DomainError } from '../common/domain-error.js';
import { parseInstant } from '../schedule/availability-rules.js';
import { AvailabilityRepository } from '../schedule/availability.repository.js';
import { BOOKING_SELECT, toBookingView, type BookingRow } from '../bookings/booking-queries.js';
import type { CalendarQuery } from './dto.js';
import { localDate, localDayRange, localWeekRange } from '../schedule/local-calendar.js';

const MAX_CALENDAR_DAYS = 62;
/** At ~0.6 KB a booking, 1,000 keep a calendar answer near half a megabyte. */
export const MAX_CALENDAR_BOOKINGS = 1000;
/** The dashboard lists at most a page of today's bookings (counts.today has the total; the bookings list pages through all). */
export const DASHBOARD_TODAY_LIMIT = 50;
/** A booking spans at most 24 hours (the longest service; constraint bookings_span_at_most_a_day). */
const MAX_BOOKING_SPAN_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Read-only views of a business's schedule. "Today" and "this week" are the business's own local
 * date and ISO week (Monday–Sunday) in its time zone, taken from the Clock, not the server's zone.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly catalog: CatalogService,
    private readonly availability: AvailabilityRepository,
  ) {}

  /**
   * Counts today and this week are of bookings that still happen (not cancelled); upcoming is the
   * confirmed bookings starting from now on. The list is all of today's bookings, cancelled ones
   * included, so the front desk sees what was called off; the first DASHBOARD_TODAY_LIMIT of them.
   */
  async dashboard(scope: BusinessScope): Promise<BusinessDashboardView> {
    const businessId = scope.id;
    const tz = scope.timeZone;
    const now = this.clock.now();
    const date = localDate(now, tz);
    const day = localDayRange(date, tz);
    const week = localWeekRange(date, tz);
    const [counts] = await this.db.query(
      `SELECT count(*) FILTER (WHERE starts_at >= $2 AND starts_at < $3 AND status <> 'cancelled')::int AS today,
              count(*) FILTER (WHERE starts_at >= $4 AND starts_at < $5 AND status <> 'cancelled')::int AS week,
              count(*) FILTER (WHERE starts_at >= $6 AND status = 'confirmed')::int AS upcoming
         FROM bookings WHERE business_id = $1 AND starts_at >= LEAST($2::timestamptz, $4::timestamptz, $6::timestamptz)`,
      [businessId, day.from, day.to, week.from, week.to, now],
    );
    const today: BookingRow[] = await this.db.query(
      `${BOOKING_SELECT} WHERE b.business_id = $1 AND b.starts_at >= $2 AND b.starts_at < $3 ORDER BY b.starts_at, b.id LIMIT $4`,
      [businessId, day.from, day.to, DASHBOARD_TODAY_LIMIT],
    );
    return {
      business: { id: scope.id, slug: scope.slug, name: scope.name, timeZone: tz },
      date,
      counts: { today: Number(counts.today), week: Number(counts.week), upcoming: Number(counts.upcoming) },
      today: today.map((r) => toBookingView(r, tz)),
    };
  }

  /**
   * Live (not cancelled) bookings overlapping [from, to), at most 62 days and at most
   * MAX_CALENDAR_BOOKINGS of them (more is a 400 `calendar_too_busy`, never a huge answer); by default
   * the current local week. With the resources and opening hours the calendar draws around them.
   */
  async calendar(scope: BusinessScope, query: CalendarQuery): Promise<CalendarView> {
    const businessId = scope.id;
    const tz = scope.timeZone;
    const week = localWeekRange(localDate(this.clock.now(), tz), tz);
    const from = query.from !== undefined ? rangeEnd(query.from, 'from') : week.from;
    const to = query.to !== undefined ? rangeEnd(query.to, 'to') : query.from !== undefined ? new Date(from.getTime() + 7 * DAY_MS) : week.to;
    if (to.getTime() <= from.getTime()) throw new DomainError(400, 'invalid_time_range', 'to must be after from');
    if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * DAY_MS) {
      throw new DomainError(400, 'invalid_time_range', `The calendar shows at most ${MAX_CALENDAR_DAYS} days at a time`);
    }
    // Overlapping [from, to) is `starts_at < to AND ends_at > from`; since no booking is longer than
    // MAX_BOOKING_SPAN, `starts_at > from − span` is implied and bounds the index range scan.
    const params: unknown[] = [businessId, from, to, new Date(from.getTime() - MAX_BOOKING_SPAN_MS), MAX_CALENDAR_BOOKINGS + 1];
    let byResource = '';
    if (query.resourceId) {
      params.push(query.resourceId);
      byResource = 'AND b.resource_id = $6';
    }
    const live = `b.business_id = $1 AND b.status <> 'cancelled' AND b.starts_at < $3 AND b.starts_at > $4 ${byResource}`;
    // Too busy is decided before any join: the candidates are counted from the index alone, and
    // only when they exceed the cap are the ones that really overlap counted.
    // (`$2 IS NOT NULL` only binds the parameter the precise count uses.)
    const [candidates] = await this.db.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM bookings b WHERE ${live} AND $2::timestamptz IS NOT NULL LIMIT $5) x`, params);
    const [overlapping] =
      candidates.n > MAX_CALENDAR_BOOKINGS ? await this.db.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM bookings b WHERE ${live} AND b.ends_at > $2 LIMIT $5) x`, params) : [candidates];
    if (overlapping.n > MAX_CALENDAR_BOOKINGS) {
      throw new DomainError(
        400,
        'calendar_too_busy',
        `This range holds more than ${MAX_CALENDAR_BOOKINGS} bookings: choose one resource or a shorter range (the bookings list pages through any number)`,
      );
    }
    const rows: BookingRow[] = await this.db.query(`${BOOKING_SELECT} WHERE ${live} AND b.ends_at > $2 ORDER BY b.starts_at, b.id LIMIT $5`, params);
    const resources = await this.catalog.resources(scope);
    return {
      timeZone: tz,
      from: toZonedIso(from, tz),
      to: toZonedIso(to, tz),
      resources,
      availability: await this.availability.settings(scope),
      bookings: rows.map((r) => toBookingView(r, tz)),
    };
  }
}

function rangeEnd(value: string, field: 'from' | 'to'): Date {
  const parsed = parseInstant(value);
  if (!parsed) throw new DomainError(400, 'invalid_time_range', `${field} is not a real date and time (ISO 8601 with an offset or Z)`);
  return parsed;
}
