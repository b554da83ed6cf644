import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AvailabilitySettings, WeeklyHours } from '#contracts';
import { Booking } from '../bookings/booking.entity.js';
import { notFound } from '../common/domain-error.js';
import { instant } from '../common/instant.js';
import { ClosedDate, OpeningHours } from './opening-hours.entity.js';

/** What the availability reads need of a business: its id and the zone its hours are in (a BusinessScope has both). */
export interface ZonedBusiness {
  id: string;
  timeZone: string;
}

/** The rules of one service of one business that the free times are computed from. */
export interface SlotRules {
  serviceId: string;
  serviceName: string;
  serviceActive: boolean;
  service: { durationMinutes: number; bufferBeforeMinutes: number; bufferAfterMinutes: number };
  weekly: WeeklyHours[];
  closedDates: string[];
  /** The active resources that may perform the service, by name, with their own weekly hours. */
  resources: { id: string; name: string; workingHours: WeeklyHours[] }[];
}

/** A span a live booking keeps its resource busy (buffers included). */
export interface BusyRow {
  resourceId: string;
  from: Date;
  until: Date;
}

/** Resource `r` may perform service `s`: the service names no resources (all may), or names it. */
const ELIGIBLE = `(NOT EXISTS (SELECT 1 FROM service_resources e WHERE e.business_id = s.business_id AND e.service_id = s.id)
      OR EXISTS (SELECT 1 FROM service_resources e WHERE e.business_id = s.business_id AND e.service_id = s.id AND e.resource_id = r.id))`;

/** A JSON array of weekly hours from `table` (alias h), by weekday and opening time. */
const hours = (
  table: string,
  where: string,
) => `coalesce((SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'), 'closes', to_char(h.closes, 'HH24:MI')) ORDER BY h.weekday, h.opens)
    FROM ${table} h WHERE ${where}), '[]'::json)`;

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const weeklyOf = (list: WeeklyHours[]): WeeklyHours[] => list.map((w) => ({ weekday: Number(w.weekday), opens: w.opens, closes: w.closes }));

/**
 * The one owner of opening_hours and closed_dates (docs/ARCHITECTURE.md §8): every read and write of
 * a business's weekly hours and closed dates goes through here. Also the schedule's reads for the
 * free times: the service's rules in one round trip (joining the catalog's tables) and the spans
 * live bookings keep their resources busy (the bookings table, read through its entity).
 * Each method takes the caller's transaction (EntityManager) when there is one.
 */
