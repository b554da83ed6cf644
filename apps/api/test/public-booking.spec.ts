import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toZonedIso, zonedParts, zonedTimeToUtc, type FreeSlotsView, type WeeklyHours } from '#contracts';
import { weekdayOfDate } from '../src/schedule/local-calendar.js';
import { bearer, DEMO_LOGINS, signIn, startTestApp, unique, type TestApp, createBusiness } from './harness.js';

/**
 * The public booking page's API end to end: free times (DST, buffers, resource hours, eligibility),
 * booking, the manage link, switching off and suspension, abuse (races, floods, honeypot, ranges,
 * enumeration), and the owner's preview. Every test works in a business it creates itself.
 */
let t: TestApp;
let op: Awaited<ReturnType<typeof bearer>>;

type Api = Awaited<ReturnType<typeof bearer>>;
interface Shop {
  id: string;
  slug: string;
  timeZone: string;
  owner: Api;
  services: Record<string, { id: string }>;
  resources: Record<string, { id: string }>;
}

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** A business with its own owner, hours, services and resources, taking online bookings with no notice. */
async function newShop(
  opts: {
    timeZone?: string;
    weekly?: WeeklyHours[];
    services?: Record<string, { durationMinutes: number; bufferBeforeMinutes?: number; bufferAfterMinutes?: number }>;
    resources?: Record<string, { workingHours?: WeeklyHours[] }>;
    rules?: Partial<{ onlineBookingEnabled: boolean; minNoticeMinutes: number; bookingHorizonDays: number; cancellationWindowHours: number }>;
  } = {},
): Promise<Shop> {
  const timeZone = opts.timeZone ?? 'Europe/London';
  const slug = unique('shop');
  const email = `${unique('owner')}@example.test`;
  await createBusiness(t, op, { name: `Shop ${slug}`, slug, timeZone, owner: { name: 'Shop Owner', email, password: 'password-123' } });
  const [{ id }] = await t.db.query(`SELECT id FROM businesses WHERE slug = $1`, [slug]);
  const owner = await bearer(t, { email, password: 'password-123' });
  const base = `/api/businesses/${id}`;
  await owner
    .put(`${base}/settings/availability`, {
      weekly: opts.weekly ?? EVERY_DAY.map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })),
      closedDates: [],
    })
    .expect(200);
  const resources: Shop['resources'] = {};
  for (const [name, r] of Object.entries(opts.resources ?? { 'Chair 1': {} })) {
    resources[name] = (await owner.post(`${base}/resources`, { name, ...(r.workingHours ? { workingHours: r.workingHours } : {}) }).expect(201)).body;
  }
  const services: Shop['services'] = {};
  for (const [name, s] of Object.entries(opts.services ?? { Cut: { durationMinutes: 60 } })) {
    services[name] = (await owner.post(`${base}/services`, { name, priceCents: 2500, ...s }).expect(201)).body;
  }
  await owner
    .put(`${base}/settings/booking`, { onlineBookingEnabled: true, minNoticeMinutes: 0, bookingHorizonDays: 365, cancellationWindowHours: 0, ...opts.rules })
    .expect(200);
  return { id, slug, timeZone, owner, services, resources };
}

/** A date 20–40 days ahead on `weekday`, inside every horizon used here. */
function soon(weekday: number): string {
  const base = addDays(new Date().toISOString().slice(0, 10), 20 + Math.floor(Math.random() * 20));
  return addDays(base, (weekday - weekdayOfDate(base) + 7) % 7);
}
const at = (shop: Shop, date: string, time: string) => toZonedIso(zonedTimeToUtc(date, time, shop.timeZone), shop.timeZone);
const customer = (name = 'Jamie Doe') => ({ name, email: `${unique('jamie')}@example.test` });
const slotsOf = async (shop: Shop, serviceId: string, from: string, to: string): Promise<FreeSlotsView> =>
  (await t.http().get(`/api/public/businesses/${shop.slug}/slots`).query({ serviceId, from, to }).expect(200)).body;
const localTimes = (view: FreeSlotsView) => view.slots.map((s) => s.startsAt.slice(11, 16));

beforeAll(async () => {
  t = await startTestApp();
  op = await bearer(t, DEMO_LOGINS.operator);
});
afterAll(() => t.close());

