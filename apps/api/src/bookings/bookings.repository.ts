import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { BookingStatus } from '#contracts';
import { Business } from '../businesses/business.entity.js';
import { Resource } from '../catalog/resource.entity.js';
import { BookableService } from '../catalog/service.entity.js';
import { instant } from '../common/instant.js';
import { containsPattern } from '../common/sql.js';
import { Customer } from '../customers/customer.entity.js';
import { Booking } from './booking.entity.js';

/** A booking with the names a list shows: the booking's own columns and its customer, service and resource. */
export interface BookingRead extends Pick<
  Booking,
  'id' | 'businessId' | 'startsAt' | 'endsAt' | 'status' | 'source' | 'notes' | 'createdAt' | 'createdBy' | 'createdInImpersonation'
> {
  customer: Pick<Customer, 'id' | 'name'>;
  service: Pick<BookableService, 'id' | 'name' | 'durationMinutes' | 'priceCents'>;
  resource: Pick<Resource, 'id' | 'name'>;
}

/** A BookingRead of any business (the operator's lists), with its business and the microsecond sort key. */
export interface PlatformBookingRead extends BookingRead {
  business: Pick<Business, 'id' | 'slug' | 'name' | 'timeZone'>;
  /** starts_at to the microsecond, for keyset cursors (a JS Date keeps only milliseconds). */
  startsKey: string;
}

/** The columns the list's filters may narrow by; each one present is ANDed. */
export interface BookingFilter {
  from?: Date;
  to?: Date;
  status?: BookingStatus;
  resourceId?: string;
  customerId?: string;
  /** Part of the customer's name or e-mail (case-insensitive). */
  search?: string;
  /** Continue after this (starts_at, id), ascending. */
  after?: { startsAt: Date; id: string };
}

/** The operator's filters over every business; the cursor continues before (starts_at, id), descending. */
export interface PlatformBookingFilter {
  from?: Date;
  to?: Date;
  businessId?: string;
  status?: BookingStatus;
  search?: string;
  before?: { startsKey: string; id: string };
}

/** What a new booking is written with; the database fills id, occupied_from/until (trigger) and source's default. */
export type NewBooking = Pick<
  Booking,
  | 'businessId'
  | 'customerId'
  | 'serviceId'
  | 'resourceId'
  | 'startsAt'
  | 'endsAt'
  | 'status'
  | 'notes'
  | 'createdAt'
  | 'updatedAt'
  | 'createdBy'
  | 'createdInImpersonation'
> &
  Partial<Pick<Booking, 'source' | 'manageTokenHash' | 'manageTokenExpiresAt'>>;

/** The columns a write may change. */
export type BookingChanges = Partial<
  Pick<Booking, 'customerId' | 'serviceId' | 'resourceId' | 'startsAt' | 'endsAt' | 'status' | 'notes' | 'manageTokenExpiresAt'>
> &
  Pick<Booking, 'updatedAt'>;

/** The row a write locks and decides on. */
export type LockedBooking = Pick<Booking, 'id' | 'customerId' | 'serviceId' | 'resourceId' | 'startsAt' | 'endsAt' | 'status' | 'notes'>;

/** What a customer's message about a booking needs: the BookingRead, the customer's e-mail, the business's slug and cancellation window, and the manage link's state. */
export interface BookingMessageFacts extends BookingRead, Pick<Booking, 'manageTokenExpiresAt'> {
  customerEmail: Customer['email'];
  businessSlug: Business['slug'];
  cancellationWindowHours: Business['cancellationWindowHours'];
  hasManageLink: boolean;
}

/** A booking spans at most 24 hours (the longest service; constraint bookings_span_at_most_a_day). */
export const MAX_BOOKING_SPAN_MS = 24 * 3_600_000;

/** Select list of a BookingRead: [property path, result column]. */
const READ_COLUMNS: [string, string][] = [
  ['b.id', 'id'],
  ['b.businessId', 'businessId'],
  ['b.startsAt', 'startsAt'],
  ['b.endsAt', 'endsAt'],
  ['b.status', 'status'],
  ['b.source', 'source'],
  ['b.notes', 'notes'],
  ['b.createdAt', 'createdAt'],
  ['b.createdBy', 'createdBy'],
  ['b.createdInImpersonation', 'createdInImpersonation'],
  ['b.customerId', 'customerId'],
  ['c.name', 'customerName'],
  ['b.serviceId', 'serviceId'],
  ['s.name', 'serviceName'],
  ['s.durationMinutes', 'durationMinutes'],
  ['s.priceCents', 'priceCents'],
  ['b.resourceId', 'resourceId'],
  ['r.name', 'resourceName'],
];