@Injectable()
export class AvailabilityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.db.manager;
  }

  /** The weekly hours ('HH:MM', by weekday and time) and closed dates ('YYYY-MM-DD', in order) of a business. */
  async settings(business: ZonedBusiness, em?: EntityManager): Promise<AvailabilitySettings> {
    const m = this.manager(em);
    const weekly = await m
      .getRepository(OpeningHours)
      .createQueryBuilder('h')
      .select('h.weekday', 'weekday')
      .addSelect(`to_char(h.opens, 'HH24:MI')`, 'opens')
      .addSelect(`to_char(h.closes, 'HH24:MI')`, 'closes')
      .where('h.businessId = :businessId', { businessId: business.id })
      .orderBy('h.weekday')
      .addOrderBy('h.opens')
      .addOrderBy('h.closes')
      .getRawMany<WeeklyHours>();
    const closed = await m
      .getRepository(ClosedDate)
      .createQueryBuilder('c')
      .select(`to_char(c.date, 'YYYY-MM-DD')`, 'date')
      .where('c.businessId = :businessId', { businessId: business.id })
      .orderBy('c.date')
      .getRawMany<{ date: string }>();
    return { timeZone: business.timeZone, weekly: weeklyOf(weekly), closedDates: closed.map((c) => c.date) };
  }

  /** Adds opening intervals (a new business's defaults, or a replacement's new list). */
  async addWeekly(em: EntityManager, businessId: string, weekly: WeeklyHours[]): Promise<void> {
    if (weekly.length === 0) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(OpeningHours)
      .values(weekly.map((w) => ({ businessId, weekday: w.weekday, opens: w.opens, closes: w.closes })))
      .execute();
  }

  /** Replaces every opening interval and closed date of a business, inside the caller's transaction. */
  async replace(em: EntityManager, businessId: string, weekly: WeeklyHours[], closedDates: string[]): Promise<void> {
    await em.createQueryBuilder().delete().from(OpeningHours).where('business_id = :businessId', { businessId }).execute();
    await this.addWeekly(em, businessId, weekly);
    await em.createQueryBuilder().delete().from(ClosedDate).where('business_id = :businessId', { businessId }).execute();
    if (closedDates.length > 0) {
      await em
        .createQueryBuilder()
        .insert()
        .into(ClosedDate)
        .values([...closedDates].sort().map((date) => ({ businessId, date })))
        .execute();
    }
  }

  /**
   * The service, its eligible active resources with their own hours, and the business's hours and
   * closed dates in one round trip (the public booking page's hot read). Unknown service: 404.
   */
  async slotRules(businessId: string, serviceId: string, em?: EntityManager): Promise<SlotRules> {
    const [row] = await this.manager(em).query(
      `SELECT s.id, s.name, s.active, s.duration_minutes, s.buffer_before_minutes, s.buffer_after_minutes,
              ${hours('opening_hours', 'h.business_id = s.business_id')} AS weekly,
              coalesce((SELECT json_agg(to_char(c.date, 'YYYY-MM-DD') ORDER BY c.date) FROM closed_dates c WHERE c.business_id = s.business_id), '[]'::json) AS closed_dates,
              coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name, 'workingHours', ${hours('resource_working_hours', 'h.business_id = r.business_id AND h.resource_id = r.id')})
                                 ORDER BY lower(r.name), r.id)
                          FROM resources r
                         WHERE r.business_id = s.business_id AND r.active AND ${ELIGIBLE}), '[]'::json) AS resources
         FROM services s WHERE s.business_id = $1 AND s.id = $2`,
      [businessId, serviceId],
    );
    if (!row) throw notFound('Service');
    return {
      serviceId: row.id,
      serviceName: row.name,
      serviceActive: Boolean(row.active),
      service: {
        durationMinutes: Number(row.duration_minutes),
        bufferBeforeMinutes: Number(row.buffer_before_minutes),
        bufferAfterMinutes: Number(row.buffer_after_minutes),
      },
      weekly: weeklyOf(json<WeeklyHours[]>(row.weekly)),
      closedDates: json<string[]>(row.closed_dates),
      resources: json<{ id: string; name: string; workingHours: WeeklyHours[] }[]>(row.resources).map((r) => ({
        id: r.id,
        name: r.name,
        workingHours: weeklyOf(r.workingHours),
      })),
    };
  }

  /**
   * One resource as the free times see it for a service: whether it may perform the service (the
   * same predicate slotRules filters by) and its own weekly hours. Unknown resource: 404.
   */
  async resourceRules(
    businessId: string,
    serviceId: string,
    resourceId: string,
    em?: EntityManager,
  ): Promise<{ eligible: boolean; workingHours: WeeklyHours[] }> {
    const [row] = await this.manager(em).query(
      `SELECT ${ELIGIBLE} AS eligible, ${hours('resource_working_hours', 'h.business_id = r.business_id AND h.resource_id = r.id')} AS working_hours
         FROM services s JOIN resources r ON r.business_id = s.business_id AND r.id = $3
        WHERE s.business_id = $1 AND s.id = $2`,
      [businessId, serviceId, resourceId],
    );
    if (!row) throw notFound('Resource');
    return { eligible: Boolean(row.eligible), workingHours: weeklyOf(json<WeeklyHours[]>(row.working_hours)) };
  }

  /**
   * Spans held by live (not cancelled) bookings of `resourceIds` that start in [startsFrom,
   * startsBefore) and overlap [busyFrom, busyUntil), except `excludeBookingId` (a booking being
   * moved). The starts_at bounds keep it an index range scan on (business_id, starts_at).
   */
  async busySpans(
    q: { businessId: string; resourceIds: string[]; startsFrom: Date; startsBefore: Date; busyFrom: Date; busyUntil: Date; excludeBookingId?: string | null },
    em?: EntityManager,
  ): Promise<BusyRow[]> {
    const query = this.manager(em)
      .getRepository(Booking)
      .createQueryBuilder('b')
      .select('b.resourceId', 'resourceId')
      .addSelect('b.occupiedFrom', 'occupiedFrom')
      .addSelect('b.occupiedUntil', 'occupiedUntil')
      .where('b.businessId = :businessId', { businessId: q.businessId })
      .andWhere('b.startsAt >= :startsFrom AND b.startsAt < :startsBefore', { startsFrom: q.startsFrom, startsBefore: q.startsBefore })
      .andWhere(`b.status <> 'cancelled'`)
      .andWhere('b.resourceId = ANY(:resourceIds)', { resourceIds: q.resourceIds })
      .andWhere('b.occupiedUntil > :busyFrom AND b.occupiedFrom < :busyUntil', { busyFrom: q.busyFrom, busyUntil: q.busyUntil });
    if (q.excludeBookingId) query.andWhere('b.id <> :excludeBookingId', { excludeBookingId: q.excludeBookingId });
    const rows = await query.getRawMany<{ resourceId: string; occupiedFrom: Date | string; occupiedUntil: Date | string }>();
    return rows.map((r) => ({ resourceId: r.resourceId, from: instant(r.occupiedFrom), until: instant(r.occupiedUntil) }));
  }
}
