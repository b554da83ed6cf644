import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedParts, zonedTimeToUtc, type OperatorBookingView, type OperatorDashboardView } from '#contracts';
import { BookingsRepository } from '../src/bookings/bookings.repository.js';
import { DEMO_LOGINS, signIn, startTestApp, unique, type CookieSession, type TestApp, createBusiness } from './harness.js';

let t: TestApp;
let op: CookieSession;
beforeAll(async () => {
  t = await startTestApp();
  op = await signIn(t, DEMO_LOGINS.operator);
});
afterAll(() => t.close());

interface Fixture {
  id: string;
  slug: string;
  timeZone: string;
  customerId: string;
  customerName: string;
  serviceId: string;
  resources: string[];
}

/** A business (through the API) with one customer, one 30-minute service and `resources` resources (straight into the tables). */
async function businessWithCatalogue(timeZone: string, resources = 3): Promise<Fixture> {
  const slug = unique('ops');
  const biz = await createBusiness(t, op, {
    name: `Ops ${slug}`,
    slug,
    timeZone,
    owner: { name: 'Ops Owner', email: `owner@${slug}.example.test`, password: 'owner-password' },
  });
  const customerName = `Customer ${slug}`;
  const [{ id: customerId }] = await t.db.query(
    `INSERT INTO customers (business_id, name, email, created_at, updated_at) VALUES ($1, $2, $3, now(), now()) RETURNING id`,
    [biz.id, customerName, `c@${slug}.example.test`],
  );
  const [{ id: serviceId }] = await t.db.query(
    `INSERT INTO services (business_id, name, duration_minutes, price_cents) VALUES ($1, 'Session', 30, 5000) RETURNING id`,
    [biz.id],
  );
  const ids: string[] = [];
  for (let i = 0; i < resources; i++)
    ids.push((await t.db.query(`INSERT INTO resources (business_id, name) VALUES ($1, $2) RETURNING id`, [biz.id, `Room ${i + 1}`]))[0].id);
  return { id: biz.id, slug, timeZone, customerId, customerName, serviceId, resources: ids };
}

async function book(f: Fixture, startsAt: Date, resource = 0, status = 'confirmed'): Promise<string> {
  const [{ id }] = await t.db.query(
    `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now()) RETURNING id`,
    [f.id, f.customerId, f.serviceId, f.resources[resource], startsAt, new Date(startsAt.getTime() + 30 * 60_000), status],
  );
  return id;
}

