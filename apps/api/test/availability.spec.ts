import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toZonedIso, zonedTimeToUtc } from '#contracts';
import { hashPassword } from '../src/auth/passwords.js';
import { weekdayOfDate } from '../src/schedule/local-calendar.js';
import { businessBySlug, DEMO_LOGINS, signIn, startTestApp, unique, type CookieSession, type TestApp } from './harness.js';

/** Availability settings, tested on a business of our own: the demo ones are shared with other files. */
const TZ = 'Europe/Paris';
let t: TestApp;
let id: string;
let owner: CookieSession;
let staff: CookieSession;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  const slug = unique('av');
  const hash = await hashPassword('tenant-pass');
  [{ id }] = await t.db.query(`INSERT INTO businesses (slug, name, time_zone) VALUES ($1, $2, $3) RETURNING id`, [slug, `Test ${slug}`, TZ]);
  const sessions: CookieSession[] = [];
  for (const role of ['owner', 'staff'] as const) {
    const email = `${role}@${slug}.test`;
    const [{ id: userId }] = await t.db.query(`INSERT INTO users (email, name, kind, password_hash) VALUES ($1, $2, 'business', $3) RETURNING id`, [
      email,
      `${role} ${slug}`,
      hash,
    ]);
    await t.db.query(`INSERT INTO memberships (business_id, user_id, role) VALUES ($1, $2, $3)`, [id, userId, role]);
    sessions.push(await signIn(t, { email, password: 'tenant-pass' }));
  }
  [owner, staff] = sessions as [CookieSession, CookieSession];
  base = `/api/businesses/${id}`;
});
afterAll(() => t.close());

const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens, closes }));

