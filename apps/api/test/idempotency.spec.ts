import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toZonedIso, zonedTimeToUtc } from '#contracts';
import { weekdayOfDate } from '../src/schedule/local-calendar.js';
import { fingerprint, fingerprintKey } from '../src/idempotency/idempotency.interceptor.js';
import { bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, unique, type TestApp } from './harness.js';

/**
 * Idempotency-Key on POST: one piece of work per (user, key), the first answer replayed to every
 * retry (also one still waiting for the first), a reused key with another body refused, claims kept
 * in the database (so they hold across replicas).
 */
const LONDON = 'Europe/London';
let t: TestApp;
let acme: { id: string };
let owner: Awaited<ReturnType<typeof bearer>>;
let staff: Awaited<ReturnType<typeof bearer>>;
let haircut: { id: string };

/** The next Tuesday at least `days` ahead (acme is open Tuesdays 09:00–17:00). */
function tuesday(days: number): string {
  const base = addDays(new Date().toISOString().slice(0, 10), days);
  return addDays(base, (2 - weekdayOfDate(base) + 7) % 7);
}
const at = (date: string, time: string) => toZonedIso(zonedTimeToUtc(date, time, LONDON), LONDON);
const acmePath = (rest = '') => `/api/businesses/${acme.id}${rest}`;

beforeAll(async () => {
  t = await startTestApp();
  acme = await businessBySlug(t, 'acme-hair');
  owner = await bearer(t, DEMO_LOGINS.acmeOwner);
  staff = await bearer(t, DEMO_LOGINS.acmeStaff);
  haircut = (await owner.get(acmePath('/services')).expect(200)).body.find((s: { name: string }) => s.name === 'Haircut');
});
afterAll(() => t.close());

async function bookingFixture(): Promise<{ body: Record<string, string>; resourceId: string }> {
  const resource = (await owner.post(acmePath('/resources'), { name: unique('Chair') }).expect(201)).body;
  const customer = (await owner.post(acmePath('/customers'), { name: unique('Customer') }).expect(201)).body;
  return { resourceId: resource.id, body: { customerId: customer.id, serviceId: haircut.id, resourceId: resource.id, startsAt: at(tuesday(300), '10:00') } };
}
const count = async (sql: string, params: unknown[]) => Number((await t.db.query(sql, params))[0].n);

