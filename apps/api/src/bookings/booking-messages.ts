import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { loadBranding } from '../messages/branding.js';
import { OutboxService } from '../messages/outbox.service.js';
import { bookingMessage, type BookingFacts, type BookingMessageKind } from '../messages/templates.js';
import { BookingsRepository } from './bookings.repository.js';

/** The outbox kinds of customers' booking messages (the operator's outbox labels them). */
export const BOOKING_MESSAGE_KINDS = {
  confirmed: 'booking.confirmed',
  changed: 'booking.changed',
  cancelled: 'booking.cancelled',
  reminder: 'booking.reminder',
} as const satisfies Record<BookingMessageKind, string>;

/** What a customer's message about a booking needs, read inside the booking's transaction. */
export interface MessageBooking {
  id: string;
  businessId: string;
  slug: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  customerId: string;
  customerName: string;
  customerEmail: string | null;
  serviceId: string;
  serviceName: string;
  resourceId: string;
  resourceName: string;
  /** Until when the customer may cancel or move it through the manage link (online bookings). */
  changeableUntil: Date | null;
  hasManageLink: boolean;
}

export interface BookingWrite {
  businessId: string;
  bookingId: string;
  /** The booking as it was before this write (`snapshot` inside the same transaction); null for a new booking. */
  before: MessageBooking | null;
  /** The customer's manage token when this write knows it (the booking page, the manage link itself). */
  manageToken?: string | null;
}

/**
 * Customers' messages about their bookings: a confirmation when a booking is made, a change when its
 * time, service or resource changes, a cancellation, and a reminder `BOOKING_REMINDER_HOURS` before
 * it starts. Every one is written into the outbox by the booking's own transaction (`afterWrite` is
 * called next to the audit row), so a write that rolls back leaves no message and a committed one
 * always has its message. The reminder waits in the outbox with a not-before time; moving the booking
 * withdraws it and schedules a new one, cancelling it withdraws it.
 *
 * Who made the change does not matter to the customer: a booking written by the business's staff, by
 * an operator impersonating the business, or by the customer on the booking page gets the same
 * message, from the business (its name, colour, Reply-To and time zone), naming nobody.
 *
 * Rules: nothing is sent to a customer without an e-mail address, and nothing about the past (a
 * booking that has already started gets no confirmation, change or cancellation, and no reminder).
 * The manage link (a credential: sealed in the outbox row, filled in only at delivery) goes into the
 * messages whose write knows it (the booking page's confirmation, the customer's own reschedule) and
 * into the reminder; an admin's change to an online booking carries it over from the waiting reminder
 * when there is one (only its hash is stored on the booking, so it cannot be rebuilt otherwise).
 */
