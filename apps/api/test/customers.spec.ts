import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toZonedIso, zonedTimeToUtc } from '#contracts';
import { weekdayOfDate } from '../src/schedule/local-calendar.js';
import { bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, unique, type CookieSession, type TestApp } from './harness.js';

let t: TestApp;
let acme: { id: string };
let bright: { id: string };
let staff: CookieSession;
let owner: CookieSession;
const path = (rest = '') => `/api/businesses/${acme.id}/customers${rest}`;

beforeAll(async () => {
  t = await startTestApp();
  acme = await businessBySlug(t, 'acme-hair');
  bright = await businessBySlug(t, 'bright-dental');
  staff = await signIn(t, DEMO_LOGINS.acmeStaff);
  owner = await signIn(t, DEMO_LOGINS.acmeOwner);
});
afterAll(() => t.close());

describe('customers', () => {
  it('creates a customer: trimmed, e-mail lower-cased, empty optional fields cleared', async () => {
    const local = unique('Mixed');
    const res = await staff
      .post(path(), { name: `  ${local} Case `, email: ` ${local.toUpperCase()}@Example.TEST `, phone: '', notes: 'likes tea' })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: `${local} Case`,
      email: `${local.toLowerCase()}@example.test`,
      phone: null,
      notes: 'likes tea',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/),
    });
    const [row] = await t.db.query(`SELECT created_by, created_in_impersonation FROM customers WHERE business_id = $1 AND id = $2`, [acme.id, res.body.id]);
    expect(row).toEqual({ created_by: staff.userId, created_in_impersonation: null });
    const [audit] = await t.db.query(`SELECT actor_id, changes FROM audit_events WHERE action = 'customer.create' AND target_id = $1`, [res.body.id]);
    expect(audit.actor_id).toBe(staff.userId);
    expect(audit.changes.name).toEqual({ before: null, after: `${local} Case` });
  });

  it('refuses bad input and fields a client must not set', async () => {
    for (const body of [
      {},
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(201) },
      { name: 'A', email: 'not-an-email' },
      { name: 'A', businessId: bright.id },
      { name: 'A', createdBy: bright.id },
    ]) {
      const res = await staff.post(path(), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('keeps e-mails unique per business (409 email_taken), case-insensitively, on create and update', async () => {
    const email = `${unique('dup')}@example.test`;
    const first = (await staff.post(path(), { name: unique('First'), email }).expect(201)).body;
    expect((await staff.post(path(), { name: unique('Second'), email: email.toUpperCase() }).expect(409)).body.code).toBe('email_taken');
    const second = (await staff.post(path(), { name: unique('Second') }).expect(201)).body;
    expect((await staff.patch(path(`/${second.id}`), { email }).expect(409)).body.code).toBe('email_taken');
    // Its own e-mail is not "taken", and another business may have the same customer.
    await staff.patch(path(`/${first.id}`), { email, phone: '+44 1' }).expect(200);
    const brightStaff = await bearer(t, DEMO_LOGINS.brightStaff);
    await brightStaff.post(`/api/businesses/${bright.id}/customers`, { name: 'Same person', email }).expect(201);
  });

  it('lets one of several racing creates with one e-mail win', async () => {
    const email = `${unique('race')}@example.test`;
    const api = await bearer(t, DEMO_LOGINS.acmeStaff);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => api.post(path(), { name: `Racer ${i}`, email })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expect([r.status, r.body.code]).toEqual([409, 'email_taken']);
  });

  it('updates fields one at a time; null clears optional ones but not the name', async () => {
    const c = (await staff.post(path(), { name: unique('Upd'), email: `${unique('u')}@example.test`, phone: '123' }).expect(201)).body;
    const updated = (await staff.patch(path(`/${c.id}`), { email: null, notes: 'VIP' }).expect(200)).body;
    expect(updated).toMatchObject({ name: c.name, email: null, phone: '123', notes: 'VIP' });
    expect((await staff.patch(path(`/${c.id}`), { name: null }).expect(400)).body.code).toBe('validation_failed');
    const [audit] = await t.db.query(`SELECT changes FROM audit_events WHERE action = 'customer.update' AND target_id = $1`, [c.id]);
    expect(audit.changes).toEqual({ email: { before: c.email, after: null }, notes: { before: null, after: 'VIP' } });
  });

  it('answers 404 for unknown, malformed and other businesses’ ids', async () => {
    await staff.get(path('/00000000-0000-4000-8000-000000000000')).expect(404);
    await staff.get(path('/nope')).expect(404);
    await staff.patch(path('/nope'), { name: 'x' }).expect(404);
    const brightOwner = await bearer(t, DEMO_LOGINS.brightOwner);
    const brightCustomer = (await brightOwner.get(`/api/businesses/${bright.id}/customers?limit=1`).expect(200)).body.items[0];
    expect((await staff.get(path(`/${brightCustomer.id}`)).expect(404)).body.code).toBe('not_found');
    await staff.patch(path(`/${brightCustomer.id}`), { name: 'Stolen' }).expect(404);
  });
});

describe('customer list', () => {
  it('searches name, e-mail and phone, with % and _ taken literally', async () => {
    const token = unique('srch').replace('-', '');
    const byName = (await staff.post(path(), { name: `${token} Alpha` }).expect(201)).body;
    const byEmail = (await staff.post(path(), { name: unique('Beta'), email: `${token}@example.test` }).expect(201)).body;
    const byPhone = (await staff.post(path(), { name: unique('Gamma'), phone: `+1 ${token}` }).expect(201)).body;
    const ids = async (q: string) => (await staff.get(path(`?q=${encodeURIComponent(q)}&limit=200`)).expect(200)).body.items.map((c: { id: string }) => c.id);
    expect((await ids(token.toUpperCase())).sort()).toEqual([byName.id, byEmail.id, byPhone.id].sort());
    expect(await ids(`${token}%`)).toEqual([]);
    expect(await ids(`${token.slice(0, 3)}_${token.slice(4)}`)).toEqual([]);
  });

  it('pages by name (case-insensitive) and returns every customer exactly once', async () => {
    const token = unique('pg').replace('-', '');
    const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo', 'alpha', 'Foxtrot', 'golf', 'Hotel', 'india', 'Juliet', 'kilo'].map((n) => `${token} ${n}`);
    const created: string[] = [];
    for (const name of names) created.push((await staff.post(path(), { name }).expect(201)).body.id);
    const seen: { id: string; name: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: { id: string; name: string }[]; nextCursor: string | null } } = await staff
        .get(path(`?q=${token}&limit=5${cursor ? `&cursor=${cursor}` : ''}`))
        .expect(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((c) => c.id).sort()).toEqual([...created].sort());
    const lowered = seen.map((c) => c.name.toLowerCase());
    expect(lowered).toEqual([...lowered].sort());
  });
});

