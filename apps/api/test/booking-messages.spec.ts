import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toZonedIso, zonedTimeToUtc } from '#contracts';
import { OutboxWorker } from '../src/messages/outbox.worker.js';
import { createBusiness, DEMO_LOGINS, scratchDatabase, signIn, startTestApp, unique, type CookieSession, type TestApp } from './harness.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from './support/smtp-sink.js';

/**
 * Customers' booking messages end to end through a real SMTP server: confirmation, change,
 * cancellation and the reminder, for bookings made in the admin (also by an impersonating operator)
 * and on the public booking page; none without an e-mail address, none from a write that rolled back.
 */
let t: TestApp;
let sink: SmtpSink;
let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
let op: CookieSession;

const ZONE = 'America/New_York';
const HOUR = 3_600_000;
/** Not the default (24), so the tests show the setting is what decides. */
const REMIND_HOURS = 30;

beforeAll(async () => {
  sink = await startSmtpSink();
  scratch = await scratchDatabase();
  t = await startTestApp({
    SMTP_URL: sink.url,
    MAIL_FROM: 'Bookings <bookings@platform.test>',
    BOOKING_REMINDER_HOURS: String(REMIND_HOURS),
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  });
  op = await signIn(t, DEMO_LOGINS.operator);
});
afterEach(() => t.clock.reset());
afterAll(async () => {
  await t?.close();
  await sink?.close();
  await scratch?.drop();
});

interface Shop {
  id: string;
  slug: string;
  name: string;
  owner: CookieSession;
  base: string;
  serviceId: string;
  longServiceId: string;
  resourceId: string;
}

/** A business in New York with its branding, hours every day 09–17, one chair, two services, and online booking on. */
async function newShop(): Promise<Shop> {
  const slug = unique('msg');
  const login = { email: `owner@${slug}.example.test`, password: 'owner-password' };
  const biz = await createBusiness(t, op, { name: `Barber ${slug}`, slug, timeZone: ZONE, owner: { name: 'Bo Owner', ...login } });
  const owner = await signIn(t, login);
  const base = `/api/businesses/${biz.id}`;
  await owner.put(`${base}/settings/branding`, { primaryColor: '#0f766e', logoUrl: null }).expect(200);
  await owner
    .put(`${base}/settings/general`, { name: `Barber ${slug}`, timeZone: ZONE, contactEmail: `hello@${slug}.example.test`, contactPhone: null })
    .expect(200);
  await owner
    .put(`${base}/settings/availability`, { weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })), closedDates: [] })
    .expect(200);
  const resourceId = (await owner.post(`${base}/resources`, { name: 'Chair A' }).expect(201)).body.id;
  const serviceId = (await owner.post(`${base}/services`, { name: 'Beard trim', durationMinutes: 30, priceCents: 1500 }).expect(201)).body.id;
  const longServiceId = (await owner.post(`${base}/services`, { name: 'Full cut', durationMinutes: 60, priceCents: 3000 }).expect(201)).body.id;
  await owner
    .put(`${base}/settings/booking`, { onlineBookingEnabled: true, minNoticeMinutes: 0, bookingHorizonDays: 60, cancellationWindowHours: 2 })
    .expect(200);
  return { id: biz.id, slug, name: `Barber ${slug}`, owner, base, serviceId, longServiceId, resourceId };
}

/** `days` ahead at `time` in New York, as the API takes it. */
function localAt(days: number, time: string): string {
  const today = new Date().toISOString().slice(0, 10);
  return toZonedIso(zonedTimeToUtc(addDays(today, days), time, ZONE), ZONE);
}

