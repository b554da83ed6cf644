import { toZonedIso, type BookingStatus, type OperatorBookingView } from '#contracts';

/**
 * The columns of an OperatorBookingView, for plain-SQL queries over bookings of any business. Child
 * rows are joined on (business_id, id), the same pairs the foreign keys use.
 */
export const OPERATOR_BOOKING_SELECT = `
  SELECT bk.id, bk.business_id, bk.starts_at, bk.ends_at, bk.status, bk.notes, bk.created_at, bk.created_by, bk.created_in_impersonation,
         to_char(bk.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS starts_key,
         biz.slug AS business_slug, biz.name AS business_name, biz.time_zone,
         c.id AS customer_id, c.name AS customer_name,
         s.id AS service_id, s.name AS service_name, s.duration_minutes, s.price_cents,
         r.id AS resource_id, r.name AS resource_name
    FROM bookings bk
    JOIN businesses biz ON biz.id = bk.business_id
    JOIN customers c ON c.business_id = bk.business_id AND c.id = bk.customer_id
    JOIN services s ON s.business_id = bk.business_id AND s.id = bk.service_id
    JOIN resources r ON r.business_id = bk.business_id AND r.id = bk.resource_id`;

export interface OperatorBookingRow {
  id: string;
  business_id: string;
  starts_at: Date;
  ends_at: Date;
  status: BookingStatus;
  notes: string | null;
  created_at: Date;
  created_by: string | null;
  created_in_impersonation: string | null;
  /** starts_at to the microsecond, for keyset cursors (a JS Date keeps only milliseconds). */
  starts_key: string;
  business_slug: string;
  business_name: string;
  time_zone: string;
  customer_id: string;
  customer_name: string;
  service_id: string;
  service_name: string;
  duration_minutes: number;
  price_cents: number;
  resource_id: string;
  resource_name: string;
}

/** Times are shown in the booking's own business zone. */
export function toOperatorBookingView(r: OperatorBookingRow): OperatorBookingView {
  const zone = r.time_zone;
  return {
    id: r.id,
    businessId: r.business_id,
    business: { id: r.business_id, slug: r.business_slug, name: r.business_name },
    startsAt: toZonedIso(new Date(r.starts_at), zone),
    endsAt: toZonedIso(new Date(r.ends_at), zone),
    status: r.status,
    notes: r.notes,
    customer: { id: r.customer_id, name: r.customer_name },
    service: { id: r.service_id, name: r.service_name, durationMinutes: Number(r.duration_minutes), priceCents: Number(r.price_cents) },
    resource: { id: r.resource_id, name: r.resource_name },
    createdAt: toZonedIso(new Date(r.created_at), zone),
    createdBy: r.created_by,
    createdInImpersonation: r.created_in_impersonation,
  };
}