describe('free times across daylight-saving changes (admin and public, one computation)', () => {
  const night = (weekday: number) => [{ weekday, opens: '00:00', closes: '04:00' }];

  it('London: the spring-forward night has 3 real hours and no 01:xx; the fall-back night 5, with 01:xx twice', async () => {
    const shop = await newShop({ weekly: night(7) });
    const spring = (
      await shop.owner.get(`/api/businesses/${shop.id}/slots`).query({ serviceId: shop.services.Cut!.id, from: '2027-03-28', to: '2027-03-29' }).expect(200)
    ).body;
    expect(spring.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      '2027-03-28T00:00:00+00:00',
      '2027-03-28T00:15:00+00:00',
      '2027-03-28T00:30:00+00:00',
      '2027-03-28T00:45:00+00:00',
      '2027-03-28T02:00:00+01:00',
      '2027-03-28T02:15:00+01:00',
      '2027-03-28T02:30:00+01:00',
      '2027-03-28T02:45:00+01:00',
      '2027-03-28T03:00:00+01:00',
    ]);
    const fall = (
      await shop.owner.get(`/api/businesses/${shop.id}/slots`).query({ serviceId: shop.services.Cut!.id, from: '2027-10-31', to: '2027-11-01' }).expect(200)
    ).body;
    expect(fall.slots).toHaveLength(17);
    expect(fall.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual(expect.arrayContaining(['2027-10-31T01:00:00+01:00', '2027-10-31T01:00:00+00:00']));
  });

  it('New York: 09:00 local is offered at its new offset on the change days, with a full day of times', async () => {
    const shop = await newShop({ timeZone: 'America/New_York', weekly: [7].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })) });
    for (const [date, offset] of [
      ['2027-03-07', '-05:00'],
      ['2027-03-14', '-04:00'],
      ['2027-11-07', '-05:00'],
    ] as const) {
      const view = (
        await shop.owner
          .get(`/api/businesses/${shop.id}/slots`)
          .query({ serviceId: shop.services.Cut!.id, from: date, to: addDays(date, 1) })
          .expect(200)
      ).body;
      expect(view.timeZone).toBe('America/New_York');
      expect(view.slots).toHaveLength(29);
      expect(view.slots[0].startsAt).toBe(`${date}T09:00:00${offset}`);
      expect(view.slots.at(-1).endsAt).toBe(`${date}T17:00:00${offset}`);
    }
  });

  it('Tokyo: no change; times are grouped by the Tokyo date, a day ahead of UTC in the morning', async () => {
    const shop = await newShop({ timeZone: 'Asia/Tokyo', weekly: EVERY_DAY.map((weekday) => ({ weekday, opens: '07:00', closes: '21:00' })) });
    const view = (
      await shop.owner.get(`/api/businesses/${shop.id}/slots`).query({ serviceId: shop.services.Cut!.id, from: '2027-03-28', to: '2027-03-29' }).expect(200)
    ).body;
    expect(view.slots).toHaveLength(53);
    expect(view.slots[0].startsAt).toBe('2027-03-28T07:00:00+09:00');
    expect(new Date(view.slots[0].startsAt).toISOString()).toBe('2027-03-27T22:00:00.000Z');
  });

  it('the public page applies the same computation inside its horizon (clock moved to the week of the London change)', async () => {
    const shop = await newShop({ weekly: night(7), rules: { bookingHorizonDays: 30 } });
    const now = new Date();
    try {
      t.clock.advance(new Date('2027-03-20T12:00:00Z').getTime() - now.getTime());
      const view = await slotsOf(shop, shop.services.Cut!.id, '2027-03-28', '2027-03-29');
      expect(view.slots.map((s) => s.startsAt)).not.toContainEqual(expect.stringMatching(/T01:/));
      expect(view.slots).toHaveLength(9);
      // Beyond the horizon (30 days from the moved clock) nothing is offered.
      expect((await slotsOf(shop, shop.services.Cut!.id, '2027-04-25', '2027-04-26')).slots).toEqual([]);
    } finally {
      t.clock.reset();
    }
  });
});