async function customer(shop: Shop, email: string | null, name = 'Casey Customer'): Promise<string> {
  const res = await shop.owner.post(`${shop.base}/customers`, { name, ...(email ? { email } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function deliver(): Promise<void> {
  await t.app.get(OutboxWorker).drain();
}

const kinds = (to: string): string[] => sink.to(to).map((m) => m.headers['x-message-kind']!);

async function waiting(bookingId: string): Promise<{ kind: string; status: string; not_before: Date; recipient: string }[]> {
  return t.db.query(`SELECT kind, status, not_before, recipient FROM outbox_messages WHERE subject_ref = $1 ORDER BY created_at, id`, [`booking:${bookingId}`]);
}

function expectBranded(mail: ReceivedMail, shop: Shop): void {
  expect(mail.from).toContain(shop.name);
  expect(mail.from).toContain('bookings@platform.test');
  expect(mail.replyTo).toContain(`hello@${shop.slug}.example.test`);
  expect(mail.html).toContain('#0f766e');
  expect(mail.html).toContain(shop.name);
}

describe('bookings made in the admin', () => {
  it('confirmation arrives in the business’s branding and zone; the reminder waits for its time and is sent once', async () => {
    const shop = await newShop();
    const email = `${unique('casey')}@example.test`;
    const startsAt = localAt(10, '10:30');
    const booking = (
      await shop.owner
        .post(`${shop.base}/bookings`, { customerId: await customer(shop, email), serviceId: shop.serviceId, resourceId: shop.resourceId, startsAt })
        .expect(201)
    ).body;
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed']);
    const mail = sink.to(email)[0]!;
    expectBranded(mail, shop);
    expect(mail.subject).toMatch(/^Booking confirmed: Beard trim, .*10:30 \(America\/New_York\)$/);
    expect(mail.text).toContain('Hello Casey Customer,');
    expect(mail.text).toMatch(/When: .*10:30 \(America\/New_York\)/);
    expect(mail.text).toContain('Until: 11:00');
    expect(mail.text).toContain('With: Chair A');
    // An admin-made booking has no manage link.
    expect(mail.text).not.toContain('/manage/');

    // The reminder waits in the outbox, BOOKING_REMINDER_HOURS before the start.
    const [reminder] = (await waiting(booking.id)).filter((m) => m.kind === 'booking.reminder');
    expect(reminder).toMatchObject({ status: 'pending', recipient: email });
    const remindAt = new Date(startsAt).getTime() - REMIND_HOURS * HOUR;
    expect(new Date(reminder!.not_before).getTime()).toBe(remindAt);

    // Not before its time…
    t.clock.advance(remindAt - Date.now() - 60_000);
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed']);
    // …then once.
    t.clock.advance(120_000);
    await deliver();
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.reminder']);
    const sent = sink.to(email)[1]!;
    expectBranded(sent, shop);
    expect(sent.subject).toMatch(/^Reminder: Beard trim, .*10:30 \(America\/New_York\)$/);
  });

  it('a change of time or service sends the new details and moves the reminder; a notes edit sends nothing', async () => {
    const shop = await newShop();
    const email = `${unique('moved')}@example.test`;
    const first = localAt(12, '09:00');
    const booking = (
      await shop.owner
        .post(`${shop.base}/bookings`, { customerId: await customer(shop, email), serviceId: shop.serviceId, resourceId: shop.resourceId, startsAt: first })
        .expect(201)
    ).body;
    await shop.owner.patch(`${shop.base}/bookings/${booking.id}`, { notes: 'prefers the window seat' }).expect(200);
    const second = localAt(14, '15:00');
    await shop.owner.patch(`${shop.base}/bookings/${booking.id}`, { startsAt: second, serviceId: shop.longServiceId }).expect(200);
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.changed']);
    const changed = sink.to(email)[1]!;
    expectBranded(changed, shop);
    expect(changed.subject).toMatch(/^Booking changed: Full cut, .*15:00 \(America\/New_York\)$/);
    expect(changed.text).toMatch(/has moved from .*09:00 \(America\/New_York\) to .*15:00 \(America\/New_York\)/);
    expect(changed.text).toContain('Until: 16:00');
    expect(changed.text).toContain('Was: Beard trim');

    const reminders = (await waiting(booking.id)).filter((m) => m.kind === 'booking.reminder');
    expect(reminders.map((r) => r.status)).toEqual(['cancelled', 'pending']);
    expect(new Date(reminders[1]!.not_before).getTime()).toBe(new Date(second).getTime() - REMIND_HOURS * HOUR);

    // The old reminder time passes: nothing. The new one: the reminder, with the new time.
    t.clock.advance(new Date(first).getTime() - Date.now());
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.changed']);
    t.clock.advance(new Date(second).getTime() - 23 * HOUR - t.clock.now().getTime());
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.changed', 'booking.reminder']);
    expect(sink.to(email)[2]!.subject).toMatch(/Full cut, .*15:00/);
  });

  it('a cancellation arrives, and the reminder is never sent', async () => {
    const shop = await newShop();
    const email = `${unique('cancel')}@example.test`;
    const startsAt = localAt(9, '13:00');
    const booking = (
      await shop.owner
        .post(`${shop.base}/bookings`, { customerId: await customer(shop, email), serviceId: shop.serviceId, resourceId: shop.resourceId, startsAt })
        .expect(201)
    ).body;
    await shop.owner.post(`${shop.base}/bookings/${booking.id}/cancel`).expect(200);
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.cancelled']);
    const cancelled = sink.to(email)[1]!;
    expectBranded(cancelled, shop);
    expect(cancelled.subject).toMatch(/^Booking cancelled: Beard trim, .*13:00 \(America\/New_York\)$/);
    expect(cancelled.text).toMatch(/has been cancelled/);
    expect((await waiting(booking.id)).find((m) => m.kind === 'booking.reminder')?.status).toBe('cancelled');
    t.clock.advance(new Date(startsAt).getTime() - Date.now() - HOUR);
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.cancelled']);
  });

  it('a customer without an e-mail address gets nothing, and nothing waits for them', async () => {
    const shop = await newShop();
    const booking = (
      await shop.owner
        .post(`${shop.base}/bookings`, {
          customerId: await customer(shop, null, 'Phone Only'),
          serviceId: shop.serviceId,
          resourceId: shop.resourceId,
          startsAt: localAt(8, '11:00'),
        })
        .expect(201)
    ).body;
    await shop.owner.patch(`${shop.base}/bookings/${booking.id}`, { startsAt: localAt(8, '12:00') }).expect(200);
    await shop.owner.post(`${shop.base}/bookings/${booking.id}/cancel`).expect(200);
    expect(await waiting(booking.id)).toEqual([]);
  });

  it('an address added later gets the reminder of an upcoming booking, and the old address none', async () => {
    const shop = await newShop();
    const first = `${unique('old')}@example.test`;
    const later = `${unique('new')}@example.test`;
    const customerId = await customer(shop, first);
    const startsAt = localAt(11, '10:00');
    await shop.owner.post(`${shop.base}/bookings`, { customerId, serviceId: shop.serviceId, resourceId: shop.resourceId, startsAt }).expect(201);
    await shop.owner.patch(`${shop.base}/customers/${customerId}`, { email: later }).expect(200);
    t.clock.advance(new Date(startsAt).getTime() - Date.now() - 12 * HOUR);
    await deliver();
    expect(kinds(first)).toEqual(['booking.confirmed']);
    expect(kinds(later)).toEqual(['booking.reminder']);
  });

  it('an operator impersonating the business sends the customer the same messages, naming nobody from the platform', async () => {
    const shop = await newShop();
    const byOwner = `${unique('own')}@example.test`;
    const byOperator = `${unique('imp')}@example.test`;
    const ownerCustomer = await customer(shop, byOwner, 'Alex Same');
    const operatorCustomer = await customer(shop, byOperator, 'Alex Same');
    const startsAt = localAt(15, '10:00');
    await shop.owner.post(`${shop.base}/bookings`, { customerId: ownerCustomer, serviceId: shop.serviceId, resourceId: shop.resourceId, startsAt }).expect(201);
    const [{ name: operatorName }] = await t.db.query(`SELECT name FROM users WHERE email = $1`, [DEMO_LOGINS.operator.email]);
    await op.post('/api/impersonation', { businessId: shop.id, reason: 'Customer asked by phone' }).expect(201);
    try {
      const resourceId = (await op.post(`${shop.base}/resources`, { name: 'Chair B' }).expect(201)).body.id;
      const booking = (await op.post(`${shop.base}/bookings`, { customerId: operatorCustomer, serviceId: shop.serviceId, resourceId, startsAt }).expect(201))
        .body;
      expect(booking.createdInImpersonation).not.toBeNull();
      await deliver();
      const [a] = sink.to(byOwner);
      const [b] = sink.to(byOperator);
      expect(b!.subject).toBe(a!.subject);
      expect(b!.from).toBe(a!.from);
      expect(b!.replyTo).toBe(a!.replyTo);
      expect(b!.text.replace('Chair B', 'Chair A')).toBe(a!.text);
      for (const part of [b!.text, b!.html, b!.from, b!.subject, b!.replyTo]) {
        expect(part).not.toContain(DEMO_LOGINS.operator.email);
        expect(part).not.toContain(operatorName);
      }
      for (const part of [b!.text, b!.html, b!.subject]) expect(part.toLowerCase()).not.toMatch(/platform|support|operator/);
    } finally {
      await op.delete('/api/impersonation').expect(200);
    }
  });
});

describe('bookings made on the public booking page', () => {
  const book = (shop: Shop, startsAt: string, email: string) =>
    t
      .http()
      .post(`/api/public/businesses/${shop.slug}/bookings`)
      .send({ serviceId: shop.serviceId, startsAt, customer: { name: 'Robin Online', email } });

  function manageLinkIn(mail: ReceivedMail): string {
    const match = /(http\S+\/book\/[a-z0-9-]+\/manage\/[A-Za-z0-9_-]{43})/.exec(mail.text);
    if (!match) throw new Error(`no manage link in:\n${mail.text}`);
    expect(mail.html).toContain(match[1]);
    return match[1]!;
  }

  it('confirmation with the manage link; the customer’s reschedule and cancel through it arrive; the reminder follows and then goes', async () => {
    const shop = await newShop();
    const email = `${unique('robin')}@example.test`;
    const first = localAt(10, '11:00');
    const created = (await book(shop, first, email).expect(201)).body;
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed']);
    const confirmation = sink.to(email)[0]!;
    expectBranded(confirmation, shop);
    expect(manageLinkIn(confirmation)).toBe(created.manageUrl);
    expect(confirmation.text).toMatch(/cancel or move it online until .*09:00 \(America\/New_York\)/);
    // The link is sealed in the rows: neither the confirmation nor the waiting reminder holds it readable.
    const token = created.manageUrl.split('/').pop()!;
    const rows = await t.db.query(`SELECT body_text, body_html, secret FROM outbox_messages WHERE recipient = $1`, [email]);
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(token);
    const detail = await op.get(`/api/operator/outbox?limit=200`).expect(200);
    expect(JSON.stringify(detail.body)).not.toContain(token);

    const second = localAt(11, '14:00');
    await t.http().post(`/api/public/bookings/manage/${token}/reschedule`).send({ startsAt: second }).expect(200);
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.changed']);
    const changed = sink.to(email)[1]!;
    expect(changed.text).toMatch(/has moved from .*11:00 \(America\/New_York\) to .*14:00 \(America\/New_York\)/);
    expect(manageLinkIn(changed)).toBe(created.manageUrl);

    // The reminder of the new time carries the link too.
    t.clock.advance(new Date(second).getTime() - Date.now() - 23 * HOUR);
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.changed', 'booking.reminder']);
    expect(manageLinkIn(sink.to(email)[2]!)).toBe(created.manageUrl);
    t.clock.reset();

    await t.http().post(`/api/public/bookings/manage/${token}/cancel`).expect(200);
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.changed', 'booking.reminder', 'booking.cancelled']);
    expect(sink.to(email)[3]!.subject).toMatch(/^Booking cancelled: Beard trim, .*14:00/);
  });

  it('cancelled on the page before the reminder is due: the reminder is never sent', async () => {
    const shop = await newShop();
    const email = `${unique('early')}@example.test`;
    const startsAt = localAt(6, '10:00');
    const created = (await book(shop, startsAt, email).expect(201)).body;
    await t
      .http()
      .post(`/api/public/bookings/manage/${created.manageUrl.split('/').pop()}/cancel`)
      .expect(200);
    t.clock.advance(new Date(startsAt).getTime() - Date.now() - HOUR);
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.cancelled']);
  });

  it('the business moving an online booking in the admin tells the customer, with the manage link carried over', async () => {
    const shop = await newShop();
    const email = `${unique('admin-move')}@example.test`;
    const created = (await book(shop, localAt(10, '09:30'), email).expect(201)).body;
    const [{ id }] = await t.db.query(
      `SELECT b.id FROM bookings b JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id WHERE c.email = $1`,
      [email],
    );
    await shop.owner.patch(`${shop.base}/bookings/${id}`, { startsAt: localAt(10, '16:00') }).expect(200);
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed', 'booking.changed']);
    expect(manageLinkIn(sink.to(email)[1]!)).toBe(created.manageUrl);
    const reminder = (await waiting(id)).filter((m) => m.kind === 'booking.reminder');
    expect(reminder.map((r) => r.status)).toEqual(['cancelled', 'pending']);
  });

  it('a booking made less than the reminder time ahead gets its confirmation and no reminder', async () => {
    const shop = await newShop();
    const email = `${unique('soon')}@example.test`;
    const tomorrow = localAt(1, '16:30');
    // Only when "tomorrow 16:30" is less than REMIND_HOURS ahead does this say something; move the clock so it is.
    t.clock.advance(new Date(tomorrow).getTime() - Date.now() - 20 * HOUR);
    const created = await book(shop, tomorrow, email).expect(201);
    expect(created.body.manageUrl).toBeTruthy();
    await deliver();
    expect(kinds(email)).toEqual(['booking.confirmed']);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE recipient = $1 AND kind = 'booking.reminder'`, [email]);
    expect(n).toBe(0);
  });
});

describe('a booking write that rolls back', () => {
  it('leaves no booking and sends no message, though its message was written before the commit failed', async () => {
    const shop = await newShop();
    const doomed = `doomed-${unique('x')}@example.test`;
    // A deferred check that fails at COMMIT for this one address: the booking, its audit row and its
    // messages are all written, then the transaction rolls back as a whole.
    await t.owner.query(`
      CREATE OR REPLACE FUNCTION test_refuse_doomed_message() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.recipient LIKE 'doomed-%' THEN RAISE EXCEPTION 'commit refused for %', NEW.recipient; END IF;
        RETURN NULL;
      END $$`);
    await t.owner.query(
      `CREATE CONSTRAINT TRIGGER test_refuse_doomed AFTER INSERT ON outbox_messages DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_doomed_message()`,
    );
    try {
      const customerId = await customer(shop, doomed);
      const res = await shop.owner.post(`${shop.base}/bookings`, {
        customerId,
        serviceId: shop.serviceId,
        resourceId: shop.resourceId,
        startsAt: localAt(9, '10:00'),
      });
      expect(res.status).toBe(500);
      const online = await t
        .http()
        .post(`/api/public/businesses/${shop.slug}/bookings`)
        .send({ serviceId: shop.serviceId, startsAt: localAt(9, '12:00'), customer: { name: 'Doomed', email: doomed } });
      expect(online.status).toBe(500);
    } finally {
      await t.owner.query(`DROP TRIGGER test_refuse_doomed ON outbox_messages; DROP FUNCTION test_refuse_doomed_message()`);
    }
    const [{ bookings }] = await t.db.query(`SELECT count(*)::int AS bookings FROM bookings WHERE business_id = $1`, [shop.id]);
    expect(bookings).toBe(0);
    const [{ messages }] = await t.db.query(`SELECT count(*)::int AS messages FROM outbox_messages WHERE recipient = $1`, [doomed]);
    expect(messages).toBe(0);
    // The same slot books fine afterwards: the failed write held nothing.
    await shop.owner
      .post(`${shop.base}/bookings`, {
        customerId: await customer(shop, `${unique('after')}@example.test`),
        serviceId: shop.serviceId,
        resourceId: shop.resourceId,
        startsAt: localAt(9, '10:00'),
      })
      .expect(201);
    t.clock.advance(9 * 24 * HOUR);
    await deliver();
    expect(sink.to(doomed)).toHaveLength(0);
  });

  it('the owner’s preview of the booking page books nothing and writes no message', async () => {
    const shop = await newShop();
    const [{ before }] = await t.db.query(`SELECT count(*)::int AS before FROM outbox_messages WHERE business_id = $1`, [shop.id]);
    await shop.owner.get(`${shop.base}/booking-page`).expect(200);
    await shop.owner
      .get(`${shop.base}/booking-page/slots?serviceId=${shop.serviceId}&from=${localAt(3, '00:00').slice(0, 10)}&to=${localAt(4, '00:00').slice(0, 10)}`)
      .expect(200);
    const [{ after }] = await t.db.query(`SELECT count(*)::int AS after FROM outbox_messages WHERE business_id = $1`, [shop.id]);
    expect(after).toBe(before);
  });
});
