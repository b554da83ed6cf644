import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toZonedIso, zonedParts, zonedTimeToUtc } from '#contracts';
import { hashPassword } from '../src/auth/passwords.js';
import { weekdayOfDate } from '../src/schedule/local-calendar.js';
import { bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, unique, type CookieSession, type TestApp } from './harness.js';

/**
 * Bookings through HTTP: create, edit, cancel; opening hours; overlap (the exclusion constraint,
 * also under a race); local days; tenancy; keyset paging; audit. Every test books on resources it
 * creates itself, on a random far-future date, so it never meets seeded bookings or other files' rows.
 */
const LONDON = 'Europe/London';
let t: TestApp;
let acme: { id: string };
let bright: { id: string };
let owner: CookieSession;
let staff: CookieSession;
let haircut: { id: string; durationMinutes: number; name: string };

/** A random date 200–400 days ahead that falls on `weekday` (1 = Monday). */
function futureDate(weekday: number): string {
  const base = addDays(new Date().toISOString().slice(0, 10), 200 + Math.floor(Math.random() * 200));
  return addDays(base, (weekday - weekdayOfDate(base) + 7) % 7);
}
const at = (date: string, time: string, tz = LONDON) => toZonedIso(zonedTimeToUtc(date, time, tz), tz);
const acmePath = (rest = '') => `/api/businesses/${acme.id}${rest}`;

async function newResource(): Promise<{ id: string; name: string }> {
  return (await owner.post(acmePath('/resources'), { name: unique('Chair') }).expect(201)).body;
}
async function newCustomer(name = unique('Customer')): Promise<{ id: string; name: string }> {
  return (await staff.post(acmePath('/customers'), { name, email: `${unique('c')}@example.test` }).expect(201)).body;
}

beforeAll(async () => {
  t = await startTestApp();
  acme = await businessBySlug(t, 'acme-hair');
  bright = await businessBySlug(t, 'bright-dental');
  owner = await signIn(t, DEMO_LOGINS.acmeOwner);
  staff = await signIn(t, DEMO_LOGINS.acmeStaff);
  const services = (await staff.get(acmePath('/services')).expect(200)).body;
  haircut = services.find((s: { name: string }) => s.name === 'Haircut');
});
afterAll(() => t.close());