describe('customer record', () => {
  it('shows the customer with their bookings, newest first', async () => {
    const c = (await staff.post(path(), { name: unique('Regular') }).expect(201)).body;
    const resource = (await owner.post(`/api/businesses/${acme.id}/resources`, { name: unique('Chair') }).expect(201)).body;
    const haircut = (await staff.get(`/api/businesses/${acme.id}/services`).expect(200)).body.find((s: { name: string }) => s.name === 'Haircut');
    const base = addDays(new Date().toISOString().slice(0, 10), 250 + Math.floor(Math.random() * 100));
    const monday = addDays(base, (8 - weekdayOfDate(base)) % 7);
    const ids: string[] = [];
    for (const offset of [0, 2, 1]) {
      const startsAt = toZonedIso(zonedTimeToUtc(addDays(monday, offset), '10:00', 'Europe/London'), 'Europe/London');
      ids.push(
        (await staff.post(`/api/businesses/${acme.id}/bookings`, { customerId: c.id, serviceId: haircut.id, resourceId: resource.id, startsAt }).expect(201))
          .body.id,
      );
    }
    const record = (await staff.get(path(`/${c.id}`)).expect(200)).body;
    expect(record).toMatchObject({ id: c.id, name: c.name });
    expect(record.bookings.map((b: { id: string }) => b.id)).toEqual([ids[1], ids[2], ids[0]]);
    expect(record.bookings[0].customer).toEqual({ id: c.id, name: c.name });
  });
});
