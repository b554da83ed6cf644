import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isSlug, toZonedIso, type FreeSlotsView, type ManageBookingView, type PublicBookingCreated, type PublicBusinessView } from '#contracts';
import { parseInstant } from '../schedule/availability-rules.js';
import {
  assertAcceptingBookings,
  bookingWindow,
  loadBookingPageBusiness,
  OnlineBookingsService,
  toPublicBookingView,
  unavailableReason,
  type BookingPageBusiness,
} from '../bookings/online-bookings.service.js';
import { parseSlotRange, SlotsService, toView } from '../schedule/slots.service.js';
import type { SlotsQuery } from '../schedule/slots.dto.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { CreatePublicBookingDto, RescheduleDto } from './dto.js';

/**
 * The booking page's API: what a business offers, its free times, booking, and the customer's
 * manage link. Nothing here takes a sign-in, so nothing here says anything about other customers:
 * answers carry the business's public facts and the caller's own booking only, a customer is matched
 * by e-mail without saying so, and a manage token is the only key to a booking.
 *
 * The preview (an owner, or an operator impersonating one) sees the same page for a business whose
 * online booking is still off; it reads through the same functions and never books.
 */
@Injectable()
export class PublicBookingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly slots: SlotsService,
    private readonly online: OnlineBookingsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async business(slug: string): Promise<PublicBusinessView> {
    return this.view(await this.bySlug(slug));
  }

  async previewBusiness(businessId: string): Promise<PublicBusinessView> {
    return this.view(await loadBookingPageBusiness(this.db, { id: businessId }));
  }

  async freeTimes(slug: string, query: SlotsQuery): Promise<FreeSlotsView> {
    const business = await this.bySlug(slug);
    assertAcceptingBookings(business);
    return this.customerSlots(business, query);
  }

  /** What customers would see, whether or not the page is switched on (a suspended business has none). */
  async previewFreeTimes(businessId: string, query: SlotsQuery): Promise<FreeSlotsView> {
    const business = await loadBookingPageBusiness(this.db, { id: businessId });
    if (business.status !== 'active') assertAcceptingBookings(business);
    return this.customerSlots(business, query);
  }

  async book(slug: string, input: CreatePublicBookingDto): Promise<PublicBookingCreated> {
    if (input.website && input.website.trim() !== '') {
      throw new DomainError(422, 'validation_failed', 'The booking could not be accepted');
    }
    const business = await this.bySlug(slug);
    const { booking, token } = await this.online.create(business, {
      serviceId: input.serviceId,
      startsAt: instantOf(input.startsAt),
      resourceId: input.resourceId,
      customer: { name: input.customer.name, email: input.customer.email, phone: input.customer.phone ?? null },
    });
    return { booking, manageUrl: `${this.config.publicUrl}/book/${business.slug}/manage/${token}` };
  }

  async manage(token: string): Promise<ManageBookingView> {
    const { business, row } = await this.online.findByToken(token);
    return this.manageView(business, row);
  }

  async cancel(token: string): Promise<ManageBookingView> {
    const { business, row } = await this.online.cancel(token);
    return this.manageView(business, row);
  }

  async reschedule(token: string, input: RescheduleDto): Promise<ManageBookingView> {
    const { business, row } = await this.online.reschedule(token, instantOf(input.startsAt), input.resourceId);
    return this.manageView(business, row);
  }

  private manageView(business: BookingPageBusiness, row: Parameters<OnlineBookingsService['isChangeable']>[1]): ManageBookingView {
    const changeable = this.online.isChangeable(business, row);
    return {
      booking: toPublicBookingView(row, business),
      business: { slug: business.slug, name: business.name, timeZone: business.timeZone, currency: business.currency, primaryColor: business.primaryColor, logoUrl: business.logoUrl },
      changeable,
      changeableUntil: toZonedIso(this.online.changeableUntil(business, row), business.timeZone),
      reschedulable: changeable && unavailableReason(business) === null,
    };
  }

  private async customerSlots(business: BookingPageBusiness, query: SlotsQuery): Promise<FreeSlotsView> {
    const window = bookingWindow(business, this.clock.now());
    const range = parseSlotRange({ from: query.from, to: query.to }, business.timeZone, window.earliest);
    const context = await this.slots.loadContext(this.db, business, query.serviceId);
    if (!context.serviceActive) throw notFound('Service');
    return toView(context, range, await this.slots.compute(this.db, context, range, window));
  }

  /** A slug that is not even well-formed names nothing: the same 404 as an unknown one. */
  private async bySlug(slug: string): Promise<BookingPageBusiness> {
    if (!isSlug(slug)) throw notFound('Business');
    return loadBookingPageBusiness(this.db, { slug });
  }

  private async view(business: BookingPageBusiness): Promise<PublicBusinessView> {
    const reason = unavailableReason(business);
    const suspended = reason === 'suspended';
    const services: { id: string; name: string; duration_minutes: number; price_cents: number; resource_ids: string[] | string }[] = suspended
      ? []
      : await this.db.query(
          `SELECT s.id, s.name, s.duration_minutes, s.price_cents,
                  ARRAY(SELECT r.id::text FROM resources r
                         WHERE r.business_id = s.business_id AND r.active
                           AND (NOT EXISTS (SELECT 1 FROM service_resources e WHERE e.business_id = s.business_id AND e.service_id = s.id)
                                OR EXISTS (SELECT 1 FROM service_resources e WHERE e.business_id = s.business_id AND e.service_id = s.id AND e.resource_id = r.id))
                         ORDER BY lower(r.name), r.id) AS resource_ids
             FROM services s WHERE s.business_id = $1 AND s.active ORDER BY lower(s.name), s.id`,
          [business.id],
        );
    const resources: { id: string; name: string }[] = suspended
      ? []
      : await this.db.query(`SELECT id, name FROM resources WHERE business_id = $1 AND active ORDER BY lower(name), id`, [business.id]);
    return {
      slug: business.slug,
      name: business.name,
      timeZone: business.timeZone,
      currency: business.currency,
      primaryColor: business.primaryColor,
      logoUrl: business.logoUrl,
      acceptingBookings: reason === null,
      unavailableReason: reason,
      rules: { minNoticeMinutes: business.minNoticeMinutes, bookingHorizonDays: business.bookingHorizonDays, cancellationWindowHours: business.cancellationWindowHours },
      services: services
        .map((s) => ({ id: s.id, name: s.name, durationMinutes: Number(s.duration_minutes), priceCents: Number(s.price_cents), resourceIds: textArray(s.resource_ids) }))
        .filter((s) => s.resourceIds.length > 0),
      resources: resources.map((r) => ({ id: r.id, name: r.name })),
    };
  }
}

function instantOf(value: string): Date {
  const parsed = parseInstant(value);
  if (!parsed) {
    const message = 'startsAt is not a real date and time (ISO 8601 with an offset)';
    throw new DomainError(400, 'validation_failed', message, { errors: [{ field: 'startsAt', messages: [message] }] });
  }
  return parsed;
}

function textArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value || value === '{}') return [];
  return value.replace(/^\{|\}$/g, '').split(',');
}
