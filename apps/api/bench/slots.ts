import type { DataSource } from 'typeorm';
import { addDays, zonedParts } from '#contracts';

/**
 * The free-times bench business: 10 resources open 08:00–20:00 every day, one 30-minute service with
 * a 10-minute buffer after, and `rows` live bookings spread over the past ~2 years and the coming
 * months (six a day per resource), so the week asked for holds its share and the history is long.
 */
export const SLOTS_BENCH_SLUG = 'bench-slots';
export const SLOTS_BENCH_RESOURCES = 10;

export async function loadSlotsBench(
  db: DataSource,
  rows: number,
  ownerUserId: string,
): Promise<{ businessId: string; serviceId: string; from: string; to: string; bookings: number }> {
  const tz = 'Europe/London';
  const [{ id: businessId }] = await db.query(
    `INSERT INTO businesses (slug, name, time_zone, online_booking_enabled, min_notice_minutes, booking_horizon_days) VALUES ($1, 'Bench Slots', $2, true, 0, 365) RETURNING id`,
    [SLOTS_BENCH_SLUG, tz],
  );
  await db.query(`INSERT INTO memberships (business_id, user_id, role) VALUES ($1, $2, 'owner')`, [businessId, ownerUserId]);
  await db.query(`INSERT INTO opening_hours (business_id, weekday, opens, closes) SELECT $1, d, '08:00', '20:00' FROM generate_series(1, 7) d`, [businessId]);
  const [{ id: serviceId }] = await db.query(
    `INSERT INTO services (business_id, name, duration_minutes, price_cents, buffer_after_minutes) VALUES ($1, 'Bench cut', 30, 2000, 10) RETURNING id`,
    [businessId],
  );
  await db.query(`INSERT INTO resources (business_id, name) SELECT $1, 'Bench chair ' || g FROM generate_series(1, $2::int) g`, [
    businessId,
    SLOTS_BENCH_RESOURCES,
  ]);
  const [{ id: customerId }] = await db.query(
    `INSERT INTO customers (business_id, name, email, created_at, updated_at) VALUES ($1, 'Bench Customer', 'bench-slots@example.test', now(), now()) RETURNING id`,
    [businessId],
  );
  const perDay = 6 * SLOTS_BENCH_RESOURCES;
  const days = Math.ceil(rows / perDay);
  const futureDays = Math.min(120, Math.floor(days / 4));
  // Bookings at 08:00, 10:00, … 18:00 local on each resource; never overlapping (2 h apart, 40 min long with the buffer).
  await db.query(
    `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, status, source, created_at, updated_at)
     SELECT $1, $2, $3, r.id, ts, ts + interval '30 minutes', CASE WHEN ts < now() THEN 'completed' ELSE 'confirmed' END, 'online', now(), now()
       FROM resources r,
            LATERAL (SELECT ((date_trunc('day', now() AT TIME ZONE $4) + d * interval '1 day' + interval '8 hours' + k * interval '2 hours') AT TIME ZONE $4) AS ts
                       FROM generate_series($5::int, $6::int) d, generate_series(0, 5) k) t
      WHERE r.business_id = $1`,
    [businessId, customerId, serviceId, tz, futureDays - days + 1, futureDays],
  );
  // Fresh statistics, as the main load ends with: without them the planner takes this business for an
  // empty one and its bookings list sorts all its rows instead of reading the (business_id, starts_at) index.
  await db.query(`ANALYZE bookings`);
  await db.query(`ANALYZE customers`);
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM bookings WHERE business_id = $1`, [businessId]);
  const tomorrow = addDays(zonedParts(new Date(), tz).date, 1);
  return { businessId, serviceId, from: tomorrow, to: addDays(tomorrow, 7), bookings: n };
}

/** The same facts read back from a database an earlier run loaded (BENCH_REUSE), or null when it has none. */
export async function describeSlotsBench(db: DataSource): Promise<Awaited<ReturnType<typeof loadSlotsBench>> | null> {
  const [row] = await db.query(
    `SELECT b.id, s.id AS service_id, (SELECT count(*)::int FROM bookings k WHERE k.business_id = b.id) AS n
       FROM businesses b JOIN services s ON s.business_id = b.id WHERE b.slug = $1 LIMIT 1`,
    [SLOTS_BENCH_SLUG],
  );
  if (!row) return null;
  const tomorrow = addDays(zonedParts(new Date(), 'Europe/London').date, 1);
  return { businessId: row.id, serviceId: row.service_id, from: tomorrow, to: addDays(tomorrow, 7), bookings: row.n };
}
