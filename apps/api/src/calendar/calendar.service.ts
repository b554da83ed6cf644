import { Injectable } from '@nestjs/common';
import { toZonedIso, type BusinessDashboardView, type CalendarView } from '#contracts';
import type { BusinessScope } from '../access/business-scope.js';
import { Clock } from '../common/clock.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { DomainError } from '../common/domain-error.js';
import { parseInstant } from '../schedule/availability-rules.js';
import { AvailabilityRepository } from '../schedule/availability.repository.js';
import { toBookingView } from '../bookings/booking-view.js';
import { BookingsRepository } from '../bookings/bookings.repository.js';
import type { CalendarQuery } from './dto.js';
import { localDate, localDayRange, localWeekRange } from '../schedule/local-calendar.js';

const MAX_CALENDAR_DAYS = 62;
/** At ~0.6 KB a booking, 1,000 keep a calendar answer near half a megabyte. */
export const MAX_CALENDAR_BOOKINGS = 1000;
/** The dashboard lists at most a page of today's bookings (counts.today has the total; the bookings list pages through all). */
export const DASHBOARD_TODAY_LIMIT = 50;
const DAY_MS = 86_400_000;

/**
 * Read-only views of a business's schedule. "Today" and "this week" are the business's own local
 * date and ISO week (Monday–Sunday) in its time zone, taken from the Clock, not the server's zone.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly bookings: BookingsRepository,
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
    const counts = await this.bookings.countsAround(businessId, { day, week, now });
    const today = await this.bookings.listStartingIn(businessId, day, DASHBOARD_TODAY_LIMIT);
    return {
      business: { id: scope.id, slug: scope.slug, name: scope.name, timeZone: tz },
      date,
      counts,
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
    // Counted before any join, from the index alone where it can be (BookingsRepository.countLiveOverlapping).
    const range = { from, to };
    const overlapping = await this.bookings.countLiveOverlapping(businessId, range, query.resourceId, MAX_CALENDAR_BOOKINGS);
    if (overlapping > MAX_CALENDAR_BOOKINGS) {
      throw new DomainError(
        400,
        'calendar_too_busy',
        `This range holds more than ${MAX_CALENDAR_BOOKINGS} bookings: choose one resource or a shorter range (the bookings list pages through any number)`,
      );
    }
    const rows = await this.bookings.listLiveOverlapping(businessId, range, query.resourceId, MAX_CALENDAR_BOOKINGS + 1);
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