type RawRead = Record<string, unknown>;

function toRead(raw: RawRead): BookingRead {
  return {
    id: String(raw.id),
    businessId: String(raw.businessId),
    startsAt: instant(raw.startsAt as Date | string),
    endsAt: instant(raw.endsAt as Date | string),
    status: raw.status as Booking['status'],
    source: raw.source as Booking['source'],
    notes: (raw.notes as string | null) ?? null,
    createdAt: instant(raw.createdAt as Date | string),
    createdBy: (raw.createdBy as string | null) ?? null,
    createdInImpersonation: (raw.createdInImpersonation as string | null) ?? null,
    customer: { id: String(raw.customerId), name: String(raw.customerName) },
    service: { id: String(raw.serviceId), name: String(raw.serviceName), durationMinutes: Number(raw.durationMinutes), priceCents: Number(raw.priceCents) },
    resource: { id: String(raw.resourceId), name: String(raw.resourceName) },
  };
}

function toPlatformRead(raw: RawRead): PlatformBookingRead {
  return {
    ...toRead(raw),
    business: { id: String(raw.businessId), slug: String(raw.businessSlug), name: String(raw.businessName), timeZone: String(raw.businessTimeZone) },
    startsKey: String(raw.startsKey),
  };
}

/**
 * The one reader and writer of `bookings` (docs/ARCHITECTURE.md §1, §6). Reads join the customer,
 * service and resource entities on (business_id, id), the pairs the composite foreign keys use, so
 * every join stays on the tenant's own rows. Each method takes the caller's transaction
 * (EntityManager) where it may run inside one.
 */
