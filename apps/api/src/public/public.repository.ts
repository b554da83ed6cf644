import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Business } from '../businesses/business.entity.js';
import { Resource } from '../catalog/resource.entity.js';
import { BookableService } from '../catalog/service.entity.js';
import { PublicRateLimit } from './public-rate-limit.entity.js';

/** A business as the booking page needs it: zone, branding, status and booking rules. */
export type BookingPageBusiness = Pick<
  Business,
  | 'id'
  | 'slug'
  | 'name'
  | 'timeZone'
  | 'currency'
  | 'status'
  | 'primaryColor'
  | 'logoUrl'
  | 'onlineBookingEnabled'
  | 'minNoticeMinutes'
  | 'bookingHorizonDays'
  | 'cancellationWindowHours'
>;

/** The booking page's own settings of a business (what its BusinessScope does not carry). */
export type BookingPageSettings = Omit<BookingPageBusiness, 'id' | 'slug' | 'name' | 'timeZone' | 'currency' | 'status'>;

/** An active service with the active resources that may perform it, by name. */
export interface OfferedService extends Pick<BookableService, 'id' | 'name' | 'durationMinutes' | 'priceCents'> {
  resourceIds: string[];
}

const PAGE_COLUMNS = {
  id: true,
  slug: true,
  name: true,
  timeZone: true,
  currency: true,
  status: true,
  primaryColor: true,
  logoUrl: true,
  onlineBookingEnabled: true,
  minNoticeMinutes: true,
  bookingHorizonDays: true,
  cancellationWindowHours: true,
} as const;

/**
 * The public module's reads (it owns no table and writes none): a business's booking page facts,
 * and what it offers. Bookings and customers are written through their own modules' repositories.
 */
@Injectable()
export class PublicRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async bookingPageBusiness(by: { slug: string } | { id: string }, em?: EntityManager): Promise<BookingPageBusiness | null> {
    return (em ?? this.db.manager).findOne(Business, { select: PAGE_COLUMNS, where: 'slug' in by ? { slug: by.slug } : { id: by.id } });
  }

  async bookingPageSettings(businessId: string): Promise<BookingPageSettings | null> {
    return this.db.manager.findOne(Business, {
      select: {
        id: true,
        primaryColor: true,
        logoUrl: true,
        onlineBookingEnabled: true,
        minNoticeMinutes: true,
        bookingHorizonDays: true,
        cancellationWindowHours: true,
      },
      where: { id: businessId },
    });
  }

  /**
   * The business's active services, each with the active resources that may perform it (a service
   * naming no resources may use every active one), by lower(name), id.
   */
  async offeredServices(businessId: string): Promise<OfferedService[]> {
    const rows: { id: string; name: string; duration_minutes: number; price_cents: number; resource_ids: string[] | string }[] = await this.db.query(
      `SELECT s.id, s.name, s.duration_minutes, s.price_cents,
              ARRAY(SELECT r.id::text FROM resources r
                     WHERE r.business_id = s.business_id AND r.active
                       AND (NOT EXISTS (SELECT 1 FROM service_resources e WHERE e.business_id = s.business_id AND e.service_id = s.id)
                            OR EXISTS (SELECT 1 FROM service_resources e WHERE e.business_id = s.business_id AND e.service_id = s.id AND e.resource_id = r.id))
                     ORDER BY lower(r.name), r.id) AS resource_ids
         FROM services s WHERE s.business_id = $1 AND s.active ORDER BY lower(s.name), s.id`,
      [businessId],
    );
    return rows.map((s) => ({
      id: s.id,
      name: s.name,
      durationMinutes: Number(s.duration_minutes),
      priceCents: Number(s.price_cents),
      resourceIds: textArray(s.resource_ids),
    }));
  }

  /** The business's active resources, by lower(name), id. */
  async activeResources(businessId: string): Promise<Pick<Resource, 'id' | 'name'>[]> {
    return this.db.manager
      .createQueryBuilder(Resource, 'r')
      .select(['r.id', 'r.name'])
      .where('r.businessId = :businessId AND r.active', { businessId })
      .orderBy('lower(r.name)')
      .addOrderBy('r.id')
      .getMany()
      .then((rows) => rows.map((r) => ({ id: r.id, name: r.name })));
  }

  /**
   * Counts one hit on every key (give them sorted) in the current fixed window of the database's
   * clock: one upsert into `public_rate_limits` that returns the new counts, the window's start and
   * the database's now (epoch ms). Plain SQL for the atomic counter (ON CONFLICT).
   */
  async hitRateLimits(keys: string[], windowSeconds: number): Promise<{ counts: Map<string, number>; windowStart: number; now: number }> {
    const t = this.db.getMetadata(PublicRateLimit);
    const col = (p: keyof PublicRateLimit) => t.findColumnWithPropertyName(p)!.databaseName;
    const rows: (Pick<PublicRateLimit, 'key'> & { hits: number | string; window_ms: number | string; now_ms: number | string })[] = await this.db.query(
      `WITH w AS (SELECT clock_timestamp() AS now, to_timestamp(floor(extract(epoch FROM clock_timestamp()) / $2) * $2) AS start)
       INSERT INTO ${t.tablePath} AS l (${col('key')}, ${col('windowSeconds')}, ${col('windowStart')}, ${col('hits')})
       SELECT k, $2, w.start, 1 FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n), w ORDER BY n
       ON CONFLICT (${col('key')}, ${col('windowSeconds')}, ${col('windowStart')}) DO UPDATE SET ${col('hits')} = l.${col('hits')} + 1
       RETURNING l.${col('key')} AS key, l.${col('hits')} AS hits, (extract(epoch FROM l.${col('windowStart')}) * 1000)::bigint AS window_ms,
         (SELECT (extract(epoch FROM w.now) * 1000)::bigint FROM w) AS now_ms`,
      [keys, windowSeconds],
    );
    const counts = new Map(rows.map((r) => [r.key, Number(r.hits)]));
    return { counts, windowStart: Number(rows[0]?.window_ms ?? 0), now: Number(rows[0]?.now_ms ?? Date.now()) };
  }

  /** Deletes the rows of windows that have ended (of any length: an old configuration's rows go too, once over a day old). */
  async sweepRateLimits(windowSeconds: number): Promise<void> {
    await this.db
      .getRepository(PublicRateLimit)
      .createQueryBuilder()
      .delete()
      .where(`window_start < now() - interval '1 day'`)
      .orWhere('(window_seconds = :windowSeconds AND window_start < now() - make_interval(secs => :windowSeconds))', { windowSeconds })
      .execute();
  }
}

function textArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value || value === '{}') return [];
  return value.replace(/^\{|\}$/g, '').split(',');
}
