import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isExclusionViolation, retryDeadlocks } from '../common/database-errors.js';
import { toZonedIso, zonedParts, type BookingView, type Page, type WeeklyHours } from '#contracts';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { clampLimit, decodeCursor, page } from '../common/pagination.js';
import { ImpersonationContext } from '../access/impersonation-context.js';
import { checkOpeningHours, dayName, type AvailabilityRules } from '../schedule/availability-rules.js';
import { instantOf } from '../common/instant.js';
import { withinWorkingHours } from '../schedule/free-slots.js';
import { SlotsService } from '../schedule/slots.service.js';
import {
  BOOKING_SELECT,
  instant,
  loadAvailability,
  loadBookingView,
  loadBusiness,
  toBookingView,
  type BookingRow,
  type BusinessZone,
  type Sql,
} from './booking-queries.js';
import { BookingMessages } from './booking-messages.js';
import { bookingSnapshot } from './booking-snapshot.js';
import type { BookingListQuery, CreateBookingDto, UpdateBookingDto } from './dto.js';
import { containsPattern } from '../common/sql.js';

/** What a write tried to occupy, to explain a `slot_taken` after its transaction rolled back. */
interface SlotAttempt {
  business: BusinessZone;
  resourceId: string;
  resourceName: string;
  startsAt: Date;
  endsAt: Date;
  /** The booking being moved (it does not conflict with itself). */
  bookingId: string | null;
}