describe('create, edit, cancel', () => {
  it('creates a booking that ends after the service duration, in the business zone, with both identities', async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const date = futureDate(2);
    const res = await staff
      .post(acmePath('/bookings'), {
        customerId: customer.id,
        serviceId: haircut.id,
        resourceId: resource.id,
        startsAt: at(date, '10:00'),
        notes: '  first visit ',
      })
      .expect(201);
    const b = res.body;
    expect(b).toMatchObject({
      businessId: acme.id,
      startsAt: at(date, '10:00'),
      endsAt: at(date, '10:45'),
      status: 'confirmed',
      notes: 'first visit',
      customer: { id: customer.id, name: customer.name },
      service: { id: haircut.id, name: 'Haircut', durationMinutes: 45, priceCents: 3500 },
      resource: { id: resource.id, name: resource.name },
      createdBy: staff.userId,
      createdInImpersonation: null,
    });
    expect(b.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T10:00:00[+-]\d{2}:\d{2}$/);
    expect((await staff.get(acmePath(`/bookings/${b.id}`)).expect(200)).body).toEqual(b);
  });

  it('accepts startsAt in UTC (Z) and answers in local time', async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const date = futureDate(3);
    const utc = zonedTimeToUtc(date, '11:00', LONDON).toISOString();
    const res = await staff.post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: utc }).expect(201);
    expect(res.body.startsAt).toBe(at(date, '11:00'));
  });

  it('reschedules, moves, changes notes and status; a cancelled booking can no longer be edited', async () => {
    const [r1, r2] = [await newResource(), await newResource()];
    const customer = await newCustomer();
    const other = await newCustomer();
    const date = futureDate(4);
    const b = (
      await staff.post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: r1.id, startsAt: at(date, '10:00') }).expect(201)
    ).body;

    const moved = (
      await staff.patch(acmePath(`/bookings/${b.id}`), { startsAt: at(date, '14:00'), resourceId: r2.id, customerId: other.id, notes: 'moved' }).expect(200)
    ).body;
    expect(moved).toMatchObject({
      startsAt: at(date, '14:00'),
      endsAt: at(date, '14:45'),
      resource: { id: r2.id },
      customer: { id: other.id },
      notes: 'moved',
      status: 'confirmed',
    });

    const services = (await staff.get(acmePath('/services')).expect(200)).body;
    const colour = services.find((s: { name: string }) => s.name === 'Colour');
    const longer = (await staff.patch(acmePath(`/bookings/${b.id}`), { serviceId: colour.id }).expect(200)).body;
    expect(longer.endsAt).toBe(at(date, '15:30'));

    expect((await staff.patch(acmePath(`/bookings/${b.id}`), { status: 'completed', notes: null }).expect(200)).body).toMatchObject({
      status: 'completed',
      notes: null,
    });
    expect((await staff.patch(acmePath(`/bookings/${b.id}`), { status: 'confirmed' }).expect(200)).body.status).toBe('confirmed');

    const cancelled = (await staff.post(acmePath(`/bookings/${b.id}/cancel`)).expect(200)).body;
    expect(cancelled.status).toBe('cancelled');
    expect((await staff.patch(acmePath(`/bookings/${b.id}`), { notes: 'again' }).expect(409)).body.code).toBe('conflict');
    expect((await staff.post(acmePath(`/bookings/${b.id}/cancel`)).expect(409)).body.code).toBe('conflict');
  });

  it('cancels only through /cancel and refuses fields a client must not set', async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const b = (
      await staff
        .post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(futureDate(1), '10:00') })
        .expect(201)
    ).body;
    expect((await staff.patch(acmePath(`/bookings/${b.id}`), { status: 'cancelled' }).expect(400)).body.code).toBe('validation_failed');
    for (const field of ['businessId', 'createdBy', 'createdInImpersonation', 'endsAt', 'id']) {
      const res = await staff.patch(acmePath(`/bookings/${b.id}`), { [field]: field === 'endsAt' ? at(futureDate(1), '18:00') : bright.id });
      expect(res.status, field).toBe(400);
    }
    const sneaky = await staff.post(acmePath('/bookings'), {
      customerId: customer.id,
      serviceId: haircut.id,
      resourceId: resource.id,
      startsAt: at(futureDate(1), '12:00'),
      businessId: bright.id,
      createdBy: bright.id,
    });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.code).toBe('validation_failed');
  });

  it('requires an offset on startsAt and a real date', async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    for (const startsAt of [`${futureDate(2)}T10:00:00`, `${futureDate(2)}`, '2031-02-30T10:00:00Z', 'soon']) {
      const res = await staff.post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt }).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('refuses an inactive service or resource with 422 validation_failed', async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const service = (await owner.post(acmePath('/services'), { name: unique('Retired'), durationMinutes: 30, priceCents: 0, active: false }).expect(201)).body;
    const res = await staff
      .post(acmePath('/bookings'), { customerId: customer.id, serviceId: service.id, resourceId: resource.id, startsAt: at(futureDate(2), '10:00') })
      .expect(422);
    expect(res.body.code).toBe('validation_failed');
    await owner.patch(acmePath(`/resources/${resource.id}`), { active: false }).expect(200);
    const res2 = await staff
      .post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(futureDate(2), '10:00') })
      .expect(422);
    expect(res2.body.code).toBe('validation_failed');
  });
});

describe('opening hours (422 outside_availability)', () => {
  let resource: { id: string };
  let customer: { id: string };
  beforeAll(async () => {
    resource = await newResource();
    customer = await newCustomer();
  });
  const attempt = (startsAt: string) =>
    staff.post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt });

  it('refuses a booking before opening', async () => {
    const res = await attempt(at(futureDate(2), '08:30')).expect(422);
    expect(res.body).toMatchObject({ code: 'outside_availability' });
    expect(res.body.detail).toMatch(/before opening at 09:00/);
  });

  it('refuses a booking that runs across closing', async () => {
    const res = await attempt(at(futureDate(2), '17:30')).expect(422);
    expect(res.body.code).toBe('outside_availability');
    expect(res.body.detail).toMatch(/after closing at 18:00/);
  });

  it('accepts one that ends exactly at closing', async () => {
    await attempt(at(futureDate(5), '17:15')).expect(201);
  });

  it('refuses a closed weekday', async () => {
    const res = await attempt(at(futureDate(7), '10:00')).expect(422);
    expect(res.body.code).toBe('outside_availability');
    expect(res.body.detail).toMatch(/closed on Sundays/);
  });

  it('refuses a closed date', async () => {
    const settings = (await staff.get(acmePath('/settings/availability')).expect(200)).body;
    const closed: string | undefined = settings.closedDates[0];
    expect(closed).toBeDefined();
    const res = await attempt(at(closed!, '10:00')).expect(422);
    expect(res.body.code).toBe('outside_availability');
    expect(res.body.detail).toContain(closed);
  });

  it('re-checks opening hours when a booking is moved', async () => {
    const date = futureDate(3);
    const b = (await attempt(at(date, '10:00')).expect(201)).body;
    expect((await staff.patch(acmePath(`/bookings/${b.id}`), { startsAt: at(date, '18:00') }).expect(422)).body.code).toBe('outside_availability');
    expect((await staff.get(acmePath(`/bookings/${b.id}`)).expect(200)).body.startsAt).toBe(at(date, '10:00'));
  });
});