async function collect(path: string, max = 50): Promise<{ items: OperatorBookingView[]; pages: number }> {
  const items: OperatorBookingView[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: { body: { items: OperatorBookingView[]; nextCursor: string | null } } = await op
      .get(`${path}${cursor ? `${sep}cursor=${cursor}` : ''}`)
      .expect(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < max);
  return { items, pages };
}

describe('All bookings', () => {
  it('filters by business, pages newest first with a keyset cursor, each row exactly once (ties on start included)', async () => {
    const f = await businessWithCatalogue('America/New_York');
    const other = await businessWithCatalogue('Europe/London');
    const base = new Date('2030-03-04T15:00:00Z');
    const ids: string[] = [];
    // 8 start times × up to 3 resources: several bookings share a start, so the id breaks the tie.
    for (let i = 0; i < 8; i++) {
      for (let r = 0; r < (i % 3) + 1; r++) ids.push(await book(f, new Date(base.getTime() + i * 3_600_000), r, i === 5 ? 'cancelled' : 'confirmed'));
    }
    await book(other, base);

    const { items, pages } = await collect(`/api/bookings?businessId=${f.id}&limit=4`);
    expect(items.map((b) => b.id).sort()).toEqual([...ids].sort());
    expect(new Set(items.map((b) => b.id)).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(ids.length / 4));
    expect(items.every((b) => b.businessId === f.id && b.business.id === f.id && b.business.slug === f.slug)).toBe(true);
    const order = items.map((b) => [Date.parse(b.startsAt), b.id] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
    expect(order).toEqual(sorted);

    const first = items[0]!;
    expect(first).toMatchObject({
      customer: { id: f.customerId, name: f.customerName },
      service: { id: f.serviceId, name: 'Session', durationMinutes: 30, priceCents: 5000 },
      status: 'confirmed',
      createdBy: null,
      createdInImpersonation: null,
    });
    // In the business's own zone: New York is UTC-5 in early March 2030 (DST starts 10 March).
    expect(items.at(-1)!.startsAt).toBe('2030-03-04T10:00:00-05:00');
    expect(items.at(-1)!.endsAt).toBe('2030-03-04T10:30:00-05:00');
  });

  it('filters by status, time range and customer search across businesses', async () => {
    const f = await businessWithCatalogue('Asia/Tokyo', 1);
    const g = await businessWithCatalogue('Australia/Sydney', 1);
    const t0 = new Date('2031-06-01T00:00:00Z');
    const a = await book(f, t0);
    const b = await book(f, new Date(t0.getTime() + 3_600_000), 0, 'cancelled');
    const c = await book(g, new Date(t0.getTime() + 2 * 3_600_000));
    const d = await book(f, new Date(t0.getTime() + 48 * 3_600_000));

    const range = `from=${encodeURIComponent(t0.toISOString())}&to=${encodeURIComponent(new Date(t0.getTime() + 24 * 3_600_000).toISOString())}`;
    const q = (s: string) => encodeURIComponent(s);
    const byTag = async (extra: string) => (await collect(`/api/bookings?${extra}`)).items.map((x) => x.id);
    // Both customers' names contain "Customer ops-": search for each business's own customer.
    expect(await byTag(`q=${q(f.slug)}&${range}`)).toEqual([b, a]);
    expect(await byTag(`q=${q(f.slug)}&${range}&status=cancelled`)).toEqual([b]);
    expect(await byTag(`q=${q(f.slug)}`)).toEqual([d, b, a]);
    expect(await byTag(`q=${q(`c@${g.slug}`)}`)).toEqual([c]);
    expect(await byTag(`q=${q(f.slug.toUpperCase())}&from=${q(new Date(t0.getTime() + 1).toISOString())}`)).toEqual([d, b]);
    // Wildcards are literal.
    expect(await byTag(`q=${q('%')}&businessId=${f.id}`)).toEqual([]);
    expect((await op.get(`/api/bookings?from=${q(t0.toISOString())}&to=${q(t0.toISOString())}`).expect(400)).body.code).toBe('invalid_time_range');
    expect((await op.get('/api/bookings?status=maybe').expect(400)).body.code).toBe('validation_failed');
    expect((await op.get('/api/bookings?businessId=nope').expect(400)).body.code).toBe('validation_failed');
    expect((await op.get('/api/bookings?from=yesterday').expect(400)).body.code).toBe('validation_failed');
  });

  it('refuses a tampered cursor with 400 invalid_cursor', async () => {
    const first = (await op.get('/api/bookings?limit=1').expect(200)).body;
    expect(first.nextCursor).toBeTruthy();
    const decoded = JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString('utf8'));
    const tampered = [
      first.nextCursor.slice(0, -2) + '!!',
      Buffer.from(JSON.stringify([decoded[0]])).toString('base64url'),
      Buffer.from(JSON.stringify([decoded[0], "1' OR '1'='1"])).toString('base64url'),
      Buffer.from(JSON.stringify(['not a date', decoded[1]])).toString('base64url'),
      Buffer.from(JSON.stringify({ startsAt: decoded[0], id: decoded[1] })).toString('base64url'),
    ];
    for (const cursor of tampered) {
      const res = await op.get(`/api/bookings?cursor=${encodeURIComponent(cursor)}`);
      expect([res.status, res.body.code], cursor).toEqual([400, 'invalid_cursor']);
    }
    // The genuine one still works.
    await op.get(`/api/bookings?limit=1&cursor=${first.nextCursor}`).expect(200);
  });

  it('pages with the bookings_starts_desc index: no OFFSET, no sort of every booking', async () => {
    // Tiny test tables may be seq-scanned by choice; with seq scans and sorts priced out, the planner
    // must still be able to answer a later page from the index alone.
    const plan: string = await t.db.transaction(async (em) => {
      await em.query('SET LOCAL enable_seqscan = off');
      await em.query('SET LOCAL enable_sort = off');
      const [sql, params] = t.app
        .get(BookingsRepository)
        .acrossBusinessesQuery({ before: { startsKey: new Date().toISOString(), id: '00000000-0000-4000-8000-000000000000' } }, 51)
        .getQueryAndParameters();
      const rows = await em.query(`EXPLAIN ${sql}`, params);
      return rows.map((r: Record<string, string>) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toMatch(/Index (Only )?Scan using bookings_starts_desc/);
    expect(plan).toMatch(/^Limit/);
    expect(plan).not.toMatch(/Offset|Sort {2}\(/);
  });
});

describe('operator dashboard', () => {
  it("counts are numbers; today's rows are each business's own local today, from both ends of the clock", async () => {
    const now = t.clock.now();
    const east = await businessWithCatalogue('Pacific/Kiritimati', 1); // UTC+14
    const west = await businessWithCatalogue('Pacific/Pago_Pago', 1); // UTC-11
    const localNoon = (f: Fixture, dayOffset: number) => zonedTimeToUtc(addDays(zonedParts(now, f.timeZone).date, dayOffset), '12:00', f.timeZone);
    const eastToday = await book(east, localNoon(east, 0));
    const westToday = await book(west, localNoon(west, 0));
    const eastYesterday = await book(east, localNoon(east, -1));
    const westTomorrow = await book(west, localNoon(west, 1));
    const cancelledToday = await book(west, new Date(localNoon(west, 0).getTime() + 3_600_000), 0, 'cancelled');

    const res = await op.get('/api/operator/dashboard').expect(200);
    const view: OperatorDashboardView = res.body;
    for (const key of ['businesses', 'activeBusinesses', 'bookingsToday', 'bookingsThisWeek', 'activeImpersonations'] as const) {
      expect(typeof view.counts[key], key).toBe('number');
    }
    expect(view.counts.businesses).toBeGreaterThanOrEqual(view.counts.activeBusinesses);
    expect(view.counts.activeBusinesses).toBeGreaterThanOrEqual(5);
    expect(view.counts.bookingsToday).toBeGreaterThanOrEqual(2);
    // A page at most (All bookings pages through the rest).
    expect(view.today.length).toBeLessThanOrEqual(50);

    const zones = new Map<string, string>(
      (await t.db.query(`SELECT id, time_zone FROM businesses`)).map((r: { id: string; time_zone: string }) => [r.id, r.time_zone]),
    );
    for (const row of view.today) {
      const zone = zones.get(row.businessId)!;
      expect(zonedParts(new Date(row.startsAt), zone).date, `${row.business.slug} ${row.startsAt}`).toBe(zonedParts(now, zone).date);
      expect(row.status).not.toBe('cancelled');
    }
    const starts = view.today.map((r) => Date.parse(r.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const ids = view.today.map((r) => r.id);
    if (view.today.length < 50) {
      expect(ids).toContain(eastToday);
      expect(ids).toContain(westToday);
      expect(view.today.find((r) => r.id === westToday)?.startsAt).toMatch(/T12:00:00-11:00$/);
    }
    expect(ids).not.toContain(eastYesterday);
    expect(ids).not.toContain(westTomorrow);
    expect(ids).not.toContain(cancelledToday);
  });

  it('counts a live impersonation, and the week by each business’s local ISO week', async () => {
    const f = await businessWithCatalogue('UTC', 1);
    const before: OperatorDashboardView = (await op.get('/api/operator/dashboard').expect(200)).body;
    const other = await signIn(t, DEMO_LOGINS.operator);
    await other.post('/api/impersonation', { businessId: f.id }).expect(201);
    try {
      const during: OperatorDashboardView = (await op.get('/api/operator/dashboard').expect(200)).body;
      expect(during.counts.activeImpersonations).toBeGreaterThanOrEqual(1);
    } finally {
      await other.delete('/api/impersonation').expect(200);
    }
    // This business's own week: Monday 00:00 to next Monday 00:00 in UTC.
    const today = zonedParts(t.clock.now(), 'UTC');
    const monday = addDays(today.date, 1 - today.weekday);
    await book(f, zonedTimeToUtc(monday, '00:00', 'UTC'));
    await book(f, zonedTimeToUtc(addDays(monday, 6), '23:00', 'UTC'));
    await book(f, zonedTimeToUtc(addDays(monday, 7), '00:00', 'UTC')); // next week
    await book(f, zonedTimeToUtc(addDays(monday, -1), '23:30', 'UTC')); // last week
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM bookings WHERE business_id = $1 AND status <> 'cancelled'
         AND starts_at >= date_trunc('week', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
         AND starts_at < (date_trunc('week', $2::timestamptz AT TIME ZONE 'UTC') + interval '7 days') AT TIME ZONE 'UTC'`,
      [f.id, t.clock.now()],
    );
    expect(n).toBe(2);
    const after: OperatorDashboardView = (await op.get('/api/operator/dashboard').expect(200)).body;
    // Other test files may add bookings to a shared server meanwhile: at least ours.
    expect(after.counts.bookingsThisWeek).toBeGreaterThanOrEqual(before.counts.bookingsThisWeek + 2);
    expect(after.counts.businesses).toBeGreaterThanOrEqual(before.counts.businesses);
  });
});