interface ServiceRow {
  id: string;
  name: string;
  durationMinutes: number;
  active: boolean;
}

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
    private readonly audit: AuditService,
    private readonly context: ImpersonationContext,
    private readonly clock: Clock,
    private readonly messages: BookingMessages,
    private readonly slots: SlotsService,
  ) {}

  /** Page<BookingView> by start ascending, keyset on (starts_at, id). */
  async list(businessId: string, query: BookingListQuery): Promise<Page<BookingView>> {
    const business = await loadBusiness(this.db, businessId);
    const limit = clampLimit(query.limit);
    const params: unknown[] = [businessId];
    const where = ['b.business_id = $1'];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.from) where.push(`b.starts_at >= ${param(this.instantOf(query.from, 'from'))}`);
    if (query.to) where.push(`b.starts_at < ${param(this.instantOf(query.to, 'to'))}`);
    if (query.status) where.push(`b.status = ${param(query.status)}`);
    if (query.resourceId) where.push(`b.resource_id = ${param(query.resourceId)}`);
    if (query.customerId) where.push(`b.customer_id = ${param(query.customerId)}`);
    if (query.q?.trim()) {
      const p = param(containsPattern(query.q.trim()));
      where.push(`(c.name ILIKE ${p} ESCAPE '\\' OR c.email ILIKE ${p} ESCAPE '\\')`);
    }
    const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
    if (cursor) where.push(`(b.starts_at, b.id) > (${param(new Date(String(cursor[0])))}::timestamptz, ${param(cursor[1])}::uuid)`);
    const rows: BookingRow[] = await this.db.query(`${BOOKING_SELECT} WHERE ${where.join(' AND ')} ORDER BY b.starts_at, b.id LIMIT ${param(limit + 1)}`, params);
    const result = page(rows, limit, (r) => [instant(r.starts_at).toISOString(), r.id]);
    return { items: result.items.map((r) => toBookingView(r, business.timeZone)), nextCursor: result.nextCursor };
  }

  async get(businessId: string, bookingId: string): Promise<BookingView> {
    return loadBookingView(this.db, await loadBusiness(this.db, businessId), bookingId);
  }

  async create(businessId: string, input: CreateBookingDto): Promise<BookingView> {
    const startsAt = this.instantOf(input.startsAt, 'startsAt');
    const attempt: { slot?: SlotAttempt } = {};
    try {
      return await retryDeadlocks(() => this.db.transaction(async (em) => {
        const business = await loadBusiness(em, businessId);
        await this.requireCustomer(em, businessId, input.customerId);
        const service = await this.requireService(em, businessId, input.serviceId, true);
        const resource = await this.requireResource(em, businessId, input.resourceId, true);
        const endsAt = new Date(startsAt.getTime() + service.durationMinutes * 60_000);
        await this.assertBookable(em, business, service, resource, startsAt, endsAt, { eligibility: true, hours: true });
        attempt.slot = { business, resourceId: resource.id, resourceName: resource.name, startsAt, endsAt, bookingId: null };
        const now = this.clock.now();
        const [{ id }] = await em.query(
          `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, status, notes, created_at, updated_at, created_by, created_in_impersonation)
           VALUES ($1, $2, $3, $4, $5, $6, 'confirmed', $7, $8, $8, $9, $10) RETURNING id`,
          [businessId, input.customerId, service.id, resource.id, startsAt, endsAt, input.notes ?? null, now, this.context.actorId, this.context.impersonationId],
        );
        const view = await loadBookingView(em, business, id);
        await this.audit.record(em, { action: 'booking.create', businessId, targetType: 'booking', targetId: id, before: null, after: bookingSnapshot(view), status: 201 });
        // The customer's confirmation and reminder commit with the booking (an impersonating operator's too: from the business, naming nobody).
        await this.messages.afterWrite(em, { businessId, bookingId: id, before: null });
        return view;
      }));
    } catch (err) {
      throw await this.explainConflict(err, attempt.slot);
    }
  }

  /**
   * Reschedule, move to another resource, change customer or service, notes, or status. Opening hours
   * are re-checked when the times change; overlap is re-checked by the constraint on every update.
   */
  async update(businessId: string, bookingId: string, input: UpdateBookingDto): Promise<BookingView> {
    const newStart = input.startsAt !== undefined ? this.instantOf(input.startsAt, 'startsAt') : null;
    const attempt: { slot?: SlotAttempt } = {};
    try {
      return await retryDeadlocks(() => this.db.transaction(async (em) => {
        const business = await loadBusiness(em, businessId);
        const current = await this.lockBooking(em, businessId, bookingId);
        if (current.status === 'cancelled') throw new DomainError(409, 'conflict', 'This booking is cancelled and can no longer be edited; create a new booking instead');
        const beforeView = await loadBookingView(em, business, bookingId);
        const beforeMessage = await this.messages.snapshot(em, businessId, bookingId);

        const customerId = input.customerId ?? current.customer_id;
        if (customerId !== current.customer_id) await this.requireCustomer(em, businessId, customerId);
        const serviceChanged = input.serviceId !== undefined && input.serviceId !== current.service_id;
        const service = await this.requireService(em, businessId, input.serviceId ?? current.service_id, serviceChanged);
        const resourceChanged = input.resourceId !== undefined && input.resourceId !== current.resource_id;
        const resource = await this.requireResource(em, businessId, input.resourceId ?? current.resource_id, resourceChanged);

        const startsAt = newStart ?? instant(current.starts_at);
        // The length follows the service when the start or the service changes; otherwise it is kept.
        const endsAt = newStart || serviceChanged ? new Date(startsAt.getTime() + service.durationMinutes * 60_000) : instant(current.ends_at);
        const timesChanged = startsAt.getTime() !== instant(current.starts_at).getTime() || endsAt.getTime() !== instant(current.ends_at).getTime();
        // What did not change is not re-judged (a booking made before the rules changed can still be completed or annotated).
        await this.assertBookable(em, business, service, resource, startsAt, endsAt, { eligibility: serviceChanged || resourceChanged, hours: timesChanged || resourceChanged });
        attempt.slot = { business, resourceId: resource.id, resourceName: resource.name, startsAt, endsAt, bookingId };
        const notes = input.notes !== undefined ? input.notes : current.notes;
        const status = input.status ?? current.status;
        await em.query(
          `UPDATE bookings SET customer_id = $3, service_id = $4, resource_id = $5, starts_at = $6, ends_at = $7, notes = $8, status = $9, updated_at = $10
            WHERE business_id = $1 AND id = $2`,
          [businessId, bookingId, customerId, service.id, resource.id, startsAt, endsAt, notes, status, this.clock.now()],
        );
        const view = await loadBookingView(em, business, bookingId);
        await this.audit.record(em, {
          action: 'booking.update', businessId, targetType: 'booking', targetId: bookingId, before: bookingSnapshot(beforeView), after: bookingSnapshot(view), status: 200,
        });
        await this.messages.afterWrite(em, { businessId, bookingId, before: beforeMessage });
        return view;
      }));
    } catch (err) {
      throw await this.explainConflict(err, attempt.slot);
    }
  }

  /** Cancelling frees the slot (the exclusion constraint ignores cancelled bookings). */
  async cancel(businessId: string, bookingId: string): Promise<BookingView> {
    return this.db.transaction(async (em) => {
      const business = await loadBusiness(em, businessId);
      const current = await this.lockBooking(em, businessId, bookingId);
      if (current.status === 'cancelled') throw new DomainError(409, 'conflict', 'This booking is already cancelled');
      const beforeView = await loadBookingView(em, business, bookingId);
      const beforeMessage = await this.messages.snapshot(em, businessId, bookingId);
      await em.query(`UPDATE bookings SET status = 'cancelled', updated_at = $3 WHERE business_id = $1 AND id = $2`, [businessId, bookingId, this.clock.now()]);
      const view = await loadBookingView(em, business, bookingId);
      await this.audit.record(em, {
        action: 'booking.cancel', businessId, targetType: 'booking', targetId: bookingId, before: bookingSnapshot(beforeView), after: bookingSnapshot(view), status: 200,
      });
      await this.messages.afterWrite(em, { businessId, bookingId, before: beforeMessage });
      return view;
    });
  }

  private instantOf(value: string, field: string): Date {
    return instantOf(value, field);
  }

  private async lockBooking(em: EntityManager, businessId: string, bookingId: string) {
    const [row] = await em.query(
      `SELECT id, customer_id, service_id, resource_id, starts_at, ends_at, status, notes FROM bookings WHERE business_id = $1 AND id = $2 FOR UPDATE`,
      [businessId, bookingId],
    );
    if (!row) throw notFound('Booking');
    return row as Pick<BookingRow, 'id' | 'customer_id' | 'service_id' | 'resource_id' | 'starts_at' | 'ends_at' | 'status' | 'notes'>;
  }

  /** Another business's id is "not found", exactly like a made-up one: nothing leaks across tenants. */
  private async requireCustomer(em: EntityManager, businessId: string, customerId: string): Promise<void> {
    const [row] = await em.query(`SELECT id FROM customers WHERE business_id = $1 AND id = $2`, [businessId, customerId]);
    if (!row) throw notFound('Customer');
  }

  private async requireService(em: EntityManager, businessId: string, serviceId: string, mustBeActive: boolean): Promise<ServiceRow> {
    const [row] = await em.query(`SELECT id, name, duration_minutes, active FROM services WHERE business_id = $1 AND id = $2`, [businessId, serviceId]);
    if (!row) throw notFound('Service');
    if (mustBeActive && !row.active) throw inactive('serviceId', `The service "${row.name}" is not active and cannot be booked`);
    return { id: row.id, name: row.name, durationMinutes: Number(row.duration_minutes), active: row.active };
  }

  private async requireResource(em: EntityManager, businessId: string, resourceId: string, mustBeActive: boolean): Promise<{ id: string; name: string }> {
    const [row] = await em.query(`SELECT id, name, active FROM resources WHERE business_id = $1 AND id = $2`, [businessId, resourceId]);
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
    sql: Sql,
    business: BusinessZone,
    service: ServiceRow,
    resource: { id: string; name: string },
    startsAt: Date,
    endsAt: Date,
    check: { eligibility: boolean; hours: boolean },
  ): Promise<void> {
    if (!check.eligibility && !check.hours) return;
    const own = await this.slots.resourceRules(sql, business.id, service.id, resource.id);
    if (check.eligibility && !own.eligible) {
      const message = `${resource.name} does not perform "${service.name}"; choose one of the resources set for it under Settings → Services`;
      throw new DomainError(422, 'resource_not_eligible', message, { errors: [{ field: 'resourceId', messages: [message] }] });
    }
    if (!check.hours) return;
    const rules = await loadAvailability(sql, business);
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
    const [holder] = await this.db.query(
      `SELECT b.starts_at, b.ends_at FROM bookings b
        WHERE b.business_id = $1 AND b.resource_id = $2 AND b.status <> 'cancelled' AND b.starts_at < $4 AND b.ends_at > $3
          AND ($5::uuid IS NULL OR b.id <> $5::uuid)
        ORDER BY b.starts_at LIMIT 1`,
      [attempt.business.id, attempt.resourceId, attempt.startsAt, attempt.endsAt, attempt.bookingId],
    );
    const startsAt = holder ? instant(holder.starts_at) : attempt.startsAt;
    const endsAt = holder ? instant(holder.ends_at) : attempt.endsAt;
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