@Injectable()
export class BookingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One booking of the business with its names, or null. */
  async find(businessId: string, bookingId: string, em?: EntityManager): Promise<BookingRead | null> {
    const raw = await this.reads(em).where('b.businessId = :businessId AND b.id = :bookingId', { businessId, bookingId }).getRawOne<RawRead>();
    return raw ? toRead(raw) : null;
  }

  /**
   * Up to `limit` bookings by start ascending, keyset on (starts_at, id): the bookings_business_starts
   * index serves the order and the cursor, so any page costs what the first does.
   */
  async list(businessId: string, filter: BookingFilter, limit: number): Promise<BookingRead[]> {
    const qb = this.reads().where('b.businessId = :businessId', { businessId });
    if (filter.from) qb.andWhere('b.startsAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('b.startsAt < :to', { to: filter.to });
    if (filter.status) qb.andWhere('b.status = :status', { status: filter.status });
    if (filter.resourceId) qb.andWhere('b.resourceId = :resourceId', { resourceId: filter.resourceId });
    if (filter.customerId) qb.andWhere('b.customerId = :customerId', { customerId: filter.customerId });
    if (filter.search) qb.andWhere(`(c.name ILIKE :search ESCAPE '\\' OR c.email ILIKE :search ESCAPE '\\')`, { search: containsPattern(filter.search) });
    if (filter.after) {
      qb.andWhere('(b.startsAt, b.id) > (CAST(:afterStart AS timestamptz), CAST(:afterId AS uuid))', {
        afterStart: filter.after.startsAt,
        afterId: filter.after.id,
      });
    }
    const rows = await qb.orderBy('b.startsAt', 'ASC').addOrderBy('b.id', 'ASC').limit(limit).getRawMany<RawRead>();
    return rows.map(toRead);
  }

  /** A booking with what its customer's message needs, read inside the write's transaction. */
  async messageFacts(em: EntityManager, businessId: string, bookingId: string): Promise<BookingMessageFacts | null> {
    const raw = await this.reads(em)
      .innerJoin(Business, 'biz', 'biz.id = b.businessId')
      .addSelect('c.email', 'customerEmail')
      .addSelect('biz.slug', 'businessSlug')
      .addSelect('biz.cancellationWindowHours', 'cancellationWindowHours')
      .addSelect('b.manageTokenHash IS NOT NULL', 'hasManageLink')
      .addSelect('b.manageTokenExpiresAt', 'manageTokenExpiresAt')
      .where('b.businessId = :businessId AND b.id = :bookingId', { businessId, bookingId })
      .getRawOne<RawRead>();
    if (!raw) return null;
    return {
      ...toRead(raw),
      customerEmail: (raw.customerEmail as string | null) ?? null,
      businessSlug: String(raw.businessSlug),
      cancellationWindowHours: Number(raw.cancellationWindowHours),
      hasManageLink: Boolean(raw.hasManageLink),
      manageTokenExpiresAt: raw.manageTokenExpiresAt ? instant(raw.manageTokenExpiresAt as Date | string) : null,
    };
  }

  /** The ids of a customer's confirmed bookings starting after `after`, by start. */
  async upcomingIdsForCustomer(em: EntityManager, businessId: string, customerId: string, after: Date): Promise<string[]> {
    const rows = await em
      .createQueryBuilder(Booking, 'b')
      .select('b.id', 'id')
      .where(`b.businessId = :businessId AND b.customerId = :customerId AND b.status = 'confirmed' AND b.startsAt > :after`, { businessId, customerId, after })
      .orderBy('b.startsAt', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** A customer's latest bookings, newest start first. */
  async listForCustomer(businessId: string, customerId: string, limit: number, em?: EntityManager): Promise<BookingRead[]> {
    const rows = await this.reads(em)
      .where('b.businessId = :businessId AND b.customerId = :customerId', { businessId, customerId })
      .orderBy('b.startsAt', 'DESC')
      .addOrderBy('b.id', 'DESC')
      .limit(limit)
      .getRawMany<RawRead>();
    return rows.map(toRead);
  }

  /** Bookings starting in [from, to), cancelled ones included, by start (the dashboard's "today"). */
  async listStartingIn(businessId: string, range: { from: Date; to: Date }, limit: number): Promise<BookingRead[]> {
    const rows = await this.reads()
      .where('b.businessId = :businessId AND b.startsAt >= :from AND b.startsAt < :to', { businessId, from: range.from, to: range.to })
      .orderBy('b.startsAt', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .limit(limit)
      .getRawMany<RawRead>();
    return rows.map(toRead);
  }

  /**
   * Live bookings in the business's day and week, and confirmed ones from `now` on, counted from the
   * bookings_business_starts index alone (it carries the status).
   */
  async countsAround(
    businessId: string,
    at: { day: { from: Date; to: Date }; week: { from: Date; to: Date }; now: Date },
  ): Promise<{ today: number; week: number; upcoming: number }> {
    const [counts] = await this.db.query(
      `SELECT count(*) FILTER (WHERE starts_at >= $2 AND starts_at < $3 AND status <> 'cancelled')::int AS today,
              count(*) FILTER (WHERE starts_at >= $4 AND starts_at < $5 AND status <> 'cancelled')::int AS week,
              count(*) FILTER (WHERE starts_at >= $6 AND status = 'confirmed')::int AS upcoming
         FROM bookings WHERE business_id = $1 AND starts_at >= LEAST($2::timestamptz, $4::timestamptz, $6::timestamptz)`,
      [businessId, at.day.from, at.day.to, at.week.from, at.week.to, at.now],
    );
    return { today: Number(counts.today), week: Number(counts.week), upcoming: Number(counts.upcoming) };
  }

  /**
   * How many live (not cancelled) bookings overlap [from, to), counted up to `cap` + 1 (more is
   * never needed). Overlapping is `starts_at < to AND ends_at > from`; since no booking is longer
   * than MAX_BOOKING_SPAN, `starts_at > from − span` is implied and bounds the index range scan. The
   * candidates are counted from the index alone first; only when they exceed the cap are the ones
   * that really overlap counted.
   */
  async countLiveOverlapping(businessId: string, range: { from: Date; to: Date }, resourceId: string | undefined, cap: number): Promise<number> {
    const candidates = await this.countCapped(this.liveStartingBefore(businessId, range, resourceId), cap);
    if (candidates <= cap) return candidates;
    return this.countCapped(this.liveStartingBefore(businessId, range, resourceId).andWhere('b.endsAt > :from', { from: range.from }), cap);
  }

  /** Live bookings overlapping [from, to), by start, at most `limit` (the calendar). */
  async listLiveOverlapping(businessId: string, range: { from: Date; to: Date }, resourceId: string | undefined, limit: number): Promise<BookingRead[]> {
    const qb = this.reads().where('b.businessId = :businessId', { businessId });
    this.applyLiveStartingBefore(qb, range, resourceId);
    const rows = await qb
      .andWhere('b.endsAt > :from', { from: range.from })
      .orderBy('b.startsAt', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .limit(limit)
      .getRawMany<RawRead>();
    return rows.map(toRead);
  }

  /** Locks the booking's row for the rest of the transaction (FOR UPDATE); null when it does not exist. */
  async lock(em: EntityManager, businessId: string, bookingId: string): Promise<LockedBooking | null> {
    return em
      .createQueryBuilder(Booking, 'b')
      .select(['b.businessId', 'b.id', 'b.customerId', 'b.serviceId', 'b.resourceId', 'b.startsAt', 'b.endsAt', 'b.status', 'b.notes'])
      .where('b.businessId = :businessId AND b.id = :bookingId', { businessId, bookingId })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Inserts the booking (the exclusion constraint judges overlaps) and answers its id. */
  async insert(em: EntityManager, values: NewBooking): Promise<string> {
    const result = await em.createQueryBuilder().insert().into(Booking).values(values).returning(['id']).updateEntity(false).execute();
    return String((result.raw as { id: string }[])[0]!.id);
  }

  async update(em: EntityManager, businessId: string, bookingId: string, changes: BookingChanges): Promise<void> {
    await em
      .createQueryBuilder()
      .update(Booking)
      .set(changes)
      .where('businessId = :businessId AND id = :bookingId', { businessId, bookingId })
      .updateEntity(false)
      .execute();
  }

  /** The first live booking of the resource overlapping [startsAt, endsAt), other than `exceptId`: what holds a slot. */
  async findHolder(
    businessId: string,
    resourceId: string,
    span: { startsAt: Date; endsAt: Date },
    exceptId: string | null,
  ): Promise<Pick<Booking, 'startsAt' | 'endsAt'> | null> {
    const qb = this.db
      .createQueryBuilder(Booking, 'b')
      .select(['b.businessId', 'b.id', 'b.startsAt', 'b.endsAt'])
      .where(`b.businessId = :businessId AND b.resourceId = :resourceId AND b.status <> 'cancelled' AND b.startsAt < :endsAt AND b.endsAt > :startsAt`, {
        businessId,
        resourceId,
        startsAt: span.startsAt,
        endsAt: span.endsAt,
      });
    if (exceptId) qb.andWhere('b.id <> :exceptId', { exceptId });
    return qb.orderBy('b.startsAt', 'ASC').limit(1).getOne();
  }

  /** The booking whose manage-link hash this is, while the link lives (the hash names no business: the partial index bookings_manage_token_hash). */
  async findByManageTokenHash(hash: string, now: Date): Promise<Pick<Booking, 'businessId' | 'id'> | null> {
    return this.db
      .createQueryBuilder(Booking, 'b')
      .select(['b.businessId', 'b.id'])
      .where('b.manageTokenHash = :hash AND b.manageTokenExpiresAt > :now', { hash, now })
      .getOne();
  }

  /**
   * Newest start first over every business: keyset on (starts_at DESC, id DESC), the
   * bookings_starts_desc index (or bookings_business_starts with a businessId), LIMIT n: no OFFSET
   * and no count(*), so a late page costs what the first does.
   */
  async listAcrossBusinesses(filter: PlatformBookingFilter, limit: number): Promise<PlatformBookingRead[]> {
    const rows = await this.acrossBusinessesQuery(filter, limit).getRawMany<RawRead>();
    return rows.map(toPlatformRead);
  }

  /** The query behind listAcrossBusinesses (its plan is tested). */
  acrossBusinessesQuery(filter: PlatformBookingFilter, limit: number): SelectQueryBuilder<Booking> {
    const qb = this.platformReads();
    if (filter.from) qb.andWhere('b.startsAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('b.startsAt < :to', { to: filter.to });
    if (filter.businessId) qb.andWhere('b.businessId = :businessId', { businessId: filter.businessId });
    if (filter.status) qb.andWhere('b.status = :status', { status: filter.status });
    if (filter.search) qb.andWhere(`(c.name ILIKE :search ESCAPE '\\' OR c.email ILIKE :search ESCAPE '\\')`, { search: containsPattern(filter.search) });
    if (filter.before) {
      qb.andWhere('(b.startsAt, b.id) < (CAST(:beforeStart AS timestamptz), CAST(:beforeId AS uuid))', {
        beforeStart: filter.before.startsKey,
        beforeId: filter.before.id,
      });
    }
    return qb.orderBy('b.startsAt', 'DESC').addOrderBy('b.id', 'DESC').limit(limit);
  }

  /**
   * Live bookings of every business in that business's own local day around `now`, by start. Each
   * business's local midnights are computed once (one row per business; a zone the database cannot
   * read gives NULL bounds, so that business lists nothing); the starts_at range `now` ± 1 day 14 h
   * holds every zone's local day and keeps it one index range.
   */
  async listTodayAcrossBusinesses(now: Date, limit: number): Promise<PlatformBookingRead[]> {
    const rows = await this.platformReads()
      .innerJoin(
        (sub) =>
          sub
            .select('z.id', 'id')
            .addSelect(`local_period_start(CAST(:now AS timestamptz), z.timeZone, 'day')`, 'day_from')
            .addSelect(`local_period_end(CAST(:now AS timestamptz), z.timeZone, 'day')`, 'day_to')
            .from(Business, 'z'),
        'bd',
        'bd.id = b.businessId',
      )
      .andWhere(`b.status <> 'cancelled'`)
      .andWhere(`b.startsAt >= CAST(:now AS timestamptz) - interval '1 day 14 hours' AND b.startsAt < CAST(:now AS timestamptz) + interval '1 day 14 hours'`)
      .andWhere('b.startsAt >= bd.day_from AND b.startsAt < bd.day_to')
      .setParameter('now', now)
      .orderBy('b.startsAt', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .limit(limit)
      .getRawMany<RawRead>();
    return rows.map(toPlatformRead);
  }

  private reads(em?: EntityManager): SelectQueryBuilder<Booking> {
    const qb = (em ?? this.db.manager)
      .createQueryBuilder(Booking, 'b')
      .innerJoin(Customer, 'c', 'c.businessId = b.businessId AND c.id = b.customerId')
      .innerJoin(BookableService, 's', 's.businessId = b.businessId AND s.id = b.serviceId')
      .innerJoin(Resource, 'r', 'r.businessId = b.businessId AND r.id = b.resourceId')
      .select(READ_COLUMNS[0]![0], READ_COLUMNS[0]![1]);
    for (const [path, as] of READ_COLUMNS.slice(1)) qb.addSelect(path, as);
    return qb;
  }

  private platformReads(): SelectQueryBuilder<Booking> {
    return this.reads()
      .innerJoin(Business, 'biz', 'biz.id = b.businessId')
      .addSelect('biz.slug', 'businessSlug')
      .addSelect('biz.name', 'businessName')
      .addSelect('biz.timeZone', 'businessTimeZone')
      .addSelect(`to_char(b.startsAt AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'startsKey');
  }

  private liveStartingBefore(businessId: string, range: { from: Date; to: Date }, resourceId: string | undefined): SelectQueryBuilder<Booking> {
    const qb = this.db.createQueryBuilder(Booking, 'b').select('1').where('b.businessId = :businessId', { businessId });
    return this.applyLiveStartingBefore(qb, range, resourceId);
  }

  private applyLiveStartingBefore(
    qb: SelectQueryBuilder<Booking>,
    range: { from: Date; to: Date },
    resourceId: string | undefined,
  ): SelectQueryBuilder<Booking> {
    qb.andWhere(`b.status <> 'cancelled' AND b.startsAt < :to AND b.startsAt > :earliest`, {
      to: range.to,
      earliest: new Date(range.from.getTime() - MAX_BOOKING_SPAN_MS),
    });
    if (resourceId) qb.andWhere('b.resourceId = :resourceId', { resourceId });
    return qb;
  }

  private async countCapped(qb: SelectQueryBuilder<Booking>, cap: number): Promise<number> {
    const [sql, params] = qb.limit(cap + 1).getQueryAndParameters();
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM (${sql}) x`, params);
    return Number(row.n);
  }
}