describe('overlap (409 slot_taken)', () => {
  it('names the booking in the way, and frees the slot on cancel', async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const date = futureDate(2);
    const first = (
      await staff
        .post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(date, '10:00') })
        .expect(201)
    ).body;
    const body = { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(date, '10:30') };
    const res = await staff.post(acmePath('/bookings'), body).expect(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.code).toBe('slot_taken');
    expect(res.body.slot).toEqual({
      resourceId: resource.id,
      resourceName: (first as { resource: { name: string } }).resource.name,
      startsAt: first.startsAt,
      endsAt: first.endsAt,
    });
    expect(res.body.detail).toContain(first.resource.name);
    expect(res.body.detail).toContain('10:00');

    // Back to back is fine ([start, end) ranges), and so is another resource at the same time.
    await staff.post(acmePath('/bookings'), { ...body, startsAt: at(date, '10:45') }).expect(201);
    const elsewhere = await newResource();
    await staff.post(acmePath('/bookings'), { ...body, resourceId: elsewhere.id }).expect(201);

    await staff.post(acmePath(`/bookings/${first.id}/cancel`)).expect(200);
    await staff.post(acmePath('/bookings'), { ...body, startsAt: at(date, '10:00') }).expect(201);
  });

  it('refuses moving a booking onto another one, and leaves it where it was', async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const date = futureDate(4);
    const a = (
      await staff
        .post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(date, '10:00') })
        .expect(201)
    ).body;
    const b = (
      await staff
        .post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(date, '12:00') })
        .expect(201)
    ).body;
    const res = await staff.patch(acmePath(`/bookings/${b.id}`), { startsAt: at(date, '10:15') }).expect(409);
    expect(res.body.slot).toMatchObject({ resourceId: resource.id, startsAt: a.startsAt, endsAt: a.endsAt });
    expect((await staff.get(acmePath(`/bookings/${b.id}`)).expect(200)).body.startsAt).toBe(at(date, '12:00'));
    // Moving within its own slot does not conflict with itself.
    await staff.patch(acmePath(`/bookings/${b.id}`), { startsAt: at(date, '12:15') }).expect(200);
  });

  it('lets exactly one of 20 racing requests for one slot win', async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const api = await bearer(t, DEMO_LOGINS.acmeStaff);
    const body = { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(futureDate(3), '11:00') };
    const results = await Promise.all(Array.from({ length: 20 }, () => api.post(acmePath('/bookings'), body)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('slot_taken');
    const list = (await staff.get(acmePath(`/bookings?resourceId=${resource.id}`)).expect(200)).body;
    expect(list.items).toHaveLength(1);
  });
});

/** A fresh business of our own (the demo ones are shared): owner and staff sign-ins, one resource, one 30-min service. */
async function createTenant(timeZone: string) {
  const slug = unique('bk');
  const hash = await hashPassword('tenant-pass');
  const [{ id }] = await t.db.query(`INSERT INTO businesses (slug, name, time_zone) VALUES ($1, $2, $3) RETURNING id`, [slug, `Test ${slug}`, timeZone]);
  const logins: Record<'owner' | 'staff', { email: string; password: string }> = {} as never;
  for (const role of ['owner', 'staff'] as const) {
    const email = `${role}@${slug}.test`;
    const [{ id: userId }] = await t.db.query(`INSERT INTO users (email, name, kind, password_hash) VALUES ($1, $2, 'business', $3) RETURNING id`, [
      email,
      `${role} ${slug}`,
      hash,
    ]);
    await t.db.query(`INSERT INTO memberships (business_id, user_id, role) VALUES ($1, $2, $3)`, [id, userId, role]);
    logins[role] = { email, password: 'tenant-pass' };
  }
  const ownerSession = await signIn(t, logins.owner);
  const base = `/api/businesses/${id}`;
  const resource = (await ownerSession.post(`${base}/resources`, { name: 'Late room' }).expect(201)).body;
  const service = (await ownerSession.post(`${base}/services`, { name: 'Late session', durationMinutes: 30, priceCents: 1000 }).expect(201)).body;
  const customer = (await ownerSession.post(`${base}/customers`, { name: 'Night Owl' }).expect(201)).body;
  return { id, base, owner: ownerSession, logins, resource, service, customer };
}