describe('buffers, resource hours and eligibility', () => {
  it('keeps buffers free around live bookings, online and in the database constraint', async () => {
    const shop = await newShop({
      services: { Colour: { durationMinutes: 60, bufferAfterMinutes: 15 }, Trim: { durationMinutes: 30, bufferBeforeMinutes: 10 } },
    });
    const date = soon(3);
    await t
      .http()
      .post(`/api/public/businesses/${shop.slug}/bookings`)
      .send({ serviceId: shop.services.Colour!.id, startsAt: at(shop, date, '10:00'), customer: customer() })
      .expect(201);
    // Colour occupies 10:00–11:15; Trim needs 10 minutes before it: first start after is 11:30, last before is 09:30.
    const trim = localTimes(await slotsOf(shop, shop.services.Trim!.id, date, addDays(date, 1)));
    expect(trim.filter((x) => x < '12:00')).toEqual(['09:00', '09:15', '09:30', '11:30', '11:45']);
    const colour = localTimes(await slotsOf(shop, shop.services.Colour!.id, date, addDays(date, 1)));
    // Another Colour may start no earlier than 11:15 and must end (with its buffer) by 10:00: up to 08:45 — before opening.
    expect(colour.filter((x) => x < '12:00')).toEqual(['11:15', '11:30', '11:45']);
    // The admin cannot squeeze a booking into the buffer either: the exclusion constraint compares the occupied spans.
    const base = `/api/businesses/${shop.id}`;
    const c = (await shop.owner.post(`${base}/customers`, { name: 'Walk In' }).expect(201)).body;
    const res = await shop.owner.post(`${base}/bookings`, {
      customerId: c.id,
      serviceId: shop.services.Trim!.id,
      resourceId: shop.resources['Chair 1']!.id,
      startsAt: at(shop, date, '11:20'),
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('slot_taken');
  });

  it('offers a resource only inside its own hours, and a service only on the resources that perform it', async () => {
    const shop = await newShop({
      resources: { Anna: {}, Ben: { workingHours: EVERY_DAY.map((weekday) => ({ weekday, opens: '12:00', closes: '14:00' })) } },
      services: { Cut: { durationMinutes: 60 }, Perm: { durationMinutes: 60 } },
    });
    const { Anna, Ben } = shop.resources as { Anna: { id: string }; Ben: { id: string } };
    await shop.owner.patch(`/api/businesses/${shop.id}/services/${shop.services.Perm!.id}`, { resourceIds: [Ben.id] }).expect(200);
    const date = soon(2);
    const cut = await slotsOf(shop, shop.services.Cut!.id, date, addDays(date, 1));
    expect(cut.slots.find((s) => s.startsAt.slice(11, 16) === '09:00')!.resourceIds).toEqual([Anna.id]);
    expect(cut.slots.find((s) => s.startsAt.slice(11, 16) === '12:00')!.resourceIds).toEqual([Anna.id, Ben.id]);
    const perm = await slotsOf(shop, shop.services.Perm!.id, date, addDays(date, 1));
    expect(localTimes(perm)).toEqual(['12:00', '12:15', '12:30', '12:45', '13:00']);
    expect(perm.slots.every((s) => s.resourceIds.length === 1 && s.resourceIds[0] === Ben.id)).toBe(true);
    // Asking for a resource that does not perform the service is "not found", like a made-up one.
    const wrong = await t
      .http()
      .post(`/api/public/businesses/${shop.slug}/bookings`)
      .send({ serviceId: shop.services.Perm!.id, startsAt: at(shop, date, '12:00'), resourceId: Anna.id, customer: customer() });
    expect(wrong.status).toBe(404);
    // A time outside Ben's hours is not a bookable time of Perm at all.
    const outside = await t
      .http()
      .post(`/api/public/businesses/${shop.slug}/bookings`)
      .send({ serviceId: shop.services.Perm!.id, startsAt: at(shop, date, '10:00'), customer: customer() });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('outside_availability');
    // The public page lists Perm with Ben only.
    const page = (await t.http().get(`/api/public/businesses/${shop.slug}`).expect(200)).body;
    expect(page.services.find((s: { id: string }) => s.id === shop.services.Perm!.id).resourceIds).toEqual([Ben.id]);
  });
});

describe('booking online', () => {
  it('books a free time: 201 with the booking and a manage link; no cookie, no CORS; the admin sees it as online; audited as the customer', async () => {
    const shop = await newShop();
    const date = soon(4);
    const res = await t
      .http()
      .post(`/api/public/businesses/${shop.slug}/bookings`)
      .set('origin', 'https://evil.example')
      .send({
        serviceId: shop.services.Cut!.id,
        startsAt: at(shop, date, '10:00'),
        customer: { name: ' Jamie Doe ', email: ' Jamie.Doe@Example.TEST ', phone: '+44 7700 900123' },
      })
      .expect(201);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.body.booking).toEqual({
      startsAt: at(shop, date, '10:00'),
      endsAt: at(shop, date, '11:00'),
      status: 'confirmed',
      service: { id: shop.services.Cut!.id, name: 'Cut', durationMinutes: 60, priceCents: 2500 },
      resource: { id: shop.resources['Chair 1']!.id, name: 'Chair 1' },
      business: { slug: shop.slug, name: `Shop ${shop.slug}`, timeZone: 'Europe/London' },
    });
    // The link is built on PUBLIC_URL, the one public origin.
    expect(res.body.manageUrl.startsWith(`${t.config.publicUrl}/book/`)).toBe(true);
    const match = /\/book\/([a-z0-9-]+)\/manage\/([A-Za-z0-9_-]{43})$/.exec(res.body.manageUrl);
    expect(match?.[1]).toBe(shop.slug);
    const token = match![2]!;
    const [row] = await t.db.query(`SELECT id, source, customer_id, manage_token_hash, created_by FROM bookings WHERE business_id = $1`, [shop.id]);
    expect(row.source).toBe('online');
    expect(row.created_by).toBeNull();
    expect(row.manage_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await t.db.query(`SELECT * FROM bookings WHERE business_id = $1`, [shop.id]))).not.toContain(token);
    const [cust] = await t.db.query(`SELECT name, email, phone FROM customers WHERE business_id = $1 AND id = $2`, [shop.id, row.customer_id]);
    expect(cust).toEqual({ name: 'Jamie Doe', email: 'jamie.doe@example.test', phone: '+44 7700 900123' });
    const list = (await shop.owner.get(`/api/businesses/${shop.id}/bookings`).expect(200)).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ source: 'online', customer: { id: row.customer_id, name: 'Jamie Doe' } });
    const calendar = (
      await shop.owner
        .get(`/api/businesses/${shop.id}/calendar`)
        .query({ from: at(shop, date, '00:00'), to: at(shop, addDays(date, 1), '00:00') })
        .expect(200)
    ).body;
    expect(calendar.bookings[0].source).toBe('online');
    const record = (await shop.owner.get(`/api/businesses/${shop.id}/customers/${row.customer_id}`).expect(200)).body;
    expect(record.bookings[0].source).toBe('online');
    const [audit] = await t.db.query(
      `SELECT actor_id, actor_kind, action, outcome, target_id, details FROM audit_events WHERE business_id = $1 AND action = 'booking.create'`,
      [shop.id],
    );
    expect(audit).toMatchObject({ actor_id: null, actor_kind: 'customer', outcome: 'success', target_id: row.id });
    expect((typeof audit.details === 'string' ? JSON.parse(audit.details) : audit.details).customerId).toBe(row.customer_id);
    // The time is no longer offered.
    expect(localTimes(await slotsOf(shop, shop.services.Cut!.id, date, addDays(date, 1)))).not.toContain('10:00');
  });

  it('matches the customer by e-mail within the business without saying so, and never overwrites their details', async () => {
    const shop = await newShop();
    const base = `/api/businesses/${shop.id}`;
    const known = (
      await shop.owner
        .post(`${base}/customers`, { name: 'Real Person', email: 'real.person@example.test', phone: '+1 555 0100', notes: 'VIP, allergic to latex' })
        .expect(201)
    ).body;
    const date = soon(5);
    const asKnown = await t
      .http()
      .post(`/api/public/businesses/${shop.slug}/bookings`)
      .send({
        serviceId: shop.services.Cut!.id,
        startsAt: at(shop, date, '10:00'),
        customer: { name: 'Someone Else', email: 'REAL.PERSON@example.test', phone: '999' },
      })
      .expect(201);
    const asNew = await t
      .http()
      .post(`/api/public/businesses/${shop.slug}/bookings`)
      .send({ serviceId: shop.services.Cut!.id, startsAt: at(shop, date, '12:00'), customer: { name: 'Someone Else', email: 'brand.new@example.test' } })
      .expect(201);
    // Same shape and nothing about the existing record.
    expect(Object.keys(asKnown.body).sort()).toEqual(Object.keys(asNew.body).sort());
    expect(Object.keys(asKnown.body.booking).sort()).toEqual(Object.keys(asNew.body.booking).sort());
    for (const text of ['Real Person', '555 0100', 'latex', known.id]) expect(JSON.stringify(asKnown.body)).not.toContain(text);
    const rows = await t.db.query(`SELECT customer_id FROM bookings WHERE business_id = $1 ORDER BY starts_at`, [shop.id]);
    expect(rows[0].customer_id).toBe(known.id);
    const after = (await shop.owner.get(`${base}/customers/${known.id}`).expect(200)).body;
    expect(after).toMatchObject({ name: 'Real Person', email: 'real.person@example.test', phone: '+1 555 0100', notes: 'VIP, allergic to latex' });
    // The same e-mail in another business is another customer.
    const other = await newShop();
    await t
      .http()
      .post(`/api/public/businesses/${other.slug}/bookings`)
      .send({ serviceId: other.services.Cut!.id, startsAt: at(other, date, '10:00'), customer: { name: 'X', email: 'real.person@example.test' } })
      .expect(201);
    const [{ customer_id }] = await t.db.query(`SELECT customer_id FROM bookings WHERE business_id = $1`, [other.id]);
    expect(customer_id).not.toBe(known.id);
  });

  it('refuses times outside notice and horizon, bad ranges, a filled honeypot, and unknown services — creating nothing', async () => {
    const shop = await newShop({ rules: { minNoticeMinutes: 48 * 60, bookingHorizonDays: 10 } });
    const base = `/api/public/businesses/${shop.slug}`;
    const tomorrow = addDays(zonedParts(new Date(), shop.timeZone).date, 1);
    const tooSoon = await t
      .http()
      .post(`${base}/bookings`)
      .send({ serviceId: shop.services.Cut!.id, startsAt: at(shop, tomorrow, '12:00'), customer: customer() });
    expect([tooSoon.status, tooSoon.body.code]).toEqual([422, 'outside_booking_window']);
    expect(tooSoon.headers['content-type']).toMatch(/^application\/problem\+json/);
    const tooFar = await t
      .http()
      .post(`${base}/bookings`)
      .send({ serviceId: shop.services.Cut!.id, startsAt: at(shop, addDays(tomorrow, 20), '12:00'), customer: customer() });
    expect([tooFar.status, tooFar.body.code]).toEqual([422, 'outside_booking_window']);
    // Free times start after the notice and end at the horizon.
    const view = await slotsOf(shop, shop.services.Cut!.id, tomorrow, addDays(tomorrow, 14));
    expect(new Date(view.slots[0]!.startsAt).getTime()).toBeGreaterThanOrEqual(Date.now() + 48 * 3_600_000 - 60_000);
    expect(new Date(view.slots.at(-1)!.startsAt).getTime()).toBeLessThan(Date.now() + 10 * 86_400_000 + 60_000);

    const honeypot = await t
      .http()
      .post(`${base}/bookings`)
      .send({ serviceId: shop.services.Cut!.id, startsAt: view.slots[0]!.startsAt, customer: customer(), website: 'http://spam.example' });
    expect([honeypot.status, honeypot.body.code]).toEqual([422, 'validation_failed']);
    for (const query of [
      { from: tomorrow, to: addDays(tomorrow, 15) },
      { from: tomorrow, to: tomorrow },
      { from: 'yesterday', to: tomorrow },
    ]) {
      const res = await t
        .http()
        .get(`${base}/slots`)
        .query({ serviceId: shop.services.Cut!.id, ...query });
      expect([res.status, res.body.code]).toEqual([400, 'invalid_time_range']);
    }
    expect((await t.http().get(`${base}/slots`).query({ serviceId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const bad = await t
      .http()
      .post(`${base}/bookings`)
      .send({ serviceId: shop.services.Cut!.id, startsAt: view.slots[0]!.startsAt, customer: { name: '', email: 'not-an-email' }, isAdmin: true });
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    expect(await t.db.query(`SELECT 1 FROM bookings WHERE business_id = $1`, [shop.id])).toHaveLength(0);
    expect(await t.db.query(`SELECT 1 FROM customers WHERE business_id = $1`, [shop.id])).toHaveLength(0);
  });

  it('switched off: the page says so and takes nothing; suspended: no bookings and no services shown', async () => {
    const shop = await newShop({ rules: { onlineBookingEnabled: false } });
    const base = `/api/public/businesses/${shop.slug}`;
    const page = (await t.http().get(base).expect(200)).body;
    expect(page).toMatchObject({ acceptingBookings: false, unavailableReason: 'online_booking_off' });
    expect((await t.http().get(`${base}/slots`).query({ serviceId: shop.services.Cut!.id })).body.code).toBe('online_booking_disabled');
    const date = soon(2);
    const off = await t
      .http()
      .post(`${base}/bookings`)
      .send({ serviceId: shop.services.Cut!.id, startsAt: at(shop, date, '10:00'), customer: customer() });
    expect([off.status, off.body.code]).toEqual([403, 'online_booking_disabled']);

    await shop.owner
      .put(`/api/businesses/${shop.id}/settings/booking`, {
        onlineBookingEnabled: true,
        minNoticeMinutes: 0,
        bookingHorizonDays: 365,
        cancellationWindowHours: 0,
      })
      .expect(200);
    await op.patch(`/api/businesses/${shop.id}`, { status: 'suspended' }).expect(200);
    const suspended = (await t.http().get(base).expect(200)).body;
    expect(suspended).toMatchObject({ acceptingBookings: false, unavailableReason: 'suspended', services: [], resources: [] });
    const res = await t
      .http()
      .post(`${base}/bookings`)
      .send({ serviceId: shop.services.Cut!.id, startsAt: at(shop, date, '10:00'), customer: customer() });
    expect([res.status, res.body.code]).toEqual([403, 'business_suspended']);
    expect(await t.db.query(`SELECT 1 FROM bookings WHERE business_id = $1`, [shop.id])).toHaveLength(0);
  });
});

describe('the manage link', () => {
  async function bookOne(shop: Shop, date: string, time = '10:00') {
    const res = await t
      .http()
      .post(`/api/public/businesses/${shop.slug}/bookings`)
      .send({ serviceId: shop.services.Cut!.id, startsAt: at(shop, date, time), customer: customer() })
      .expect(201);
    return res.body.manageUrl.split('/manage/')[1] as string;
  }

  it('shows the booking (nothing of the customer record), cancels it, and the time is free again; audited as the customer', async () => {
    const shop = await newShop();
    const date = soon(2);
    const token = await bookOne(shop, date);
    const view = (await t.http().get(`/api/public/bookings/manage/${token}`).expect(200)).body;
    expect(view).toMatchObject({
      booking: { startsAt: at(shop, date, '10:00'), status: 'confirmed' },
      business: { slug: shop.slug },
      changeable: true,
      reschedulable: true,
    });
    expect(JSON.stringify(view)).not.toMatch(/jamie|email|phone|notes|customer/i);
    const cancelled = (await t.http().post(`/api/public/bookings/manage/${token}/cancel`).expect(200)).body;
    expect(cancelled).toMatchObject({ booking: { status: 'cancelled' }, changeable: false });
    expect(localTimes(await slotsOf(shop, shop.services.Cut!.id, date, addDays(date, 1)))).toContain('10:00');
    expect((await t.http().post(`/api/public/bookings/manage/${token}/cancel`)).body.code).toBe('conflict');
    const audit = await t.db.query(`SELECT actor_kind, action, path FROM audit_events WHERE business_id = $1 AND action LIKE 'booking.%' ORDER BY id`, [
      shop.id,
    ]);
    expect(audit.map((a: { actor_kind: string; action: string }) => [a.actor_kind, a.action])).toEqual([
      ['customer', 'booking.create'],
      ['customer', 'booking.cancel'],
    ]);
    // The audit keeps the path without the token (only its hash is stored anywhere).
    expect(audit[1].path).toBe('/api/public/bookings/manage/[token]/cancel');
    expect(JSON.stringify(await t.db.query(`SELECT * FROM audit_events WHERE business_id = $1`, [shop.id]))).not.toContain(token);
  });

  it('reschedules to another free time (even overlapping its own old span), refusing a taken one with the next free times', async () => {
    const shop = await newShop();
    const date = soon(3);
    const token = await bookOne(shop, date, '10:00');
    await bookOne(shop, date, '13:00');
    const moved = (
      await t
        .http()
        .post(`/api/public/bookings/manage/${token}/reschedule`)
        .send({ startsAt: at(shop, date, '10:30') })
        .expect(200)
    ).body;
    expect(moved.booking).toMatchObject({ startsAt: at(shop, date, '10:30'), endsAt: at(shop, date, '11:30'), status: 'confirmed' });
    const taken = await t
      .http()
      .post(`/api/public/bookings/manage/${token}/reschedule`)
      .send({ startsAt: at(shop, date, '12:30') });
    expect([taken.status, taken.body.code]).toEqual([409, 'slot_taken']);
    expect(taken.body.nextFreeTimes.length).toBeGreaterThan(0);
    expect(taken.body.nextFreeTimes.map((s: { startsAt: string }) => s.startsAt)).not.toContain(at(shop, date, '12:30'));
    const [audit] = await t.db.query(`SELECT actor_kind, changes FROM audit_events WHERE business_id = $1 AND action = 'booking.update'`, [shop.id]);
    expect(audit.actor_kind).toBe('customer');
  });

  it('closes for changes inside the cancellation window', async () => {
    const shop = await newShop({ rules: { cancellationWindowHours: 720 } });
    const token = await bookOne(shop, addDays(zonedParts(new Date(), shop.timeZone).date, 5));
    const view = (await t.http().get(`/api/public/bookings/manage/${token}`).expect(200)).body;
    expect(view.changeable).toBe(false);
    const res = await t.http().post(`/api/public/bookings/manage/${token}/cancel`);
    expect([res.status, res.body.code]).toEqual([409, 'cancellation_window_passed']);
    const [{ status }] = await t.db.query(`SELECT status FROM bookings WHERE business_id = $1`, [shop.id]);
    expect(status).toBe('confirmed');
  });

  it('an unknown, malformed or expired token is the same 404, and nothing of other bookings can be reached', async () => {
    const shop = await newShop();
    const token = await bookOne(shop, soon(5));
    const probes = ['A'.repeat(43), `${token.slice(0, 42)}${token.endsWith('A') ? 'B' : 'A'}`, 'short', `${token}x`, '../../businesses/acme-hair'];
    const bodies = [];
    for (const probe of probes) {
      const res = await t.http().get(`/api/public/bookings/manage/${encodeURIComponent(probe)}`);
      expect(res.status).toBe(404);
      bodies.push(res.body.detail);
    }
    expect(new Set(bodies.filter(Boolean)).size).toBeLessThanOrEqual(2);
    // Expired: moved past the link's life (30 days after the booking ends).
    try {
      t.clock.advance(120 * 86_400_000);
      const res = await t.http().get(`/api/public/bookings/manage/${token}`);
      expect([res.status, res.body.code]).toEqual([404, 'not_found']);
    } finally {
      t.clock.reset();
    }
    // The public business view lists no customer and no booking.
    const page = JSON.stringify((await t.http().get(`/api/public/businesses/${shop.slug}`).expect(200)).body);
    expect(page).not.toMatch(/jamie|customer|booking"/i);
    // Unknown and malformed slugs answer alike.
    const unknown = await t.http().get(`/api/public/businesses/${unique('nope')}`);
    const malformed = await t.http().get('/api/public/businesses/NOT_A_SLUG');
    expect([unknown.status, malformed.status]).toEqual([404, 404]);
    expect(unknown.body.detail).toBe(malformed.body.detail);
  });
});

describe('races and floods', () => {
  it('50 concurrent requests for the last free time: exactly one booking, 49 clear 409s with the next free times', async () => {
    const shop = await newShop();
    const date = soon(2);
    const startsAt = at(shop, date, '11:00');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .http()
          .post(`/api/public/businesses/${shop.slug}/bookings`)
          .send({ serviceId: shop.services.Cut!.id, startsAt, customer: { name: `Racer ${i}`, email: `racer${i}.${shop.slug}@example.test` } }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body.code).toBe('slot_taken');
      expect(r.body.detail).toMatch(/just taken/);
      expect(r.body.nextFreeTimes.length).toBeGreaterThan(0);
      expect(r.body.nextFreeTimes[0].startsAt).not.toBe(startsAt);
    }
    expect(await t.db.query(`SELECT 1 FROM bookings WHERE business_id = $1 AND status <> 'cancelled'`, [shop.id])).toHaveLength(1);
    // The losers' customers rolled back with their bookings.
    expect(await t.db.query(`SELECT 1 FROM customers WHERE business_id = $1`, [shop.id])).toHaveLength(1);
  });
});

describe('preview while impersonating', () => {
  it('the owner and an operator impersonating the owner see the page while online booking is off; staff cannot; nothing is booked', async () => {
    const shop = await newShop({ rules: { onlineBookingEnabled: false } });
    const preview = (await shop.owner.get(`/api/businesses/${shop.id}/booking-page`).expect(200)).body;
    expect(preview).toMatchObject({ slug: shop.slug, acceptingBookings: false, unavailableReason: 'online_booking_off' });
    expect(preview.services.map((s: { name: string }) => s.name)).toEqual(['Cut']);
    const date = soon(3);
    const slots = (
      await shop.owner
        .get(`/api/businesses/${shop.id}/booking-page/slots`)
        .query({ serviceId: shop.services.Cut!.id, from: date, to: addDays(date, 1) })
        .expect(200)
    ).body;
    expect(slots.slots.length).toBeGreaterThan(0);

    const operator = await signIn(t, DEMO_LOGINS.operator);
    const imp = (await operator.post('/api/impersonation', { businessId: shop.id }).expect(201)).body.impersonation;
    expect((await operator.get(`/api/businesses/${shop.id}/booking-page`).expect(200)).body).toEqual(preview);
    const [read] = await t.db.query(`SELECT action, actor_id FROM audit_events WHERE impersonation_id = $1 AND action = 'booking_page.preview'`, [imp.id]);
    expect(read.actor_id).toBe(operator.userId);
    await operator.post('/api/impersonation', { businessId: shop.id, role: 'staff' }).expect(201);
    expect((await operator.get(`/api/businesses/${shop.id}/booking-page`)).body.code).toBe('owner_required');
    await operator.delete('/api/impersonation').expect(200);
    expect(await t.db.query(`SELECT 1 FROM bookings WHERE business_id = $1`, [shop.id])).toHaveLength(0);
  });
});

describe('the admin’s next free times', () => {
  it('lists free times for the chosen service from now on, and is bounded', async () => {
    const shop = await newShop();
    const date = soon(1);
    const view = (
      await shop.owner
        .get(`/api/businesses/${shop.id}/slots`)
        .query({ serviceId: shop.services.Cut!.id, from: date, to: addDays(date, 1) })
        .expect(200)
    ).body;
    expect(view.slots[0].startsAt).toBe(at(shop, date, '09:00'));
    expect(
      (await shop.owner.get(`/api/businesses/${shop.id}/slots`).query({ serviceId: shop.services.Cut!.id, from: date, to: addDays(date, 30) })).body.code,
    ).toBe('invalid_time_range');
    const staffOfAcme = await bearer(t, DEMO_LOGINS.acmeStaff);
    expect((await staffOfAcme.get(`/api/businesses/${shop.id}/slots`).query({ serviceId: shop.services.Cut!.id })).status).toBe(403);
  });
});

describe('the admin’s bookings obey the rules the free times are computed by', () => {
  it('refuses a resource that does not perform the service (422 resource_not_eligible) and a time outside its own hours (422 outside_availability), on create and on move', async () => {
    const shop = await newShop({
      resources: { Anna: {}, Ben: { workingHours: EVERY_DAY.map((weekday) => ({ weekday, opens: '12:00', closes: '14:00' })) } },
      services: { Cut: { durationMinutes: 60 }, Perm: { durationMinutes: 60 } },
    });
    const { Anna, Ben } = shop.resources as { Anna: { id: string }; Ben: { id: string } };
    const { Cut, Perm } = shop.services as { Cut: { id: string }; Perm: { id: string } };
    const base = `/api/businesses/${shop.id}`;
    await shop.owner.patch(`${base}/services/${Perm.id}`, { resourceIds: [Ben.id] }).expect(200);
    const c = (await shop.owner.post(`${base}/customers`, { name: 'Walk In' }).expect(201)).body;
    const date = soon(4);
    const book = (serviceId: string, resourceId: string, time: string) =>
      shop.owner.post(`${base}/bookings`, { customerId: c.id, serviceId, resourceId, startsAt: at(shop, date, time) });

    // The admin's next free times for Perm: Ben only, inside his hours (the same computation as the public page).
    const next = (
      await shop.owner
        .get(`${base}/slots`)
        .query({ serviceId: Perm.id, from: date, to: addDays(date, 1) })
        .expect(200)
    ).body as FreeSlotsView;
    expect(localTimes(next)).toEqual(['12:00', '12:15', '12:30', '12:45', '13:00']);
    expect(next.slots.every((s) => s.resourceIds.join() === Ben.id)).toBe(true);

    const ineligible = await book(Perm.id, Anna.id, '10:00');
    expect(ineligible.status).toBe(422);
    expect(ineligible.body.code).toBe('resource_not_eligible');
    expect(ineligible.body.errors).toEqual([{ field: 'resourceId', messages: [expect.stringContaining('Anna does not perform "Perm"')] }]);

    const early = await book(Cut.id, Ben.id, '10:00');
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('outside_availability');
    expect(early.body.detail).toContain("outside Ben's working hours (12:00–14:00");
    // Inside opening hours and starting inside Ben's hours, but running past their end.
    expect((await book(Cut.id, Ben.id, '13:30')).body.code).toBe('outside_availability');
    expect(await t.db.query(`SELECT 1 FROM bookings WHERE business_id = $1`, [shop.id])).toHaveLength(0);
    expect(await t.db.query(`SELECT 1 FROM audit_events WHERE business_id = $1 AND action = 'booking.create'`, [shop.id])).toHaveLength(0);

    // What the free times offer, the admin can book; Anna (no hours of her own) works whenever the business is open.
    const onBen = (await book(Perm.id, Ben.id, next.slots[0]!.startsAt.slice(11, 16)).expect(201)).body;
    await book(Cut.id, Anna.id, '09:00').expect(201);

    // Moving is judged the same way, and a refused move leaves the booking where it was.
    const moveLate = await shop.owner.patch(`${base}/bookings/${onBen.id}`, { startsAt: at(shop, date, '15:00') });
    expect([moveLate.status, moveLate.body.code]).toEqual([422, 'outside_availability']);
    const moveToAnna = await shop.owner.patch(`${base}/bookings/${onBen.id}`, { resourceId: Anna.id });
    expect([moveToAnna.status, moveToAnna.body.code]).toEqual([422, 'resource_not_eligible']);
    const toCutOnAnna = await shop.owner.patch(`${base}/bookings/${onBen.id}`, { serviceId: Cut.id, resourceId: Anna.id, startsAt: at(shop, date, '15:00') });
    expect(toCutOnAnna.status).toBe(200);
    expect(toCutOnAnna.body).toMatchObject({ resource: { id: Anna.id }, service: { id: Cut.id }, startsAt: at(shop, date, '15:00') });

    // Rules changed after a booking was made: what a change does not touch is not judged again.
    const perm = (await book(Perm.id, Ben.id, '12:00').expect(201)).body;
    await shop.owner.patch(`${base}/resources/${Ben.id}`, { workingHours: [{ weekday: 1, opens: '09:00', closes: '10:00' }] }).expect(200);
    await shop.owner.patch(`${base}/services/${Perm.id}`, { resourceIds: [Anna.id] }).expect(200);
    expect((await shop.owner.patch(`${base}/bookings/${perm.id}`, { notes: 'Allergic to ammonia' }).expect(200)).body.notes).toBe('Allergic to ammonia');
    const moved = await shop.owner.patch(`${base}/bookings/${perm.id}`, { startsAt: at(shop, date, '12:30') });
    expect([moved.status, moved.body.code]).toEqual([422, 'outside_availability']);
    expect(moved.body.detail).toContain('Ben does not work on Thursdays');
  });

  it('judges a resource’s own hours by the real clock across a daylight-saving change (New York, spring forward)', async () => {
    const shop = await newShop({
      timeZone: 'America/New_York',
      weekly: EVERY_DAY.map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
      resources: { Night: { workingHours: [{ weekday: 7, opens: '01:00', closes: '04:00' }] } },
      services: { Hour: { durationMinutes: 60 } },
    });
    const base = `/api/businesses/${shop.id}`;
    const c = (await shop.owner.post(`${base}/customers`, { name: 'Night Owl' }).expect(201)).body;
    const date = '2027-03-14'; // 02:00 → 03:00: Night works two real hours that night
    const book = (startsAt: string) =>
      shop.owner.post(`${base}/bookings`, { customerId: c.id, serviceId: shop.services.Hour!.id, resourceId: shop.resources.Night!.id, startsAt });
    // 01:00 EST + 60 min = 03:00 EDT, inside 01:00–04:00.
    const first = await book('2027-03-14T01:00:00-05:00');
    expect(first.status).toBe(201);
    expect(first.body.endsAt).toBe('2027-03-14T03:00:00-04:00');
    // 03:00–04:00 EDT fits; 03:30 does not (it would end at 04:30).
    expect((await book('2027-03-14T03:00:00-04:00')).status).toBe(201);
    expect((await book('2027-03-14T03:30:00-04:00')).body.code).toBe('outside_availability');
    const offered = (
      await shop.owner
        .get(`${base}/slots`)
        .query({ serviceId: shop.services.Hour!.id, from: date, to: addDays(date, 1) })
        .expect(200)
    ).body as FreeSlotsView;
    expect(offered.slots).toEqual([]);
  });
});
