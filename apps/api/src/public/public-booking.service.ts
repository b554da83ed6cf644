import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BusinessScope } from '../access/business-scope.js';
import { isSlug, toZonedIso, type FreeSlotsView, type ManageBookingView, type PublicBookingCreated, type PublicBusinessView } from '#contracts';
import { parseInstant } from '../schedule/availability-rules.js';
import { assertAcceptingBookings, bookingWindow, OnlineBookingsService, toPublicBookingView, unavailableReason } from './online-bookings.service.js';
import { PublicRepository, type BookingPageBusiness } from './public.repository.js';
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
    private readonly pages: PublicRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async business(slug: string): Promise<PublicBusinessView> {
    return this.view(await this.bySlug(slug));
  }

  async previewBusiness(scope: BusinessScope): Promise<PublicBusinessView> {
    return this.view(await this.preview(scope));
  }

  async freeTimes(slug: string, query: SlotsQuery): Promise<FreeSlotsView> {
    const business = await this.bySlug(slug);
    assertAcceptingBookings(business);
    return this.customerSlots(business, query);
  }

  /** What customers would see, whether or not the page is switched on (a suspended business has none). */
  async previewFreeTimes(scope: BusinessScope, query: SlotsQuery): Promise<FreeSlotsView> {
    const business = await this.preview(scope);
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
      business: {
        slug: business.slug,
        name: business.name,
        timeZone: business.timeZone,
        currency: business.currency,
        primaryColor: business.primaryColor,
        logoUrl: business.logoUrl,
      },
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
    const business = await this.pages.bookingPageBusiness({ slug });
    if (!business) throw notFound('Business');
    return business;
  }

  /** The scope's business with the booking page's own settings (branding, switch, rules), which the scope does not carry. */
  private async preview(scope: BusinessScope): Promise<BookingPageBusiness> {
    const settings = await this.pages.bookingPageSettings(scope.id);
    if (!settings) throw notFound('Business');
    return {
      id: scope.id,
      slug: scope.slug,
      name: scope.name,
      timeZone: scope.timeZone,
      currency: scope.currency,
      status: scope.status,
      primaryColor: settings.primaryColor,
      logoUrl: settings.logoUrl,
      onlineBookingEnabled: settings.onlineBookingEnabled,
      minNoticeMinutes: settings.minNoticeMinutes,
      bookingHorizonDays: settings.bookingHorizonDays,
      cancellationWindowHours: settings.cancellationWindowHours,
    };
  }

  private async view(business: BookingPageBusiness): Promise<PublicBusinessView> {
    const reason = unavailableReason(business);
    const suspended = reason === 'suspended';
    const services = suspended ? [] : await this.pages.offeredServices(business.id);
    const resources = suspended ? [] : await this.pages.activeResources(business.id);
    return {
      slug: business.slug,
      name: business.name,
      timeZone: business.timeZone,
      currency: business.currency,
      primaryColor: business.primaryColor,
      logoUrl: business.logoUrl,
      acceptingBookings: reason === null,
      unavailableReason: reason,
      rules: {
        minNoticeMinutes: business.minNoticeMinutes,
        bookingHorizonDays: business.bookingHorizonDays,
        cancellationWindowHours: business.cancellationWindowHours,
      },
      services: services.filter((s) => s.resourceIds.length > 0),
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