describe('local days', () => {
  it('shows a 23:30 booking on its local day in the list, the calendar and the dashboard', async () => {
    const tz = 'America/New_York'; // 23:30 there is already the next day in UTC
    const tenant = await createTenant(tz);
    const today = zonedParts(new Date(), tz).date;
    const future = futureDate(3);
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
    await tenant.owner.put(`${tenant.base}/settings/availability`, { weekly, closedDates: [] }).expect(200);
    const book = (date: string) =>
      tenant.owner
        .post(`${tenant.base}/bookings`, {
          customerId: tenant.customer.id,
          serviceId: tenant.service.id,
          resourceId: tenant.resource.id,
          startsAt: at(date, '23:30', tz),
        })
        .expect(201);
    const late = (await book(future)).body;
    expect(late.startsAt).toBe(at(future, '23:30', tz));
    expect(late.startsAt.slice(0, 10)).toBe(future);
    expect(late.endsAt).toBe(at(addDays(future, 1), '00:00', tz));

    const dayOf = (date: string) => `from=${encodeURIComponent(at(date, '00:00', tz))}&to=${encodeURIComponent(at(addDays(date, 1), '00:00', tz))}`;
    const onDay = (await tenant.owner.get(`${tenant.base}/bookings?${dayOf(future)}`).expect(200)).body.items.map((b: { id: string }) => b.id);
    expect(onDay).toEqual([late.id]);
    expect((await tenant.owner.get(`${tenant.base}/bookings?${dayOf(addDays(future, 1))}`).expect(200)).body.items).toEqual([]);

    const calendar = (await tenant.owner.get(`${tenant.base}/calendar?${dayOf(future)}`).expect(200)).body;
    expect(calendar.timeZone).toBe(tz);
    expect(calendar.from).toBe(at(future, '00:00', tz));
    expect(calendar.bookings.map((b: { id: string }) => b.id)).toEqual([late.id]);
    expect(calendar.resources).toEqual([{ id: tenant.resource.id, name: 'Late room', active: true, workingHours: [] }]);
    expect(calendar.availability.weekly).toHaveLength(7);

    const tonight = (await book(today)).body;
    const dashboard = (await tenant.owner.get(`${tenant.base}/dashboard`).expect(200)).body;
    expect(dashboard.date).toBe(today);
    expect(dashboard.business).toMatchObject({ id: tenant.id, timeZone: tz });
    expect(dashboard.today.map((b: { id: string }) => b.id)).toEqual([tonight.id]);
    expect(dashboard.counts.today).toBe(1);
    expect(dashboard.counts.week).toBe(1);
    expect(dashboard.counts.upcoming).toBeGreaterThanOrEqual(1);
  });

  it('counts today and this week from the Clock, in the business zone', async () => {
    const tz = 'Asia/Tokyo';
    const tenant = await createTenant(tz);
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
    await tenant.owner.put(`${tenant.base}/settings/availability`, { weekly, closedDates: [] }).expect(200);
    const today = zonedParts(new Date(), tz).date;
    const monday = addDays(today, 1 - weekdayOfDate(today));
    const create = (date: string, time: string) =>
      tenant.owner
        .post(`${tenant.base}/bookings`, {
          customerId: tenant.customer.id,
          serviceId: tenant.service.id,
          resourceId: tenant.resource.id,
          startsAt: at(date, time, tz),
        })
        .expect(201);
    await create(monday, '00:00'); // first minute of the week
    await create(addDays(monday, 6), '23:30'); // last half hour of the week
    await create(addDays(monday, 7), '00:00'); // next week
    await create(addDays(monday, -1), '23:30'); // last week
    const cancelled = (await create(today, '12:00')).body;
    await tenant.owner.post(`${tenant.base}/bookings/${cancelled.id}/cancel`).expect(200);
    const dashboard = (await tenant.owner.get(`${tenant.base}/dashboard`).expect(200)).body;
    expect(dashboard.counts.week).toBe(2);
    expect(dashboard.today.map((b: { id: string }) => b.id)).toContain(cancelled.id);
  });
});

