import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Business } from '../businesses/business.entity.js';
import { Resource } from '../catalog/resource.entity.js';
import { BookableService } from '../catalog/service.entity.js';

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
}

function textArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value || value === '{}') return [];
  return value.replace(/^\{|\}$/g, '').split(',');
}
