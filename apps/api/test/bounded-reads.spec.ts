import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedParts, zonedTimeToUtc } from '#contracts';
import { hashPassword } from '../src/auth/passwords.js';
import { MAX_CALENDAR_BOOKINGS, DASHBOARD_TODAY_LIMIT } from '../src/calendar/calendar.service.js';
import { DEMO_LOGINS, signIn, startTestApp, unique, type CookieSession, type TestApp } from './harness.js';

/**
 * Reads whose cost is bounded by their answer: the calendar's index-usable lower bound (a booking
 * spans at most 24 hours) and its cap, the dashboard's capped "today", the audit action prefix as a
 * range. Each test uses a business of its own, so shared-database neighbours never see its rows.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function tenant(timeZone = 'Europe/London') {
  const slug = unique('br');
  const [{ id }] = await t.db.query(`INSERT INTO businesses (slug, name, time_zone) VALUES ($1, $2, $3) RETURNING id`, [slug, `Bounded ${slug}`, timeZone]);
  const email = `owner@${slug}.test`;
  const [{ id: userId }] = await t.db.query(`INSERT INTO users (email, name, kind, password_hash) VALUES ($1, 'Owner', 'business', $2) RETURNING id`, [
    email,
    await hashPassword('bounded-pass'),
  ]);
  await t.db.query(`INSERT INTO memberships (business_id, user_id, role) VALUES ($1, $2, 'owner')`, [id, userId]);
  const [{ id: resourceId }] = await t.db.query(`INSERT INTO resources (business_id, name) VALUES ($1, 'Room') RETURNING id`, [id]);
  const [{ id: serviceId }] = await t.db.query(
    `INSERT INTO services (business_id, name, duration_minutes, price_cents) VALUES ($1, 'Visit', 30, 100) RETURNING id`,
    [id],
  );
  const [{ id: customerId }] = await t.db.query(
    `INSERT INTO customers (business_id, name, created_at, updated_at) VALUES ($1, 'Guest', now(), now()) RETURNING id`,
    [id],
  );
  const owner = await signIn(t, { email, password: 'bounded-pass' });
  return { id, base: `/api/businesses/${id}`, resourceId, serviceId, customerId, owner };
}

/** `n` back-to-back 30-minute bookings on the tenant's resource from `start`. */
async function insertBookings(b: Awaited<ReturnType<typeof tenant>>, start: Date, n: number, offset = 0): Promise<void> {
  await t.db.query(
    `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, status, created_at, updated_at)
     SELECT $1, $2, $3, $4, $5::timestamptz + g * interval '30 minutes', $5::timestamptz + (g + 1) * interval '30 minutes', 'confirmed', now(), now()
       FROM generate_series($6::int, $6::int + $7::int - 1) g`,
    [b.id, b.customerId, b.serviceId, b.resourceId, start, offset, n],
  );
}

const q = encodeURIComponent;

