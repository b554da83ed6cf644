import type { BookingView } from '#contracts';

/** The fields of a booking the audit trail compares (the diff keeps only those that changed). */
export function bookingSnapshot(view: BookingView): Record<string, unknown> {
  return {
    customerId: view.customer.id,
    serviceId: view.service.id,
    resourceId: view.resource.id,
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    status: view.status,
    notes: view.notes,
  };
}