@Injectable()
export class BookingMessages {
  constructor(
    private readonly outbox: OutboxService,
    private readonly bookings: BookingsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async snapshot(em: EntityManager, businessId: string, bookingId: string): Promise<MessageBooking> {
    const r = await this.bookings.messageFacts(em, businessId, bookingId);
    if (!r) throw new Error(`booking messages: booking ${bookingId} not found`);
    const linkAlive = r.hasManageLink && (!r.manageTokenExpiresAt || r.manageTokenExpiresAt > this.clock.now());
    return {
      id: r.id,
      businessId: r.businessId,
      slug: r.businessSlug,
      status: r.status,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      customerId: r.customer.id,
      customerName: r.customer.name,
      customerEmail: r.customerEmail ? r.customerEmail.trim() || null : null,
      serviceId: r.service.id,
      serviceName: r.service.name,
      resourceId: r.resource.id,
      resourceName: r.resource.name,
      changeableUntil: linkAlive ? new Date(r.startsAt.getTime() - r.cancellationWindowHours * 3_600_000) : null,
      hasManageLink: linkAlive,
    };
  }

  /**
   * Writes what the customer should hear about this write (inside its transaction) and keeps the
   * reminder in step. Which message follows from before/after: new → confirmed; cancelled now →
   * cancelled; another customer → the previous one's cancellation and the new one's confirmation;
   * time, service or resource changed → changed; anything else (notes, completed, no-show) → none.
   */
  async afterWrite(em: EntityManager, write: BookingWrite): Promise<void> {
    const after = await this.snapshot(em, write.businessId, write.bookingId);
    const before = write.before;
    if (before && !concernsCustomer(before, after)) return;
    const knownLink = write.manageToken ? this.manageUrl(after.slug, write.manageToken) : null;
    // The waiting reminder is withdrawn first; its sealed manage link, if it had one, is carried on.
    const carried = await this.withdrawReminder(em, after);
    const link = after.hasManageLink ? (knownLink ?? carried) : null;

    if (!before) {
      if (after.status === 'confirmed') await this.send(em, 'confirmed', after, { link });
    } else if (after.status === 'cancelled' && before.status !== 'cancelled') {
      await this.send(em, 'cancelled', before, { link: null });
    } else if (after.customerId !== before.customerId) {
      if (before.status === 'confirmed') await this.send(em, 'cancelled', before, { link: null });
      if (after.status === 'confirmed') await this.send(em, 'confirmed', after, { link: null });
    } else if (
      after.status === 'confirmed' &&
      (after.startsAt.getTime() !== before.startsAt.getTime() ||
        after.endsAt.getTime() !== before.endsAt.getTime() ||
        after.serviceId !== before.serviceId ||
        after.resourceId !== before.resourceId)
    ) {
      await this.send(em, 'changed', after, { link, previous: before });
    }
    await this.scheduleReminder(em, after, after.customerId === before?.customerId || !before ? link : null);
  }

  /**
   * A customer's name or address changed: the reminders still waiting for their upcoming bookings are
   * written again to the new details (a reminder never goes to an address the customer has left).
   */
  async customerChanged(em: EntityManager, businessId: string, customerId: string): Promise<void> {
    for (const id of await this.bookings.upcomingIdsForCustomer(em, businessId, customerId, this.clock.now())) {
      const b = await this.snapshot(em, businessId, id);
      await this.scheduleReminder(em, b, await this.withdrawReminder(em, b));
    }
  }

  private manageUrl(slug: string, token: string): string {
    return `${this.config.publicUrl}/book/${slug}/manage/${token}`;
  }

  private async send(em: EntityManager, kind: BookingMessageKind, b: MessageBooking, opts: { link: string | null; previous?: MessageBooking }): Promise<void> {
    if (!b.customerEmail) return;
    const now = this.clock.now();
    if (b.startsAt.getTime() <= now.getTime()) return;
    const link = usableLink(opts.link, b, now);
    const business = await loadBranding(em, b.businessId);
    await this.outbox.enqueue(em, {
      kind: BOOKING_MESSAGE_KINDS[kind],
      businessId: b.businessId,
      to: b.customerEmail,
      subjectRef: `booking:${b.id}`,
      ...bookingMessage(kind, {
        business,
        booking: facts(b),
        previous: opts.previous ? facts(opts.previous) : null,
        manageLink: link !== null,
        changeableUntil: b.changeableUntil,
      }),
      secretLink: link,
    });
  }

  /** Cancels the waiting reminder of this booking; returns the manage link it carried, if any. */
  private async withdrawReminder(em: EntityManager, b: MessageBooking): Promise<string | null> {
    const waiting: { secret: string | null }[] = await em.query(
      `SELECT secret FROM outbox_messages WHERE subject_ref = $2 AND business_id = $1 AND kind = $3 AND status = 'pending' AND secret IS NOT NULL LIMIT 1`,
      [b.businessId, `booking:${b.id}`, BOOKING_MESSAGE_KINDS.reminder],
    );
    const link = waiting[0]?.secret ? this.outbox.box.open(waiting[0].secret) : null;
    await this.outbox.cancelPending(em, b.businessId, `booking:${b.id}`, BOOKING_MESSAGE_KINDS.reminder);
    return link;
  }

  /** A reminder `BOOKING_REMINDER_HOURS` before the start, when that is still ahead (a booking made later than that gets none). */
  private async scheduleReminder(em: EntityManager, b: MessageBooking, link: string | null): Promise<void> {
    const hours = this.config.bookingReminderHours;
    if (hours <= 0 || b.status !== 'confirmed' || !b.customerEmail) return;
    const at = new Date(b.startsAt.getTime() - hours * 3_600_000);
    if (at.getTime() <= this.clock.now().getTime()) return;
    const business = await loadBranding(em, b.businessId);
    // The link goes along only while it can still change something when the reminder arrives.
    const withLink = usableLink(link, b, at);
    await this.outbox.enqueue(em, {
      kind: BOOKING_MESSAGE_KINDS.reminder,
      businessId: b.businessId,
      to: b.customerEmail,
      subjectRef: `booking:${b.id}`,
      notBefore: at,
      ...bookingMessage('reminder', { business, booking: facts(b), manageLink: withLink !== null, changeableUntil: b.changeableUntil }),
      secretLink: withLink,
    });
  }
}

function facts(b: MessageBooking): BookingFacts {
  return { customerName: b.customerName, serviceName: b.serviceName, resourceName: b.resourceName, startsAt: b.startsAt, endsAt: b.endsAt };
}

/** The manage link, when the booking can still be cancelled or moved through it at `at`. */
function usableLink(link: string | null, b: MessageBooking, at: Date): string | null {
  return link && b.hasManageLink && b.changeableUntil && b.changeableUntil.getTime() > at.getTime() ? link : null;
}

/** Whether a write changed anything the customer's messages say or depend on. */
function concernsCustomer(before: MessageBooking, after: MessageBooking): boolean {
  return (
    before.status !== after.status ||
    before.customerId !== after.customerId ||
    before.customerEmail !== after.customerEmail ||
    before.startsAt.getTime() !== after.startsAt.getTime() ||
    before.endsAt.getTime() !== after.endsAt.getTime() ||
    before.serviceId !== after.serviceId ||
    before.resourceId !== after.resourceId
  );
}