describe('calendar', () => {
  it(`answers up to ${MAX_CALENDAR_BOOKINGS} bookings (under 1 MB) and refuses more with 400 calendar_too_busy`, async () => {
    const b = await tenant();
    const from = new Date(Date.UTC(2032, 0, 5));
    const to = new Date(from.getTime() + 30 * 86_400_000);
    const url = `${b.base}/calendar?from=${q(from.toISOString())}&to=${q(to.toISOString())}`;
    await insertBookings(b, from, MAX_CALENDAR_BOOKINGS);
    const full = await b.owner.get(url).expect(200);
    expect(full.body.bookings).toHaveLength(MAX_CALENDAR_BOOKINGS);
    expect(Buffer.byteLength(full.text)).toBeLessThan(1024 * 1024);

    await insertBookings(b, from, 1, MAX_CALENDAR_BOOKINGS);
    const refused = await b.owner.get(url).expect(400);
    expect(refused.body).toMatchObject({ code: 'calendar_too_busy', status: 400 });
    expect(refused.body.detail).toMatch(/choose one resource or a shorter range/);
    // A narrower range of the same data is answered.
    const day = await b.owner.get(`${b.base}/calendar?from=${q(from.toISOString())}&to=${q(new Date(from.getTime() + 86_400_000).toISOString())}`).expect(200);
    expect(day.body.bookings).toHaveLength(48);
  });

  it('still finds a 24-hour booking that began just under a day before the range (the lower bound is the longest span)', async () => {
    const b = await tenant();
    const from = new Date(Date.UTC(2033, 2, 10, 12));
    const starts = new Date(from.getTime() - 24 * 3_600_000 + 60_000);
    await t.db.query(
      `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5::timestamptz + interval '24 hours', now(), now())`,
      [b.id, b.customerId, b.serviceId, b.resourceId, starts],
    );
    const res = await b.owner.get(`${b.base}/calendar?from=${q(from.toISOString())}&to=${q(new Date(from.getTime() + 3_600_000).toISOString())}`).expect(200);
    expect(res.body.bookings).toHaveLength(1);
    // …and that bound is safe because no booking may be longer.
    await expect(
      t.db.query(
        `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5::timestamptz + interval '24 hours 1 minute', now(), now())`,
        [b.id, b.customerId, b.serviceId, b.resourceId, new Date(Date.UTC(2033, 5, 1))],
      ),
    ).rejects.toThrow(/bookings_span_at_most_a_day/);
  });
});

describe('business dashboard', () => {
  it(`lists the first ${DASHBOARD_TODAY_LIMIT} of today's bookings and counts them all`, async () => {
    const tz = 'Europe/London';
    const b = await tenant(tz);
    const today = zonedParts(new Date(), tz).date;
    // 60 half-hour bookings from local midnight: 40 on one resource, 20 on a second (all within the day).
    const [{ id: second }] = await t.db.query(`INSERT INTO resources (business_id, name) VALUES ($1, 'Room 2') RETURNING id`, [b.id]);
    const midnight = zonedTimeToUtc(today, '00:00', tz);
    await insertBookings(b, midnight, 40);
    await t.db.query(
      `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, created_at, updated_at)
       SELECT $1, $2, $3, $4, $5::timestamptz + g * interval '30 minutes', $5::timestamptz + (g + 1) * interval '30 minutes', now(), now()
         FROM generate_series(0, 19) g`,
      [b.id, b.customerId, b.serviceId, second, midnight],
    );
    const dashboard = (await b.owner.get(`${b.base}/dashboard`).expect(200)).body;
    expect(dashboard.counts.today).toBe(60);
    expect(dashboard.today).toHaveLength(DASHBOARD_TODAY_LIMIT);
    const starts = dashboard.today.map((x: { startsAt: string }) => Date.parse(x.startsAt));
    expect(starts).toEqual([...starts].sort((x, y) => x - y));
    expect(dashboard.date).toBe(today);
  });
});

describe('audit action prefix', () => {
  let op: CookieSession;
  beforeAll(async () => {
    op = await signIn(t, DEMO_LOGINS.operator);
  });

  it('matches exactly the actions that start with the prefix, wildcards taken literally', async () => {
    const b = await tenant();
    await b.owner.post(`${b.base}/customers`, { name: 'Prefix probe' }).expect(201);
    const actions = async (prefix: string) =>
      (await op.get(`/api/audit?businessId=${b.id}&action=${q(prefix)}&limit=200`).expect(200)).body.items.map((e: { action: string }) => e.action);
    expect(await actions('customer.')).toEqual(['customer.create']);
    expect(await actions('customer')).toEqual(['customer.create']);
    expect(await actions('customer.create')).toEqual(['customer.create']);
    expect(await actions('customer.createX')).toEqual([]);
    expect(await actions('customer_')).toEqual([]);
    expect(await actions('%')).toEqual([]);
    expect(await actions('c%')).toEqual([]);
  });
});