describe('POST with an Idempotency-Key', () => {
  it('two concurrent bookings with the same key make one booking, audited once, and both get the same answer', async () => {
    const { body, resourceId } = await bookingFixture();
    const key = randomUUID();
    const [a, b] = await Promise.all([
      staff.post(acmePath('/bookings'), body).set('idempotency-key', key),
      staff.post(acmePath('/bookings'), body).set('idempotency-key', key),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.text).toBe(b.text);
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
    expect(await count(`SELECT count(*) AS n FROM bookings WHERE business_id = $1 AND resource_id = $2`, [acme.id, resourceId])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'booking.create' AND target_id = $1`, [a.body.id])).toBe(1);

    // A later retry (the client never saw the answer) gets it again, still without a second booking.
    const retry = await staff.post(acmePath('/bookings'), body).set('idempotency-key', key).expect(201);
    expect(retry.text).toBe(a.text);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await count(`SELECT count(*) AS n FROM bookings WHERE business_id = $1 AND resource_id = $2`, [acme.id, resourceId])).toBe(1);
  });

  it('the same key with a different body is 422 idempotency_key_reused and does nothing', async () => {
    const { body, resourceId } = await bookingFixture();
    const key = randomUUID();
    await staff.post(acmePath('/bookings'), body).set('idempotency-key', key).expect(201);
    const other = { ...body, startsAt: at(tuesday(300), '14:00') };
    const res = await staff.post(acmePath('/bookings'), other).set('idempotency-key', key).expect(422);
    expect(res.body.code).toBe('idempotency_key_reused');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await count(`SELECT count(*) AS n FROM bookings WHERE business_id = $1 AND resource_id = $2`, [acme.id, resourceId])).toBe(1);
    // Another path with the same key is another request too.
    const customer = await staff.post(acmePath('/customers'), { name: 'X' }).set('idempotency-key', key).expect(422);
    expect(customer.body.code).toBe('idempotency_key_reused');
  });

  it('customers: concurrent retries create one customer; the body compares by value, not key order', async () => {
    const email = `${unique('idem')}@example.test`;
    const key = randomUUID();
    const results = await Promise.all([
      staff.post(acmePath('/customers'), { name: 'Idem Potent', email, phone: '+44 20 7946 0000' }).set('idempotency-key', key),
      staff.post(acmePath('/customers'), { email, phone: '+44 20 7946 0000', name: 'Idem Potent' }).set('idempotency-key', key),
      staff.post(acmePath('/customers'), { phone: '+44 20 7946 0000', name: 'Idem Potent', email }).set('idempotency-key', key),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM customers WHERE business_id = $1 AND email = $2`, [acme.id, email])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'customer.create' AND target_id = $1`, [results[0]!.body.id])).toBe(1);
  });

  it('is scoped to the user: the same key from another user is another request', async () => {
    const key = randomUUID();
    const a = await owner
      .post(acmePath('/customers'), { name: unique('Scoped') })
      .set('idempotency-key', key)
      .expect(201);
    const b = await staff
      .post(acmePath('/customers'), { name: unique('Scoped') })
      .set('idempotency-key', key)
      .expect(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    // A cookie session of the same owner shares the scope: the key is the user's, not the token's.
    const cookie = await signIn(t, DEMO_LOGINS.acmeOwner);
    const again = await cookie.post(acmePath('/customers'), { name: 'different' }).set('idempotency-key', key).expect(422);
    expect(again.body.code).toBe('idempotency_key_reused');
  });

  it('a first request that fails keeps nothing: the key is free for the corrected request', async () => {
    const { body } = await bookingFixture();
    const key = randomUUID();
    const closed = { ...body, startsAt: at(tuesday(300), '20:00') }; // after closing time
    expect((await staff.post(acmePath('/bookings'), closed).set('idempotency-key', key).expect(422)).body.code).toBe('outside_availability');
    const ok = await staff.post(acmePath('/bookings'), body).set('idempotency-key', key).expect(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
  });

  it('waits for a first request still in flight (claimed by another replica) and replays its stored answer', async () => {
    const key = randomUUID();
    const url = acmePath('/customers');
    const body = { name: unique('InFlight') };
    const userId = (await t.db.query(`SELECT id FROM users WHERE email = $1`, [DEMO_LOGINS.acmeStaff.email]))[0].id;
    const now = t.clock.now();
    await t.db.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, method, path, state, claim_token, locked_until, created_at, expires_at)
       VALUES ($1, $2, $3, 'POST', $4, 'in_flight', $5, $6, $7, $8)`,
      [
        `user:${userId}`,
        key,
        fingerprint(fingerprintKey(t.config.jwtSecret), 'POST', url, body),
        url,
        randomUUID(),
        new Date(now.getTime() + 60_000),
        now,
        new Date(now.getTime() + 86_400_000),
      ],
    );
    const pending = staff
      .post(url, body)
      .set('idempotency-key', key)
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const stored = { id: randomUUID(), name: body.name, email: null, phone: null, notes: null, createdAt: now.toISOString() };
    await t.db.query(`UPDATE idempotency_keys SET state = 'done', response_status = 201, response_body = $3 WHERE scope = $1 AND key = $2`, [
      `user:${userId}`,
      key,
      JSON.stringify(stored),
    ]);
    const res = await pending;
    expect(res.status).toBe(201);
    expect(res.body).toEqual(stored);
    expect(res.headers['idempotent-replayed']).toBe('true');
    expect(await count(`SELECT count(*) AS n FROM customers WHERE business_id = $1 AND name = $2`, [acme.id, body.name])).toBe(0);
  });

  it('keeps an answer for 24 hours, then forgets the key', async () => {
    const key = randomUUID();
    await staff
      .post(acmePath('/customers'), { name: unique('Day1') })
      .set('idempotency-key', key)
      .expect(201);
    const [row] = await t.db.query(`SELECT extract(epoch FROM expires_at - created_at) AS ttl FROM idempotency_keys WHERE key = $1`, [key]);
    expect(Number(row.ttl)).toBe(24 * 60 * 60);
    // A day later (moving the stored times back: sessions would expire if the clock moved instead).
    await t.db.query(
      `UPDATE idempotency_keys SET created_at = created_at - interval '1 day 1 minute', expires_at = expires_at - interval '1 day 1 minute' WHERE key = $1`,
      [key],
    );
    const next = await staff
      .post(acmePath('/customers'), { name: unique('Day2') })
      .set('idempotency-key', key)
      .expect(201);
    expect(next.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed key with 400 and does nothing', async () => {
    const name = unique('BadKey');
    const res = await staff.post(acmePath('/customers'), { name }).set('idempotency-key', 'x'.repeat(256)).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors[0].field).toBe('Idempotency-Key');
    expect(await count(`SELECT count(*) AS n FROM customers WHERE business_id = $1 AND name = $2`, [acme.id, name])).toBe(0);
  });

  it('sign-in never stores its answer (a credential): the key is ignored there', async () => {
    const key = randomUUID();
    const a = await t.http().post('/api/auth/token').set('idempotency-key', key).send(DEMO_LOGINS.acmeStaff).expect(200);
    const b = await t.http().post('/api/auth/token').set('idempotency-key', key).send(DEMO_LOGINS.acmeStaff).expect(200);
    expect(a.body.accessToken).not.toBe(b.body.accessToken);
    expect(await count(`SELECT count(*) AS n FROM idempotency_keys WHERE key = $1`, [key])).toBe(0);
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))('two replicas on one database', () => {
  let second: TestApp;
  beforeAll(async () => {
    second = await startTestApp();
  });
  afterAll(() => second?.close());

  it('concurrent retries through two app instances make one booking and two identical answers', async () => {
    const { body, resourceId } = await bookingFixture();
    const key = randomUUID();
    const other = await bearer(second, DEMO_LOGINS.acmeStaff);
    const [a, b] = await Promise.all([
      staff.post(acmePath('/bookings'), body).set('idempotency-key', key),
      other.post(acmePath('/bookings'), body).set('idempotency-key', key),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.text).toBe(b.text);
    expect(await count(`SELECT count(*) AS n FROM bookings WHERE business_id = $1 AND resource_id = $2`, [acme.id, resourceId])).toBe(1);
  });
});
