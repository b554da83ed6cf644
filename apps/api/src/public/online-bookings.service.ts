import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { toZonedIso, type PublicBookingView } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { isDeadlock } from '../common/database-errors.js';
import { BookingMessages } from '../bookings/booking-messages.js';
import { bookingSnapshot } from '../bookings/booking-snapshot.js';
import { toBookingView } from '../bookings/booking-view.js';
import { BookingsRepository, type BookingRead } from '../bookings/bookings.repository.js';
import { CustomersRepository } from '../customers/customers.repository.js';
import type { FreeSlot } from '../schedule/free-slots.js';
import { SlotsService, toSlotView, type SlotContext } from '../schedule/slots.service.js';
import { PublicRepository, type BookingPageBusiness } from './public.repository.js';

export type { BookingPageBusiness } from './public.repository.js';

const PG_EXCLUSION = '23P01';
const MINUTE = 60_000;
const DAY = 86_400_000;
/** A manage link keeps working until this many days after the booking ends, then it is dead. */
export const MANAGE_LINK_DAYS_AFTER_END = 30;
/** How many times a request that lost a race re-picks a resource before answering "taken". */
const RACE_RETRIES = 3;
/** 32 random bytes, base64url: 256 bits, the only shape a manage token has. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface OnlineBookingInput {
  serviceId: string;
  startsAt: Date;
  resourceId?: string;
  customer: { name: string; email: string; phone: string | null };
}

/** Why this business takes no online bookings right now, or null when it does. */
export function unavailableReason(business: BookingPageBusiness): 'suspended' | 'online_booking_off' | null {
  if (business.status !== 'active') return 'suspended';
  if (!business.onlineBookingEnabled) return 'online_booking_off';
  return null;
}

export function assertAcceptingBookings(business: BookingPageBusiness): void {
  const reason = unavailableReason(business);
  if (reason === 'suspended') throw new DomainError(403, 'business_suspended', `${business.name} is not taking bookings at the moment`);
  if (reason === 'online_booking_off') throw new DomainError(403, 'online_booking_disabled', `${business.name} does not take online bookings at the moment`);
}

/** now + minimum notice … now + horizon: when an online booking may start. */
export function bookingWindow(business: BookingPageBusiness, now: Date): { earliest: Date; latest: Date } {
  return { earliest: new Date(now.getTime() + business.minNoticeMinutes * MINUTE), latest: new Date(now.getTime() + business.bookingHorizonDays * DAY) };
}

export const hashManageToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export function toPublicBookingView(row: BookingRead, business: Pick<BookingPageBusiness, 'slug' | 'name' | 'timeZone'>): PublicBookingView {
  const tz = business.timeZone;
  return {
    startsAt: toZonedIso(row.startsAt, tz),
    endsAt: toZonedIso(row.endsAt, tz),
    status: row.status,
    service: { id: row.service.id, name: row.service.name, durationMinutes: row.service.durationMinutes, priceCents: row.service.priceCents },
    resource: { id: row.resource.id, name: row.resource.name },
    business: { slug: business.slug, name: business.name, timeZone: tz },
  };
}

interface ManagedBooking {
  business: BookingPageBusiness;
  row: BookingRead;
}

/**
 * Bookings made, cancelled and moved by customers themselves (the public booking page and its manage
 * link). Same table and constraint as the admin's bookings: a customer can only ever get a time the
 * exclusion constraint accepts, and a request that loses a race for a resource re-picks another free
 * one or answers 409 `slot_taken` with the next free times. Every write commits with its audit row
 * (actor kind `customer`, the customer's id in the details); nothing here is attributed to a user.
 */
