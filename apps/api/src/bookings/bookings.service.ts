import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isExclusionViolation, retryDeadlocks } from '../common/database-errors.js';
import { toZonedIso, zonedParts, type BookingView, type Page, type WeeklyHours } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import type { BusinessScope } from '../access/business-scope.js';
import { Resource } from '../catalog/resource.entity.js';
import { BookableService } from '../catalog/service.entity.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { clampLimit, decodeCursor, page } from '../common/pagination.js';
import { Customer } from '../customers/customer.entity.js';
import { checkOpeningHours, dayName, type AvailabilityRules } from '../schedule/availability-rules.js';
import { instantOf } from '../common/instant.js';
import { withinWorkingHours } from '../schedule/free-slots.js';
import { SlotsService } from '../schedule/slots.service.js';
import { AvailabilityRepository } from '../schedule/availability.repository.js';
import { BookingMessages } from './booking-messages.js';
import { bookingSnapshot } from './booking-snapshot.js';
import { toBookingView } from './booking-view.js';
import { BookingsRepository } from './bookings.repository.js';
import type { BookingListQuery, CreateBookingDto, UpdateBookingDto } from './dto.js';

/** The business as a booking's rules need it: its id and zone (from the request's BusinessScope). */
type ScopeZone = Pick<BusinessScope, 'id' | 'slug' | 'name' | 'timeZone'>;

/** What a write tried to occupy, to explain a `slot_taken` after its transaction rolled back. */
interface SlotAttempt {
  business: ScopeZone;
  resourceId: string;
  resourceName: string;
  startsAt: Date;
  endsAt: Date;
  /** The booking being moved (it does not conflict with itself). */
  bookingId: string | null;
}

type ServiceRow = Pick<BookableService, 'id' | 'name' | 'durationMinutes' | 'active'>;
type ResourceRow = Pick<Resource, 'id' | 'name'>;

/**
 * Bookings of one business: the rules of docs/ARCHITECTURE.md §6. Opening hours are checked here; overlap is left
 * to the `bookings_no_overlap` exclusion constraint, the only check two racing requests cannot both
 * pass. Every write commits with its audit row in one transaction, and keeps both identities
 * (`created_by` = the real person, `created_in_impersonation` = the impersonation, if any).
 */
