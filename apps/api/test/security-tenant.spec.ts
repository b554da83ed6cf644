import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, DEMO_LOGINS, startTestApp, unique, type TestApp } from './harness.js';

/**
 * Attacks on the edges one tenant controls (issue 7, tenants' settings and the operator's side of
 * them): each test tries the attack and asserts it is refused or harmless.
 */

let t: TestApp;
type Client = Awaited<ReturnType<typeof bearer>>;
let op: Client;

beforeAll(async () => {
  t = await startTestApp();
  op = await bearer(t, DEMO_LOGINS.operator);
});
afterAll(() => t.close());
beforeEach(() => t.clock.reset());

/** A new business (through the API) and its owner's Bearer client. */
async function newBusiness(timeZone = 'Europe/Berlin') {
  const slug = unique('sec');
  const owner = { name: 'Sec Owner', email: `owner@${slug}.example.test`, password: 'owner-password' };
  const biz = (await op.post('/api/businesses', { name: `Sec ${slug}`, slug, timeZone, owner }).expect(201)).body as { id: string; slug: string };
  return { ...biz, owner: await bearer(t, { email: owner.email, password: owner.password }) };
}

// ---------------------------------------------------------------------------------------------
describe('time-zone names (item 5)', () => {
  const refused = [
    ['US/Pacific-New', /not a canonical/],
    ['+01:00', /numeric offset/],
    ['+0100', /numeric offset/],
    ['-05:00', /numeric offset/],
    ['Etc/GMT+1', /numeric offset/],
    ['US/Pacific', /America\/Los_Angeles/],
    ['Asia/Calcutta', /Asia\/Kolkata/],
    ['Zulu', /Etc\/UTC/],
    ['EST5EDT', /not a canonical/],
    ['posixrules', /not a canonical/],
    ['europe/london', /not a canonical/],
  ] as const;

  it("an owner's general settings refuse each with 400 invalid_time_zone and store nothing", async () => {
    const biz = await newBusiness();
    const base = `/api/businesses/${biz.id}/settings/general`;
    const before = (await biz.owner.get(base).expect(200)).body;
    for (const [zone, detail] of refused) {
      const res = await biz.owner.put(base, { ...before, timeZone: zone });
      expect([res.status, res.body.code, zone]).toEqual([400, 'invalid_time_zone', zone]);
      expect(res.body.errors).toEqual([{ field: 'timeZone', messages: [res.body.detail] }]);
      expect(res.body.detail).toMatch(detail);
    }
    expect((await biz.owner.get(base).expect(200)).body).toEqual(before);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE business_id = $1 AND action = 'settings.general.update' AND outcome = 'success'`, [biz.id]);
    expect(n).toBe(0);
  });

  it('the operator cannot create a business with a refused zone: 400 and no row commits', async () => {
    for (const [zone] of refused) {
      const slug = unique('tz');
      const res = await op.post('/api/businesses', { name: `TZ ${slug}`, slug, timeZone: zone, owner: { name: 'O', email: `o@${slug}.example.test`, password: 'owner-password' } });
      expect([res.status, res.body.code, zone]).toEqual([400, 'invalid_time_zone', zone]);
      expect(await t.db.query(`SELECT 1 FROM businesses WHERE slug = $1`, [slug])).toHaveLength(0);
      expect(await t.db.query(`SELECT 1 FROM users WHERE email = $1`, [`o@${slug}.example.test`])).toHaveLength(0);
    }
  });

  it('the operator cannot set a refused zone through PATCH, and can set a canonical one (audited)', async () => {
    const biz = await newBusiness();
    for (const [zone] of refused) {
      const res = await op.patch(`/api/businesses/${biz.id}`, { timeZone: zone });
      expect([res.status, res.body.code, zone]).toEqual([400, 'invalid_time_zone', zone]);
    }
    expect((await op.get(`/api/businesses/${biz.id}`).expect(200)).body.timeZone).toBe('Europe/Berlin');
    expect((await op.patch(`/api/businesses/${biz.id}`, { timeZone: 'Asia/Kolkata' }).expect(200)).body.timeZone).toBe('Asia/Kolkata');
    const [row] = await t.db.query(`SELECT changes FROM audit_events WHERE business_id = $1 AND action = 'business.update' ORDER BY chain_seq DESC LIMIT 1`, [biz.id]);
    expect(row.changes).toEqual({ timeZone: { before: 'Europe/Berlin', after: 'Asia/Kolkata' } });
  });

  it('canonical zones both sides know are accepted (Etc/UTC, UTC, Asia/Kolkata, America/Argentina/Buenos_Aires)', async () => {
    const biz = await newBusiness();
    const base = `/api/businesses/${biz.id}/settings/general`;
    const before = (await biz.owner.get(base).expect(200)).body;
    for (const zone of ['Etc/UTC', 'UTC', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires']) {
      expect((await biz.owner.put(base, { ...before, timeZone: zone }).expect(200)).body.timeZone).toBe(zone);
    }
  });

  it.each([
    ['a zone only Node reads (US/Pacific-New)', 'US/Pacific-New'],
    ['a zone neither reads', 'Mars/Olympus_Mons'],
    ['a numeric offset PostgreSQL reads backwards', '+01:00'],
  ])("one business's bad stored zone (%s) fails nothing for the operators", async (_label, zone) => {
    const biz = await newBusiness();
    const [{ id: customerId }] = await t.db.query(`INSERT INTO customers (business_id, name, created_at, updated_at) VALUES ($1, 'Zone Victim', now(), now()) RETURNING id`, [biz.id]);
    const [{ id: serviceId }] = await t.db.query(`INSERT INTO services (business_id, name, duration_minutes, price_cents) VALUES ($1, 'S', 30, 0) RETURNING id`, [biz.id]);
    const [{ id: resourceId }] = await t.db.query(`INSERT INTO resources (business_id, name) VALUES ($1, 'R') RETURNING id`, [biz.id]);
    const startsAt = new Date(Date.now() + 3_600_000);
    await t.db.query(
      `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'confirmed', now(), now())`,
      [biz.id, customerId, serviceId, resourceId, startsAt, new Date(startsAt.getTime() + 30 * 60_000)],
    );
    // A row from before zones were checked (or edited by hand): the API no longer writes one.
    await t.db.query(`UPDATE businesses SET time_zone = $2 WHERE id = $1`, [biz.id, zone]);
    try {
      const list = await op.get(`/api/businesses?q=${biz.slug}`).expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: biz.id, timeZone: zone })]);
      expect((await op.get('/api/businesses?limit=100').expect(200)).body.items.length).toBeGreaterThan(0);
      expect((await op.get(`/api/businesses/${biz.id}`).expect(200)).body).toMatchObject({ id: biz.id, timeZone: zone });
      const dashboard = await op.get('/api/operator/dashboard').expect(200);
      expect(dashboard.body.counts.businesses).toBeGreaterThan(0);
      const bookings = await op.get(`/api/bookings?businessId=${biz.id}`).expect(200);
      expect(bookings.body.items).toHaveLength(1);
      expect(Math.floor(new Date(bookings.body.items[0].startsAt).getTime() / 1000)).toBe(Math.floor(startsAt.getTime() / 1000));
      expect((await op.get('/api/bookings?limit=100').expect(200)).body.items.length).toBeGreaterThan(0);
      // The operator repairs it explicitly; nothing repaired it silently before.
      expect((await t.db.query(`SELECT time_zone FROM businesses WHERE id = $1`, [biz.id]))[0].time_zone).toBe(zone);
      expect((await op.patch(`/api/businesses/${biz.id}`, { timeZone: 'Europe/Berlin' }).expect(200)).body.timeZone).toBe('Europe/Berlin');
    } finally {
      await t.db.query(`UPDATE businesses SET time_zone = 'Europe/Berlin' WHERE id = $1`, [biz.id]);
    }
  });
});