@Injectable()
export class OnlineBookingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bookings: BookingsRepository,
    private readonly customers: CustomersRepository,
    private readonly pages: PublicRepository,
    private readonly audit: AuditService,
    private readonly slots: SlotsService,
    private readonly clock: Clock,
    private readonly messages: BookingMessages,
  ) {}

  /**
   * Books `input.startsAt` for the customer, matched by e-mail within the business (an existing
   * customer keeps their name and details; nothing in the answer says whether they existed).
   * Returns the customer's view and the manage token, which exists only in this answer.
   *
   * The customer's confirmation (with the manage link) and reminder are written inside the transaction
   * below, next to the audit row, so a message exists exactly when its booking does.
   */
  async create(business: BookingPageBusiness, input: OnlineBookingInput): Promise<{ booking: PublicBookingView; token: string }> {
    assertAcceptingBookings(business);
    const token = randomBytes(32).toString('base64url');
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction(async (em) => {
          const context = await this.slots.loadContext(em, business, input.serviceId);
          if (!context.serviceActive) throw notFound('Service');
          const resourceId = await this.pickResource(em, business, context, input.startsAt, input.resourceId, null);
          const durationMs = context.service.durationMinutes * MINUTE;
          const endsAt = new Date(input.startsAt.getTime() + durationMs);
          const now = this.clock.now();
          const customerId = await this.customers.findOrCreateForOnlineBooking(em, business.id, input.customer, now);
          const id = await this.bookings.insert(em, {
            businessId: business.id,
            customerId,
            serviceId: context.serviceId,
            resourceId,
            startsAt: input.startsAt,
            endsAt,
            status: 'confirmed',
            source: 'online',
            notes: null,
            createdAt: now,
            updatedAt: now,
            createdBy: null,
            createdInImpersonation: null,
            manageTokenHash: hashManageToken(token),
            manageTokenExpiresAt: linkExpiry(endsAt),
          });
          const view = await this.view(em, business, id);
          await this.audit.record(em, {
            action: 'booking.create',
            actor: { id: null, kind: 'customer' },
            businessId: business.id,
            targetType: 'booking',
            targetId: id,
            before: null,
            after: bookingSnapshot(view),
            status: 201,
            details: { customerId, source: 'online' },
          });
          await this.messages.afterWrite(em, { businessId: business.id, bookingId: id, before: null, manageToken: token });
          return { booking: toPublicBookingView(await this.row(em, business.id, id), business), token };
        });
      } catch (err) {
        if (err instanceof TakenInTransaction) throw await this.slotTaken(business, input.serviceId, input.startsAt, null);
        // A deadlock victim of the race (see retryDeadlocks) tries again: it then waits for the winner.
        if (isDeadlock(err) && attempt + 1 < RACE_RETRIES) continue;
        if (!isExclusion(err)) throw err;
        if (input.resourceId || attempt + 1 >= RACE_RETRIES) throw await this.slotTaken(business, input.serviceId, input.startsAt, null);
      }
    }
  }

  /** The booking behind a manage token; a malformed, unknown or expired token is the same 404. */
  async findByToken(token: string): Promise<ManagedBooking> {
    if (!TOKEN_PATTERN.test(token)) throw linkNotFound();
    const ref = await this.bookings.findByManageTokenHash(hashManageToken(token), this.clock.now());
    if (!ref) throw linkNotFound();
    const business = await this.pages.bookingPageBusiness({ id: ref.businessId });
    if (!business) throw notFound('Business');
    return { business, row: await this.row(this.db.manager, business.id, ref.id) };
  }

  /** Until when the customer may still cancel or move it themselves. */
  changeableUntil(business: BookingPageBusiness, row: Pick<BookingRead, 'startsAt'>): Date {
    return new Date(row.startsAt.getTime() - business.cancellationWindowHours * 3_600_000);
  }

  isChangeable(business: BookingPageBusiness, row: BookingRead): boolean {
    return row.status === 'confirmed' && this.clock.now() < this.changeableUntil(business, row);
  }

  async cancel(token: string): Promise<ManagedBooking> {
    const { business, row } = await this.findByToken(token);
    return this.db.transaction(async (em) => {
      const current = await this.lockedRow(em, business.id, row.id);
      this.assertChangeable(business, current);
      const before = await this.view(em, business, row.id);
      const beforeMessage = await this.messages.snapshot(em, business.id, row.id);
      await this.bookings.update(em, business.id, row.id, { status: 'cancelled', updatedAt: this.clock.now() });
      const after = await this.view(em, business, row.id);
      await this.audit.record(em, {
        action: 'booking.cancel',
        actor: { id: null, kind: 'customer' },
        businessId: business.id,
        targetType: 'booking',
        targetId: row.id,
        before: bookingSnapshot(before),
        after: bookingSnapshot(after),
        status: 200,
        details: { customerId: current.customer.id, source: 'online' },
      });
      await this.messages.afterWrite(em, { businessId: business.id, bookingId: row.id, before: beforeMessage, manageToken: token });
      return { business, row: await this.row(em, business.id, row.id) };
    });
  }

  /**
   * Moves it to another free time of the same service (the same resource when it is free then,
   * otherwise another eligible one, unless the customer named one). The booking's own span does not
   * count as busy, so it can move by less than its length.
   */
  async reschedule(token: string, startsAt: Date, resourceId?: string): Promise<ManagedBooking> {
    const { business, row } = await this.findByToken(token);
    assertAcceptingBookings(business);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction(async (em) => {
          const current = await this.lockedRow(em, business.id, row.id);
          this.assertChangeable(business, current);
          const context = await this.slots.loadContext(em, business, current.service.id);
          const chosen = await this.pickResource(em, business, context, startsAt, resourceId, { bookingId: row.id, preferResourceId: current.resource.id });
          const endsAt = new Date(startsAt.getTime() + context.service.durationMinutes * MINUTE);
          const before = await this.view(em, business, row.id);
          const beforeMessage = await this.messages.snapshot(em, business.id, row.id);
          await this.bookings.update(em, business.id, row.id, {
            startsAt,
            endsAt,
            resourceId: chosen,
            manageTokenExpiresAt: linkExpiry(endsAt),
            updatedAt: this.clock.now(),
          });
          const after = await this.view(em, business, row.id);
          await this.audit.record(em, {
            action: 'booking.update',
            actor: { id: null, kind: 'customer' },
            businessId: business.id,
            targetType: 'booking',
            targetId: row.id,
            before: bookingSnapshot(before),
            after: bookingSnapshot(after),
            status: 200,
            details: { customerId: current.customer.id, source: 'online', reschedule: true },
          });
          await this.messages.afterWrite(em, { businessId: business.id, bookingId: row.id, before: beforeMessage, manageToken: token });
          return { business, row: await this.row(em, business.id, row.id) };
        });
      } catch (err) {
        if (err instanceof TakenInTransaction) throw await this.slotTaken(business, row.service.id, startsAt, row.id);
        if (isDeadlock(err) && attempt + 1 < RACE_RETRIES) continue;
        if (!isExclusion(err)) throw err;
        if (resourceId || attempt + 1 >= RACE_RETRIES) throw await this.slotTaken(business, row.service.id, startsAt, row.id);
      }
    }
  }

  /**
   * A free resource for exactly `startsAt`, computed like the page's free times: inside the booking
   * window, opening hours, the resource's own hours, eligible for the service, clear of other
   * bookings and their buffers. A time that would not be offered even on an empty calendar is 422;
   * one that is offered but taken ends the transaction with TakenInTransaction (then 409).
   */
  private async pickResource(
    em: EntityManager,
    business: BookingPageBusiness,
    context: SlotContext,
    startsAt: Date,
    resourceId: string | undefined,
    moving: { bookingId: string; preferResourceId: string } | null,
  ): Promise<string> {
    if (resourceId && !context.resources.some((r) => r.id === resourceId)) throw notFound('Resource');
    const window = bookingWindow(business, this.clock.now());
    if (startsAt < window.earliest || startsAt >= window.latest) {
      const tz = business.timeZone;
      throw new DomainError(
        422,
        'outside_booking_window',
        `Online bookings start between ${toZonedIso(window.earliest, tz).slice(0, 16).replace('T', ' ')} and ${toZonedIso(window.latest, tz).slice(0, 16).replace('T', ' ')} (${tz})`,
      );
    }
    const exactly = { from: startsAt, to: new Date(startsAt.getTime() + 1) };
    const [slot] = await this.slots.compute(em, context, exactly, window, { resourceId, excludeBookingId: moving?.bookingId });
    if (slot && slot.startsAt.getTime() === startsAt.getTime()) {
      if (moving && slot.resourceIds.includes(moving.preferResourceId) && !resourceId) return moving.preferResourceId;
      return slot.resourceIds[0]!;
    }
    const [possible] = await this.slots.compute(em, context, exactly, window, { resourceId, ignoreBookings: true });
    if (!possible || possible.startsAt.getTime() !== startsAt.getTime()) {
      throw new DomainError(422, 'outside_availability', 'That is not one of the bookable start times of this service; choose one of the free times offered');
    }
    throw new TakenInTransaction();
  }

  /** 409 `slot_taken` naming the next free times of the same service (read after the failed transaction). */
  private async slotTaken(business: BookingPageBusiness, serviceId: string, startsAt: Date, excludeBookingId: string | null): Promise<DomainError> {
    let next: FreeSlot[];
    try {
      const context = await this.slots.loadContext(this.db, business, serviceId);
      const window = bookingWindow(business, this.clock.now());
      const from = new Date(Math.max(startsAt.getTime(), window.earliest.getTime()));
      next = await this.slots.compute(this.db, context, { from, to: new Date(from.getTime() + 7 * DAY) }, window, {
        limit: 5,
        excludeBookingId: excludeBookingId ?? undefined,
      });
    } catch {
      next = [];
    }
    return new DomainError(409, 'slot_taken', 'That time was just taken; please choose another one', {
      nextFreeTimes: next.map((s) => toSlotView(s, business.timeZone)),
    });
  }

  private assertChangeable(business: BookingPageBusiness, row: BookingRead): void {
    if (row.status !== 'confirmed')
      throw new DomainError(409, 'conflict', `This booking is ${row.status === 'cancelled' ? 'already cancelled' : 'no longer open to changes'}`);
    if (this.clock.now() >= this.changeableUntil(business, row)) {
      const hours = business.cancellationWindowHours;
      throw new DomainError(
        409,
        'cancellation_window_passed',
        hours > 0
          ? `Online changes close ${hours} hour${hours === 1 ? '' : 's'} before the appointment; please contact ${business.name}`
          : `The appointment has started; please contact ${business.name}`,
      );
    }
  }

  private async row(em: EntityManager, businessId: string, bookingId: string): Promise<BookingRead> {
    const row = await this.bookings.find(businessId, bookingId, em);
    if (!row) throw linkNotFound();
    return row;
  }

  private async lockedRow(em: EntityManager, businessId: string, bookingId: string): Promise<BookingRead> {
    await this.bookings.lock(em, businessId, bookingId);
    return this.row(em, businessId, bookingId);
  }

  /** The admin's view of the booking, for the audit row's snapshot. */
  private async view(em: EntityManager, business: BookingPageBusiness, bookingId: string) {
    const row = await this.bookings.find(business.id, bookingId, em);
    if (!row) throw notFound('Booking');
    return toBookingView(row, business.timeZone);
  }
}

/**
 * Thrown inside a transaction when the time is taken; the 409 with the next free times is built
 * after it has rolled back (the embedded database has one connection, held by the transaction).
 */
class TakenInTransaction extends Error {}

function linkExpiry(endsAt: Date): Date {
  return new Date(endsAt.getTime() + MANAGE_LINK_DAYS_AFTER_END * DAY);
}

function linkNotFound(): DomainError {
  return new DomainError(404, 'not_found', 'This booking link is not valid or has expired');
}

function isExclusion(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === PG_EXCLUSION;
}