describe('tenancy', () => {
  let brightIds: { customer: string; service: string; resource: string };
  beforeAll(async () => {
    const brightOwner = await bearer(t, DEMO_LOGINS.brightOwner);
    const base = `/api/businesses/${bright.id}`;
    brightIds = {
      customer: (await brightOwner.get(`${base}/customers?limit=1`).expect(200)).body.items[0].id,
      service: (await brightOwner.get(`${base}/services`).expect(200)).body[0].id,
      resource: (await brightOwner.get(`${base}/resources`).expect(200)).body[0].id,
    };
  });

  it("answers 404 for another business's customer, service or resource in a booking body", async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const body = { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(futureDate(2), '10:00') };
    for (const [field, id] of [
      ['customerId', brightIds.customer],
      ['serviceId', brightIds.service],
      ['resourceId', brightIds.resource],
    ] as const) {
      const res = await staff.post(acmePath('/bookings'), { ...body, [field]: id });
      expect(res.status, field).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    const b = (await staff.post(acmePath('/bookings'), body).expect(201)).body;
    for (const [field, id] of [
      ['customerId', brightIds.customer],
      ['serviceId', brightIds.service],
      ['resourceId', brightIds.resource],
    ] as const) {
      expect((await staff.patch(acmePath(`/bookings/${b.id}`), { [field]: id })).status, field).toBe(404);
    }
  });

  it("answers 404 for another business's ids in paths, and for malformed ids", async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const b = (
      await staff
        .post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(futureDate(5), '10:00') })
        .expect(201)
    ).body;
    const brightOwner = await signIn(t, DEMO_LOGINS.brightOwner);
    const base = `/api/businesses/${bright.id}`;
    expect((await brightOwner.get(`${base}/bookings/${b.id}`).expect(404)).body.code).toBe('not_found');
    await brightOwner.patch(`${base}/bookings/${b.id}`, { notes: 'x' }).expect(404);
    await brightOwner.post(`${base}/bookings/${b.id}/cancel`).expect(404);
    await brightOwner.get(`${base}/customers/${customer.id}`).expect(404);
    await brightOwner.patch(`${base}/customers/${customer.id}`, { name: 'Mine now' }).expect(404);
    await brightOwner.patch(`${base}/resources/${resource.id}`, { name: 'Mine now' }).expect(404);
    await brightOwner.patch(`${base}/services/${haircut.id}`, { name: 'Mine now' }).expect(404);
    expect((await staff.get(acmePath('/bookings/not-a-uuid')).expect(404)).body.code).toBe('not_found');
    await staff.get(acmePath("/customers/1'%20or%201=1")).expect(404);
    // And acme staff cannot use bright-dental's paths at all.
    expect((await staff.get(`${base}/bookings`).expect(403)).body.code).toBe('forbidden');
    expect((await staff.get(acmePath(`/bookings/${b.id}`)).expect(200)).body.notes).toBeNull();
  });
});

