import { toZonedIso, type BookingView } from '#contracts';
import type { BookingRead } from './bookings.repository.js';

/** Times in the business's own zone (with its offset), as the admin shows them. */
export function toBookingView(row: BookingRead, timeZone: string): BookingView {
  return {
    id: row.id,
    businessId: row.businessId,
    startsAt: toZonedIso(row.startsAt, timeZone),
    endsAt: toZonedIso(row.endsAt, timeZone),
    status: row.status,
    notes: row.notes,
    customer: { id: row.customer.id, name: row.customer.name },
    service: { id: row.service.id, name: row.service.name, durationMinutes: row.service.durationMinutes, priceCents: row.service.priceCents },
    resource: { id: row.resource.id, name: row.resource.name },
    createdAt: toZonedIso(row.createdAt, timeZone),
    createdBy: row.createdBy,
    createdInImpersonation: row.createdInImpersonation,
    source: row.source,
  };
}