@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bookings: BookingsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly messages: BookingMessages,
    private readonly slots: SlotsService,
    private readonly availability: AvailabilityRepository,
  ) {}

  /** Page<BookingView> by start ascending, keyset on (starts_at, id). */
  async list(scope: BusinessScope, query: BookingListQuery): Promise<Page<BookingView>> {
    const limit = clampLimit(query.limit);
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.bookings.list(
      scope.id,
      {
        from: query.from ? instantOf(query.from, 'from') : undefined,
        to: query.to ? instantOf(query.to, 'to') : undefined,
        status: query.status,
        resourceId: query.resourceId,
        customerId: query.customerId,
        search: query.q?.trim() || undefined,
        after: cursor ? { startsAt: new Date(String(cursor[0])), id: String(cursor[1]) } : undefined,
      },
      limit + 1,
    );
    const result = page(rows, limit, (r) => [r.startsAt.toISOString(), r.id]);
    return { items: result.items.map((r) => toBookingView(r, scope.timeZone)), nextCursor: result.nextCursor };
  }

  async get(scope: BusinessScope, bookingId: string): Promise<BookingView> {
    return this.view(this.db.manager, scope, bookingId);
  }

  async create(scope: BusinessScope, input: CreateBookingDto): Promise<BookingView> {
    const businessId = scope.id;
    const startsAt = instantOf(input.startsAt, 'startsAt');
    const attempt: { slot?: SlotAttempt } = {};
    try {
      return await retryDeadlocks(() =>
        this.db.transaction(async (em) => {
          await this.requireCustomer(em, businessId, input.customerId);
          const service = await this.requireService(em, businessId, input.serviceId, true);
          const resource = await this.requireResource(em, businessId, input.resourceId, true);
          const endsAt = new Date(startsAt.getTime() + service.durationMinutes * 60_000);
          await this.assertBookable(em, scope, service, resource, startsAt, endsAt, { eligibility: true, hours: true });
          attempt.slot = { business: scope, resourceId: resource.id, resourceName: resource.name, startsAt, endsAt, bookingId: null };
          const now = this.clock.now();
          const id = await this.bookings.insert(em, {
            businessId,
            customerId: input.customerId,
            serviceId: service.id,
            resourceId: resource.id,
            startsAt,
            endsAt,
            status: 'confirmed',
            notes: input.notes ?? null,
            createdAt: now,
            updatedAt: now,
            createdBy: scope.actorId,
            createdInImpersonation: scope.impersonationId,
          });
          const view = await this.view(em, scope, id);
          await this.audit.record(em, {
            action: 'booking.create',
            businessId,
            targetType: 'booking',
            targetId: id,
            before: null,
            after: bookingSnapshot(view),
            status: 201,
          });
          // The customer's confirmation and reminder commit with the booking (an impersonating operator's too: from the business, naming nobody).
          await this.messages.afterWrite(em, { businessId, bookingId: id, before: null });
          return view;
        }),
      );
    } catch (err) {
      throw await this.explainConflict(err, attempt.slot);
    }
  }

  /**
   * Reschedule, move to another resource, change customer or service, notes, or status. Opening hours
   * are re-checked when the times change; overlap is re-checked by the constraint on every update.
   */
  async update(scope: BusinessScope, bookingId: string, input: UpdateBookingDto): Promise<BookingView> {
    const businessId = scope.id;
    const newStart = input.startsAt !== undefined ? instantOf(input.startsAt, 'startsAt') : null;
    const attempt: { slot?: SlotAttempt } = {};
    try {
      return await retryDeadlocks(() =>
        this.db.transaction(async (em) => {
          const current = await this.lockBooking(em, businessId, bookingId);
          if (current.status === 'cancelled')
            throw new DomainError(409, 'conflict', 'This booking is cancelled and can no longer be edited; create a new booking instead');
          const beforeView = await this.view(em, scope, bookingId);
          const beforeMessage = await this.messages.snapshot(em, businessId, bookingId);

          const customerId = input.customerId ?? current.customerId;
          if (customerId !== current.customerId) await this.requireCustomer(em, businessId, customerId);
          const serviceChanged = input.serviceId !== undefined && input.serviceId !== current.serviceId;
          const service = await this.requireService(em, businessId, input.serviceId ?? current.serviceId, serviceChanged);
          const resourceChanged = input.resourceId !== undefined && input.resourceId !== current.resourceId;
          const resource = await this.requireResource(em, businessId, input.resourceId ?? current.resourceId, resourceChanged);

          const startsAt = newStart ?? current.startsAt;
          // The length follows the service when the start or the service changes; otherwise it is kept.
          const endsAt = newStart || serviceChanged ? new Date(startsAt.getTime() + service.durationMinutes * 60_000) : current.endsAt;
          const timesChanged = startsAt.getTime() !== current.startsAt.getTime() || endsAt.getTime() !== current.endsAt.getTime();
          // What did not change is not re-judged (a booking made before the rules changed can still be completed or annotated).
          await this.assertBookable(em, scope, service, resource, startsAt, endsAt, {
            eligibility: serviceChanged || resourceChanged,
            hours: timesChanged || resourceChanged,
          });
          attempt.slot = { business: scope, resourceId: resource.id, resourceName: resource.name, startsAt, endsAt, bookingId };
          await this.bookings.update(em, businessId, bookingId, {
            customerId,
            serviceId: service.id,
            resourceId: resource.id,
            startsAt,
            endsAt,
            notes: input.notes !== undefined ? input.notes : current.notes,
            status: input.status ?? current.status,
            updatedAt: this.clock.now(),
          });
          const view = await this.view(em, scope, bookingId);
          await this.audit.record(em, {
            action: 'booking.update',
            businessId,
            targetType: 'booking',
            targetId: bookingId,
            before: bookingSnapshot(beforeView),
            after: bookingSnapshot(view),
            status: 200,
          });
          await this.messages.afterWrite(em, { businessId, bookingId, before: beforeMessage });
          return view;
        }),
      );
    } catch (err) {
      throw await this.explainConflict(err, attempt.slot);
    }
  }

  /** Cancelling frees the slot (the exclusion constraint ignores cancelled bookings). */
  async cancel(scope: BusinessScope, bookingId: string): Promise<BookingView> {
    const businessId = scope.id;
    return this.db.transaction(async (em) => {
      const current = await this.lockBooking(em, businessId, bookingId);
      if (current.status === 'cancelled') throw new DomainError(409, 'conflict', 'This booking is already cancelled');
      const beforeView = await this.view(em, scope, bookingId);
      const beforeMessage = await this.messages.snapshot(em, businessId, bookingId);
      await this.bookings.update(em, businessId, bookingId, { status: 'cancelled', updatedAt: this.clock.now() });
      const view = await this.view(em, scope, bookingId);
      await this.audit.record(em, {
        action: 'booking.cancel',
        businessId,
        targetType: 'booking',
        targetId: bookingId,
        before: bookingSnapshot(beforeView),
        after: bookingSnapshot(view),
        status: 200,
      });
      await this.messages.afterWrite(em, { businessId, bookingId, before: beforeMessage });
      return view;
    });
  }

  private async view(em: EntityManager, business: ScopeZone, bookingId: string): Promise<BookingView> {
    const row = await this.bookings.find(business.id, bookingId, em);
    if (!row) throw notFound('Booking');
    return toBookingView(row, business.timeZone);
  }

  private async lockBooking(em: EntityManager, businessId: string, bookingId: string) {
    const row = await this.bookings.lock(em, businessId, bookingId);
    if (!row) throw notFound('Booking');
    return row;
  }

  /** Another business's id is "not found", exactly like a made-up one: nothing leaks across tenants. */
  private async requireCustomer(em: EntityManager, businessId: string, customerId: string): Promise<void> {
    const found = await em.exists(Customer, { where: { businessId, id: customerId } });
    if (!found) throw notFound('Customer');
  }

  private async requireService(em: EntityManager, businessId: string, serviceId: string, mustBeActive: boolean): Promise<ServiceRow> {
    const row = await em.findOne(BookableService, {
      select: { id: true, name: true, durationMinutes: true, active: true },
      where: { businessId, id: serviceId },
    });
    if (!row) throw notFound('Service');
    if (mustBeActive && !row.active) throw inactive('serviceId', `The service "${row.name}" is not active and cannot be booked`);
    return { id: row.id, name: row.name, durationMinutes: row.durationMinutes, active: row.active };
  }

  private async requireResource(em: EntityManager, businessId: string, resourceId: string, mustBeActive: boolean): Promise<ResourceRow> {
    const row = await em.findOne(Resource, { select: { id: true, name: true, active: true }, where: { businessId, id: resourceId } });
    if (!row) throw notFound('Resource');
    if (mustBeActive && !row.active) throw inactive('resourceId', `The resource "${row.name}" is not active and cannot be booked`);
    return { id: row.id, name: row.name };
  }

  /**
   * The rules the free times are computed by (SlotsService, free-slots.ts), for a time chosen by
   * hand: the resource may perform the service (422 `resource_not_eligible`), and the booking lies
   * inside the opening hours and inside the resource's own working hours (422 `outside_availability`).
   * Overlaps, buffers included, are the exclusion constraint's to judge.
   */
  private async assertBookable(
    em: EntityManager,
    business: ScopeZone,
    service: ServiceRow,
    resource: ResourceRow,
    startsAt: Date,
    endsAt: Date,
    check: { eligibility: boolean; hours: boolean },
  ): Promise<void> {
    if (!check.eligibility && !check.hours) return;
    const own = await this.slots.resourceRules(em, business.id, service.id, resource.id);
    if (check.eligibility && !own.eligible) {
      const message = `${resource.name} does not perform "${service.name}"; choose one of the resources set for it under Settings → Services`;
      throw new DomainError(422, 'resource_not_eligible', message, { errors: [{ field: 'resourceId', messages: [message] }] });
    }
    if (!check.hours) return;
    const rules = await this.availability.settings(business, em);
    const verdict = checkOpeningHours(startsAt, endsAt, rules);
    if (!verdict.ok) throw new DomainError(422, 'outside_availability', verdict.detail);
    if (!withinWorkingHours(startsAt, endsAt, rules, { id: resource.id, workingHours: own.workingHours })) {
      throw new DomainError(422, 'outside_availability', outsideWorkingHours(resource.name, own.workingHours, startsAt, endsAt, rules));
    }
  }

  /**
   * The exclusion constraint refused the write: name the live booking that holds the slot. It is read
   * after the failed transaction (on PostgreSQL the winner has committed by then), so the admin can
   * say what is in the way and keep the form as it was.
   */
  private async explainConflict(err: unknown, attempt: SlotAttempt | undefined): Promise<unknown> {
    if (!isExclusionViolation(err) || !attempt) return err;
    const tz = attempt.business.timeZone;
    const holder = await this.bookings.findHolder(
      attempt.business.id,
      attempt.resourceId,
      { startsAt: attempt.startsAt, endsAt: attempt.endsAt },
      attempt.bookingId,
    );
    const startsAt = holder ? holder.startsAt : attempt.startsAt;
    const endsAt = holder ? holder.endsAt : attempt.endsAt;
    const slot = { resourceId: attempt.resourceId, resourceName: attempt.resourceName, startsAt: toZonedIso(startsAt, tz), endsAt: toZonedIso(endsAt, tz) };
    const from = slot.startsAt.slice(11, 16);
    const to = slot.endsAt.slice(11, 16);
    return new DomainError(
      409,
      'slot_taken',
      `${attempt.resourceName} is already booked from ${from} to ${to} on ${slot.startsAt.slice(0, 10)} (${tz}); choose another time or resource`,
      { slot },
    );
  }
}

function inactive(field: string, message: string): DomainError {
  return new DomainError(422, 'validation_failed', message, { errors: [{ field, messages: [message] }] });
}

function outsideWorkingHours(resourceName: string, hours: WeeklyHours[], startsAt: Date, endsAt: Date, rules: AvailabilityRules): string {
  const tz = rules.timeZone;
  const start = zonedParts(startsAt, tz);
  const when = `${start.time}–${zonedParts(endsAt, tz).time} on ${dayName(start.weekday)} ${start.date} (${tz})`;
  const that = hours.filter((h) => h.weekday === start.weekday).map((h) => `${h.opens}–${h.closes}`);
  return that.length
    ? `${when} is outside ${resourceName}'s working hours (${that.join(', ')} on ${dayName(start.weekday)}s); choose another time or resource`
    : `${resourceName} does not work on ${dayName(start.weekday)}s; ${when} cannot be booked on it`;
}