describe('list', () => {
  it('pages by (start, id) and returns every booking exactly once', async () => {
    const customer = await newCustomer();
    const [r1, r2] = [await newResource(), await newResource()];
    const date = futureDate(1);
    const created: string[] = [];
    // 25 bookings over three days; pairs start at the same instant on two resources (id breaks the tie).
    for (let i = 0; i < 25; i++) {
      const day = addDays(date, Math.floor(i / 10));
      const hour = 9 + Math.floor((i % 10) / 2);
      const res = await staff
        .post(acmePath('/bookings'), {
          customerId: customer.id,
          serviceId: haircut.id,
          resourceId: i % 2 ? r2.id : r1.id,
          startsAt: at(day, `${String(hour).padStart(2, '0')}:00`),
        })
        .expect(201);
      created.push(res.body.id);
    }
    const seen: { id: string; startsAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: { id: string; startsAt: string }[]; nextCursor: string | null } } = await staff
        .get(acmePath(`/bookings?customerId=${customer.id}&limit=7${cursor ? `&cursor=${cursor}` : ''}`))
        .expect(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen.map((b) => b.id).sort()).toEqual([...created].sort());
    expect(new Set(seen.map((b) => b.id)).size).toBe(25);
    const instants = seen.map((b) => Date.parse(b.startsAt));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
  });

  it('filters by status, resource, time and customer text (with % and _ taken literally)', async () => {
    const token = unique('Zed').replace('-', '');
    const customer = await newCustomer(`${token} Person`);
    const resource = await newResource();
    const date = futureDate(6);
    const a = (
      await staff
        .post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(date, '09:00') })
        .expect(201)
    ).body;
    const b = (
      await staff
        .post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(date, '11:00') })
        .expect(201)
    ).body;
    await staff.post(acmePath(`/bookings/${a.id}/cancel`)).expect(200);
    const ids = async (query: string) => (await staff.get(acmePath(`/bookings?${query}`)).expect(200)).body.items.map((x: { id: string }) => x.id);
    expect(await ids(`q=${token.toLowerCase()}`)).toEqual([a.id, b.id]);
    expect(await ids(`q=${token}&status=cancelled`)).toEqual([a.id]);
    expect(await ids(`resourceId=${resource.id}&from=${encodeURIComponent(at(date, '10:00'))}`)).toEqual([b.id]);
    expect(await ids(`resourceId=${resource.id}&to=${encodeURIComponent(at(date, '10:00'))}`)).toEqual([a.id]);
    expect(await ids(`q=${encodeURIComponent('%')}&resourceId=${resource.id}`)).toEqual([]);
    expect(await ids(`q=_&resourceId=${resource.id}`)).toEqual([]);
    expect((await staff.get(acmePath('/bookings?status=bogus')).expect(400)).body.code).toBe('validation_failed');
    expect((await staff.get(acmePath('/bookings?cursor=garbage!')).expect(400)).body.code).toBe('invalid_cursor');
    expect((await staff.get(acmePath(`/bookings?from=${date}T10:00:00`)).expect(400)).body.code).toBe('validation_failed');
  });

  it('refuses a calendar range over 62 days or backwards', async () => {
    const from = at(futureDate(1), '00:00');
    const far = toZonedIso(new Date(Date.parse(from) + 63 * 86_400_000), LONDON);
    expect((await staff.get(acmePath(`/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(far)}`)).expect(400)).body.code).toBe(
      'invalid_time_range',
    );
    expect((await staff.get(acmePath(`/calendar?from=${encodeURIComponent(far)}&to=${encodeURIComponent(from)}`)).expect(400)).body.code).toBe(
      'invalid_time_range',
    );
    const week = (await staff.get(acmePath('/calendar')).expect(200)).body;
    expect(week.timeZone).toBe(LONDON);
    expect(zonedParts(new Date(week.from), LONDON)).toMatchObject({ weekday: 1, time: '00:00' });
  });
});

describe('audit', () => {
  it('records exactly one booking.create row with the real actor, and none for a refused create', async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const body = { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(futureDate(2), '15:00') };
    const b = (await staff.post(acmePath('/bookings'), body).expect(201)).body;
    const rows = await t.db.query(`SELECT actor_id, business_id, outcome, changes FROM audit_events WHERE action = 'booking.create' AND target_id = $1`, [
      b.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: staff.userId, business_id: acme.id, outcome: 'success' });
    expect(rows[0].changes.startsAt).toEqual({ before: null, after: b.startsAt });

    const refused = await staff.post(acmePath('/bookings'), body).expect(409);
    expect(refused.body.requestId).toBeTruthy();
    expect(await t.db.query(`SELECT id FROM audit_events WHERE request_id = $1`, [refused.body.requestId])).toEqual([]);

    await staff.patch(acmePath(`/bookings/${b.id}`), { notes: 'changed' }).expect(200);
    const [update] = await t.db.query(`SELECT changes FROM audit_events WHERE action = 'booking.update' AND target_id = $1`, [b.id]);
    expect(update.changes).toEqual({ notes: { before: null, after: 'changed' } });
  });

  it('keeps the operator as creator and the impersonation while impersonating', async () => {
    const resource = await newResource();
    const customer = await newCustomer();
    const op = await signIn(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id, role: 'staff', reason: 'booking on behalf' }).expect(201)).body.impersonation;
    try {
      const b = (
        await op
          .post(acmePath('/bookings'), { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(futureDate(4), '16:00') })
          .expect(201)
      ).body;
      expect(b).toMatchObject({ createdBy: op.userId, createdInImpersonation: imp.id });
      const [row] = await t.db.query(`SELECT actor_id, impersonation_id FROM audit_events WHERE action = 'booking.create' AND target_id = $1`, [b.id]);
      expect(row).toEqual({ actor_id: op.userId, impersonation_id: imp.id });
    } finally {
      await op.delete('/api/impersonation').expect(200);
    }
  });
});
