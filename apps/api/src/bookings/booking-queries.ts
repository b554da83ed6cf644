import { toZonedIso, type AvailabilitySettings, type BookingSource, type BookingStatus, type BookingView, type BusinessRef } from '#contracts';
import { notFound } from '../common/domain-error.js';
import { instant } from '../common/instant.js';
import type { SqlRunner } from '../common/sql.js';

/** Anything that runs SQL (see common/sql.ts). */
export type Sql = SqlRunner;

export interface BusinessZone extends BusinessRef {
  timeZone: string;
}

export async function loadBusiness(sql: Sql, businessId: string): Promise<BusinessZone> {
  const [row] = await sql.query(`SELECT id, slug, name, time_zone FROM businesses WHERE id = $1`, [businessId]);
  if (!row) throw notFound('Business');
  return { id: row.id, slug: row.slug, name: row.name, timeZone: row.time_zone };
}

/**
 * A booking with the names a list shows. Every join repeats business_id: the composite foreign keys
 * already guarantee it, and it keeps each join on the tenant's own rows.
 */
export const BOOKING_SELECT = `
  SELECT b.id, b.business_id, b.starts_at, b.ends_at, b.status, b.source, b.notes, b.created_at, b.created_by, b.created_in_impersonation,
         b.customer_id, c.name AS customer_name, b.service_id, s.name AS service_name, s.duration_minutes, s.price_cents,
         b.resource_id, r.name AS resource_name
    FROM bookings b
    JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
    JOIN services s ON s.business_id = b.business_id AND s.id = b.service_id
    JOIN resources r ON r.business_id = b.business_id AND r.id = b.resource_id`;

export interface BookingRow {
  id: string;
  business_id: string;
  starts_at: Date | string;
  ends_at: Date | string;
  status: BookingStatus;
  source: BookingSource;
  notes: string | null;
  created_at: Date | string;
  created_by: string | null;
  created_in_impersonation: string | null;
  customer_id: string;
  customer_name: string;
  service_id: string;
  service_name: string;
  duration_minutes: number;
  price_cents: number;
  resource_id: string;
  resource_name: string;
}

export { instant };

/** Times in the business's own zone (with its offset), as the admin shows them. */
export function toBookingView(row: BookingRow, timeZone: string): BookingView {
  return {
    id: row.id,
    businessId: row.business_id,
    startsAt: toZonedIso(instant(row.starts_at), timeZone),
    endsAt: toZonedIso(instant(row.ends_at), timeZone),
    status: row.status,
    notes: row.notes,
    customer: { id: row.customer_id, name: row.customer_name },
    service: { id: row.service_id, name: row.service_name, durationMinutes: Number(row.duration_minutes), priceCents: Number(row.price_cents) },
    resource: { id: row.resource_id, name: row.resource_name },
    createdAt: toZonedIso(instant(row.created_at), timeZone),
    createdBy: row.created_by,
    createdInImpersonation: row.created_in_impersonation,
    source: row.source,
  };
}

export async function loadBookingView(sql: Sql, business: BusinessZone, bookingId: string): Promise<BookingView> {
  const [row] = await sql.query(`${BOOKING_SELECT} WHERE b.business_id = $1 AND b.id = $2`, [business.id, bookingId]);
  if (!row) throw notFound('Booking');
  return toBookingView(row, business.timeZone);
}

/** The weekly hours and closed dates of a business, as plain values ('HH:MM', 'YYYY-MM-DD'). */
export async function loadAvailability(sql: Sql, business: BusinessZone): Promise<AvailabilitySettings> {
  const weekly: { weekday: number; opens: string; closes: string }[] = await sql.query(
    `SELECT weekday, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes
       FROM opening_hours WHERE business_id = $1 ORDER BY weekday, opens, closes`,
    [business.id],
  );
  const closed: { date: string }[] = await sql.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date FROM closed_dates WHERE business_id = $1 ORDER BY date`, [business.id]);
  return {
    timeZone: business.timeZone,
    weekly: weekly.map((w) => ({ weekday: Number(w.weekday), opens: w.opens, closes: w.closes })),
    closedDates: closed.map((c) => c.date),
  };
}