describe('availability settings', () => {
  it('reads the demo hours of acme-hair in its zone', async () => {
    const acme = await businessBySlug(t, 'acme-hair');
    const acmeStaff = await signIn(t, DEMO_LOGINS.acmeStaff);
    const res = (await acmeStaff.get(`/api/businesses/${acme.id}/settings/availability`).expect(200)).body;
    expect(res.timeZone).toBe('Europe/London');
    expect(res.weekly).toEqual([1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' })));
    for (const d of res.closedDates) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('starts empty and is replaced as a whole by the owner, audited; timeZone in the body is ignored', async () => {
    expect((await staff.get(`${base}/settings/availability`).expect(200)).body).toEqual({ timeZone: TZ, weekly: [], closedDates: [] });
    const weekly = [{ weekday: 6, opens: '10:00', closes: '14:00' }, ...weekdays('09:00', '12:00'), ...weekdays('13:00', '24:00')];
    const put = await owner.put(`${base}/settings/availability`, { timeZone: 'UTC', weekly, closedDates: ['2031-12-25', '2031-01-01'] }).expect(200);
    expect(put.body.timeZone).toBe(TZ);
    expect(put.body.closedDates).toEqual(['2031-01-01', '2031-12-25']);
    expect(put.body.weekly).toHaveLength(11);
    expect(put.body.weekly[0]).toEqual({ weekday: 1, opens: '09:00', closes: '12:00' });
    expect(put.body.weekly[1]).toEqual({ weekday: 1, opens: '13:00', closes: '24:00' });
    expect((await staff.get(`${base}/settings/availability`).expect(200)).body).toEqual(put.body);

    const second = await owner.put(`${base}/settings/availability`, { weekly: weekdays('08:00', '17:00'), closedDates: ['2031-12-25'] }).expect(200);
    expect(second.body.weekly).toEqual(weekdays('08:00', '17:00'));
    const rows = await t.db.query(`SELECT actor_id, changes FROM audit_events WHERE action = 'settings.availability.update' AND business_id = $1 ORDER BY id`, [
      id,
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1].actor_id).toBe(owner.userId);
    expect(rows[1].changes.closedDates).toEqual({ before: ['2031-01-01', '2031-12-25'], after: ['2031-12-25'] });
    expect(rows[1].changes.weekly.before).toHaveLength(11);
  });

  it.each([
    ['closes before opens', { weekly: [{ weekday: 1, opens: '12:00', closes: '09:00' }], closedDates: [] }],
    ['closes equal to opens', { weekly: [{ weekday: 1, opens: '09:00', closes: '09:00' }], closedDates: [] }],
    [
      'overlapping intervals on one weekday',
      {
        weekly: [
          { weekday: 2, opens: '09:00', closes: '13:00' },
          { weekday: 2, opens: '12:00', closes: '18:00' },
        ],
        closedDates: [],
      },
    ],
    ['weekday 0', { weekly: [{ weekday: 0, opens: '09:00', closes: '17:00' }], closedDates: [] }],
    ['weekday 8', { weekly: [{ weekday: 8, opens: '09:00', closes: '17:00' }], closedDates: [] }],
    ['H:MM', { weekly: [{ weekday: 1, opens: '9:00', closes: '17:00' }], closedDates: [] }],
    ['24:30', { weekly: [{ weekday: 1, opens: '09:00', closes: '24:30' }], closedDates: [] }],
    ['opens at 24:00', { weekly: [{ weekday: 1, opens: '24:00', closes: '24:00' }], closedDates: [] }],
    ['a repeated closed date', { weekly: [], closedDates: ['2031-05-01', '2031-05-01'] }],
    ['an impossible closed date', { weekly: [], closedDates: ['2031-02-30'] }],
    ['a badly written closed date', { weekly: [], closedDates: ['01/05/2031'] }],
    ['a missing list', { weekly: [] }],
    ['an unknown field', { weekly: [], closedDates: [], businessId: '00000000-0000-4000-8000-000000000000' }],
  ])('refuses %s with 400 validation_failed and changes nothing', async (_name, body) => {
    const before = (await staff.get(`${base}/settings/availability`).expect(200)).body;
    const res = await owner.put(`${base}/settings/availability`, body).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect((await staff.get(`${base}/settings/availability`).expect(200)).body).toEqual(before);
  });

  it('is what bookings are checked against: split days and closed dates', async () => {
    const resource = (await owner.post(`${base}/resources`, { name: 'Room' }).expect(201)).body;
    const service = (await owner.post(`${base}/services`, { name: 'Hour', durationMinutes: 60, priceCents: 0 }).expect(201)).body;
    const customer = (await staff.post(`${base}/customers`, { name: 'Client' }).expect(201)).body;
    const start = addDays(new Date().toISOString().slice(0, 10), 220 + Math.floor(Math.random() * 100));
    const monday = addDays(start, (8 - weekdayOfDate(start)) % 7);
    const tuesday = addDays(monday, 1);
    await owner
      .put(`${base}/settings/availability`, {
        weekly: [
          { weekday: 1, opens: '09:00', closes: '12:00' },
          { weekday: 1, opens: '13:00', closes: '17:00' },
          { weekday: 2, opens: '09:00', closes: '17:00' },
        ],
        closedDates: [tuesday],
      })
      .expect(200);
    const book = (date: string, time: string) =>
      staff.post(`${base}/bookings`, {
        customerId: customer.id,
        serviceId: service.id,
        resourceId: resource.id,
        startsAt: toZonedIso(zonedTimeToUtc(date, time, TZ), TZ),
      });
    expect((await book(monday, '11:30').expect(422)).body.code).toBe('outside_availability'); // across the lunch break
    await book(monday, '11:00').expect(201);
    await book(monday, '13:00').expect(201);
    const closed = (await book(tuesday, '10:00').expect(422)).body;
    expect(closed.detail).toContain(tuesday);
    expect(closed.code).toBe('outside_availability');
  });

  it('staff may read but not change it (403 owner_required)', async () => {
    const res = await staff.put(`${base}/settings/availability`, { weekly: [], closedDates: [] }).expect(403);
    expect(res.body.code).toBe('owner_required');
    expect((await staff.get(`${base}/settings/availability`).expect(200)).body.weekly.length).toBeGreaterThan(0);
  });
});
