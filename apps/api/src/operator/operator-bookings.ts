import { isTimeZone, type OperatorBookingView } from '#contracts';
import { toBookingView, type BookingRow } from '../bookings/booking-queries.js';

/**
 * The columns of an OperatorBookingView, for plain-SQL queries over bookings of any business. Child
 * rows are joined on (business_id, id), the same pairs the foreign keys use.
 */
export const OPERATOR_BOOKING_SELECT = `
  SELECT bk.id, bk.business_id, bk.starts_at, bk.ends_at, bk.status, bk.source, bk.notes, bk.created_at, bk.created_by, bk.created_in_impersonation,
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

/** A bookings-module row plus its business and the microsecond sort key. */
export interface OperatorBookingRow extends BookingRow {
  /** starts_at to the microsecond, for keyset cursors (a JS Date keeps only milliseconds). */
  starts_key: string;
  business_slug: string;
  business_name: string;
  time_zone: string;
}

/**
 * The business's own view of the booking (times in its zone), plus which business it is. A stored
 * zone this runtime cannot read (set before zones were checked) shows that business's times in UTC
 * (the same instants, offset +00:00) instead of failing the list for every operator; the stored
 * value is left as it is for the owner or operator to correct.
 */
export function toOperatorBookingView(r: OperatorBookingRow): OperatorBookingView {
  const zone = isTimeZone(r.time_zone) ? r.time_zone : 'Etc/UTC';
  return { ...toBookingView(r, zone), business: { id: r.business_id, slug: r.business_slug, name: r.business_name } };
}
