import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zonedParts, zonedTimeToUtc } from '#contracts';
import { verifyAuditChains } from '../src/audit/chain-verifier.js';
import { searchTermDigest, searchTermKey } from '../src/audit/platform-reads.js';
import { bearer, DEMO_LOGINS, startTestApp, TEST_JWT_SECRET, unique, type TestApp, createBusiness } from './harness.js';

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
  const biz = (await createBusiness(t, op, { name: `Sec ${slug}`, slug, timeZone, owner })) as { id: string; slug: string };
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
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE business_id = $1 AND action = 'settings.general.update' AND outcome = 'success'`,
      [biz.id],
    );
    expect(n).toBe(0);
  });

  it('the operator cannot create a business with a refused zone: 400 and no row commits', async () => {
    for (const [zone] of refused) {
      const slug = unique('tz');
      const res = await op.post('/api/businesses', { name: `TZ ${slug}`, slug, timeZone: zone, owner: { name: 'O', email: `o@${slug}.example.test` } });
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
    const [row] = await t.db.query(`SELECT changes FROM audit_events WHERE business_id = $1 AND action = 'business.update' ORDER BY chain_seq DESC LIMIT 1`, [
      biz.id,
    ]);
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
    const [{ id: customerId }] = await t.db.query(
      `INSERT INTO customers (business_id, name, created_at, updated_at) VALUES ($1, 'Zone Victim', now(), now()) RETURNING id`,
      [biz.id],
    );
    const [{ id: serviceId }] = await t.db.query(
      `INSERT INTO services (business_id, name, duration_minutes, price_cents) VALUES ($1, 'S', 30, 0) RETURNING id`,
      [biz.id],
    );
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

// ---------------------------------------------------------------------------------------------
describe('failed writes while impersonating (item 8)', () => {
  it('every refused write is recorded under the operator with the impersonation, outcome and problem code; nothing changes', async () => {
    const biz = await newBusiness('Europe/Berlin');
    const [{ id: serviceId }] = await t.db.query(
      `INSERT INTO services (business_id, name, duration_minutes, price_cents) VALUES ($1, 'Cut', 60, 0) RETURNING id`,
      [biz.id],
    );
    const [{ id: resourceId }] = await t.db.query(`INSERT INTO resources (business_id, name) VALUES ($1, 'Chair') RETURNING id`, [biz.id]);
    const customer = (
      await biz.owner.post(`/api/businesses/${biz.id}/customers`, { name: 'Known Person', email: `known@${biz.slug}.example.test` }).expect(201)
    ).body;
    const startsAt = '2031-01-06T10:00:00+01:00'; // a Monday, inside the default Mon–Fri 09:00–17:00
    await biz.owner.post(`/api/businesses/${biz.id}/bookings`, { customerId: customer.id, serviceId, resourceId, startsAt }).expect(201);

    const opSession = await bearer(t, DEMO_LOGINS.operator);
    const [{ id: operatorId }] = await t.db.query(`SELECT id FROM users WHERE email = $1`, [DEMO_LOGINS.operator.email]);
    const imp = (await opSession.post('/api/impersonation', { businessId: biz.id }).expect(201)).body.impersonation;
    const base = `/api/businesses/${biz.id}`;
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const attempts: [string, () => Promise<{ status: number; body: { code: string } }>, number, string][] = [
      ['e-mail probe', () => opSession.post(`${base}/customers`, { name: 'Probe', email: `known@${biz.slug}.example.test` }), 409, 'email_taken'],
      ['slot probe', () => opSession.post(`${base}/bookings`, { customerId: customer.id, serviceId, resourceId, startsAt }), 409, 'slot_taken'],
      ['unknown id', () => opSession.patch(`${base}/customers/${unknownId}`, { name: 'X' }), 404, 'not_found'],
      ['bad body', () => opSession.post(`${base}/customers`, { name: '', email: 'not-an-email' }), 400, 'validation_failed'],
      [
        'outside hours',
        () => opSession.post(`${base}/bookings`, { customerId: customer.id, serviceId, resourceId, startsAt: '2031-01-05T10:00:00+01:00' }),
        422,
        'outside_availability',
      ],
    ];
    const customersBefore = await t.db.query(`SELECT id, name, email FROM customers WHERE business_id = $1 ORDER BY id`, [biz.id]);
    const bookingsBefore = await t.db.query(`SELECT id, starts_at FROM bookings WHERE business_id = $1 ORDER BY id`, [biz.id]);
    for (const [label, attempt, status, code] of attempts) {
      const res = await attempt();
      expect([label, res.status, res.body.code]).toEqual([label, status, code]);
    }
    expect(await t.db.query(`SELECT id, name, email FROM customers WHERE business_id = $1 ORDER BY id`, [biz.id])).toEqual(customersBefore);
    expect(await t.db.query(`SELECT id, starts_at FROM bookings WHERE business_id = $1 ORDER BY id`, [biz.id])).toEqual(bookingsBefore);

    const rows = await t.db.query(
      `SELECT action, outcome, status, actor_id, actor_kind, business_id, method, target_id, details FROM audit_events
        WHERE impersonation_id = $1 AND outcome <> 'success' ORDER BY chain_seq`,
      [imp.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({ action: 'customer.create', outcome: 'error', status: 409, method: 'POST', details: { code: 'email_taken' } }),
      expect.objectContaining({ action: 'booking.create', outcome: 'error', status: 409, method: 'POST', details: { code: 'slot_taken' } }),
      expect.objectContaining({
        action: 'customer.update',
        outcome: 'error',
        status: 404,
        method: 'PATCH',
        target_id: unknownId,
        details: { code: 'not_found' },
      }),
      expect.objectContaining({
        action: 'customer.create',
        outcome: 'error',
        status: 400,
        method: 'POST',
        details: { code: 'validation_failed', fields: ['name', 'email'] },
      }),
      expect.objectContaining({ action: 'booking.create', outcome: 'error', status: 422, method: 'POST', details: { code: 'outside_availability' } }),
    ]);
    for (const r of rows) expect(r).toMatchObject({ actor_id: operatorId, actor_kind: 'operator', business_id: biz.id });
    // The owner sees them in the access log too.
    const log = (await biz.owner.get(`${base}/access-log`).expect(200)).body;
    expect(JSON.stringify(log)).toContain(imp.id);
    await opSession.delete('/api/impersonation').expect(200);
  });

  it('a refused write by the owner themself (not impersonated) is not a platform access and adds no row', async () => {
    const biz = await newBusiness();
    const email = `dup@${biz.slug}.example.test`;
    await biz.owner.post(`/api/businesses/${biz.id}/customers`, { name: 'A', email }).expect(201);
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE business_id = $1`, [biz.id]);
    expect((await biz.owner.post(`/api/businesses/${biz.id}/customers`, { name: 'B', email }).expect(409)).body.code).toBe('email_taken');
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE business_id = $1`, [biz.id]);
    expect(after).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------
describe("operators' cross-business reads outside impersonation (item 9)", () => {
  async function businessWithCustomer() {
    const biz = await newBusiness('Europe/London');
    const name = `Secret Person ${unique('n')}`;
    const email = `${unique('secret')}@example.test`;
    const customer = (await biz.owner.post(`/api/businesses/${biz.id}/customers`, { name, email, phone: '+44 20 7946 0001' }).expect(201)).body;
    const [{ id: serviceId }] = await t.db.query(
      `INSERT INTO services (business_id, name, duration_minutes, price_cents) VALUES ($1, 'S', 30, 0) RETURNING id`,
      [biz.id],
    );
    const [{ id: resourceId }] = await t.db.query(`INSERT INTO resources (business_id, name) VALUES ($1, 'R') RETURNING id`, [biz.id]);
    // Noon today in London: on the operator dashboard's "today" for this business.
    const startsAt = zonedTimeToUtc(zonedParts(new Date(), 'Europe/London').date, '12:00', 'Europe/London');
    await t.db.query(
      `INSERT INTO bookings (business_id, customer_id, service_id, resource_id, starts_at, ends_at, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'confirmed', now(), now())`,
      [biz.id, customer.id, serviceId, resourceId, startsAt, new Date(startsAt.getTime() + 30 * 60_000)],
    );
    return { ...biz, customer, name, email };
  }
  const operatorId = async () => (await t.db.query(`SELECT id FROM users WHERE email = $1`, [DEMO_LOGINS.operator.email]))[0].id as string;

  it('an All bookings search is recorded (who, what, when) without the term in clear, and the owner sees it', async () => {
    const biz = await businessWithCustomer();
    const res = await op.get(`/api/bookings?q=${encodeURIComponent(biz.name)}&status=confirmed`).expect(200);
    expect(res.body.items.map((b: { business: { id: string } }) => b.business.id)).toEqual([biz.id]);
    const requestId = res.headers['x-request-id'];

    const [search] = await t.db.query(
      `SELECT actor_id, actor_kind, business_id, impersonation_id, outcome, details, request_id, occurred_at FROM audit_events
        WHERE action = 'operator.search' AND actor_id = $1 AND details->>'view' = 'all_bookings' ORDER BY id DESC LIMIT 1`,
      [await operatorId()],
    );
    expect(search).toMatchObject({ actor_kind: 'operator', business_id: null, impersonation_id: null, outcome: 'success' });
    if (requestId) expect(search.request_id).toBe(requestId);
    expect(search.details).toMatchObject({ view: 'all_bookings', filters: { status: 'confirmed' }, results: 1, businesses: { [biz.id]: 1 } });
    expect(search.details.term).toEqual({ hmac: searchTermDigest(searchTermKey(TEST_JWT_SECRET), biz.name), length: biz.name.length });
    // The customer's name is nowhere in the trail because of the search.
    const clear = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action LIKE 'operator.%' AND (details::text ILIKE $1 OR coalesce(path, '') ILIKE $1)`,
      [`%${biz.name}%`],
    );
    expect(clear[0].n).toBe(0);

    const [view] = await t.db.query(
      `SELECT actor_id, details FROM audit_events WHERE business_id = $1 AND action = 'operator.platform_view' ORDER BY id DESC LIMIT 1`,
      [biz.id],
    );
    expect(view).toEqual({ actor_id: await operatorId(), details: { view: 'all_bookings', records: 1 } });

    const log = (await biz.owner.get(`/api/businesses/${biz.id}/access-log/platform-views`).expect(200)).body;
    expect(log.items[0]).toMatchObject({ view: 'all_bookings', records: 1, operator: { id: await operatorId(), email: DEMO_LOGINS.operator.email } });
    expect(JSON.stringify(log)).not.toContain(biz.name);
  });

  it('an audit search and the operator dashboard are recorded too, per business whose records were shown', async () => {
    const biz = await businessWithCustomer();
    await op.get(`/api/audit?businessId=${biz.id}&q=customer`).expect(200);
    await op.get('/api/operator/dashboard').expect(200);
    const views = await t.db.query(
      `SELECT details->>'view' AS view FROM audit_events WHERE business_id = $1 AND action = 'operator.platform_view' ORDER BY id`,
      [biz.id],
    );
    expect(views.map((v: { view: string }) => v.view)).toEqual(['audit_search', 'operator_dashboard']);
    const [search] = await t.db.query(
      `SELECT details FROM audit_events WHERE action = 'operator.search' AND details->>'view' = 'audit_search' AND details->'filters'->>'businessId' = $1`,
      [biz.id],
    );
    expect(search.details.term.length).toBe('customer'.length);
    expect(JSON.stringify(search.details)).not.toContain('"customer"');
    const log = (await biz.owner.get(`/api/businesses/${biz.id}/access-log/platform-views`).expect(200)).body.items;
    expect(log.map((e: { view: string }) => e.view)).toEqual(['operator_dashboard', 'audit_search']);
  });

  it('20 concurrent cross-business reads each leave one row per business shown and every chain stays intact (no deadlock between their chain locks)', async () => {
    const businesses = [await businessWithCustomer(), await businessWithCustomer(), await businessWithCustomer()];
    const ids = businesses.map((b) => b.id);
    const count = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'operator.platform_view' AND business_id = ANY($1::uuid[])`, [ids]))[0]
        .n as number;
    const before = await count();
    // Every request's page spans all three businesses (and the demo ones): the rows of each
    // statement touch several chains at once, taken in one order so concurrent ones cannot deadlock.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => op.get(i % 2 ? '/api/operator/dashboard' : '/api/bookings?status=confirmed&limit=200')),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    const shown = answers.reduce((n, r) => n + ids.filter((id) => JSON.stringify(r.body).includes(id)).length, 0);
    expect(shown).toBeGreaterThanOrEqual(20);
    expect((await count()) - before).toBe(shown);
    expect((await verifyAuditChains(t.db)).breaks).toEqual([]);
  });

  it("another business's owner and staff cannot read this business's platform views", async () => {
    const biz = await businessWithCustomer();
    const acmeStaff = await bearer(t, DEMO_LOGINS.acmeStaff);
    const acmeOwner = await bearer(t, DEMO_LOGINS.acmeOwner);
    expect((await acmeOwner.get(`/api/businesses/${biz.id}/access-log/platform-views`)).status).toBe(403);
    const [{ id: acmeId }] = await t.db.query(`SELECT id FROM businesses WHERE slug = 'acme-hair'`);
    expect((await acmeStaff.get(`/api/businesses/${acmeId}/access-log/platform-views`)).body.code).toBe('owner_required');
  });
});

// ---------------------------------------------------------------------------------------------
describe('suspended businesses (item 18)', () => {
  it('an operator may enter and read a suspended business but every write is 403 business_suspended (audited as denied)', async () => {
    const biz = await newBusiness();
    const customer = (await biz.owner.post(`/api/businesses/${biz.id}/customers`, { name: 'Before Suspension' }).expect(201)).body;
    const operator = await bearer(t, DEMO_LOGINS.operator);
    await operator.patch(`/api/businesses/${biz.id}`, { status: 'suspended' }).expect(200);
    expect((await biz.owner.get(`/api/businesses/${biz.id}/customers`)).body.code).toBe('business_suspended');

    const imp = (await operator.post('/api/impersonation', { businessId: biz.id, reason: 'Why was it suspended?' }).expect(201)).body.impersonation;
    expect((await operator.get('/api/auth/me').expect(200)).body.impersonation.business).toMatchObject({ id: biz.id, status: 'suspended' });
    const base = `/api/businesses/${biz.id}`;
    await operator.get(`${base}/dashboard`).expect(200);
    expect((await operator.get(`${base}/customers/${customer.id}`).expect(200)).body.name).toBe('Before Suspension');
    await operator.get(`${base}/settings/general`).expect(200);
    const general = (await operator.get(`${base}/settings/general`)).body;

    const snapshot = async () =>
      JSON.stringify(
        await Promise.all([
          t.db.query(`SELECT name, time_zone, status, primary_color, logo_url FROM businesses WHERE id = $1`, [biz.id]),
          t.db.query(`SELECT id, name, email FROM customers WHERE business_id = $1 ORDER BY id`, [biz.id]),
          t.db.query(`SELECT id, name FROM services WHERE business_id = $1 ORDER BY id`, [biz.id]),
        ]),
      );
    const before = await snapshot();
    const writes: [string, () => Promise<{ status: number; body: { code: string } }>][] = [
      ['create customer', () => operator.post(`${base}/customers`, { name: 'During Suspension' })],
      ['edit customer', () => operator.patch(`${base}/customers/${customer.id}`, { name: 'Renamed' })],
      ['general settings', () => operator.put(`${base}/settings/general`, { ...general, name: 'Renamed Biz' })],
      ['branding', () => operator.put(`${base}/settings/branding`, { primaryColor: '#000000', logoUrl: null })],
      ['new service', () => operator.post(`${base}/services`, { name: 'X', durationMinutes: 30, priceCents: 0 })],
    ];
    for (const [label, write] of writes) {
      const res = await write();
      expect([label, res.status, res.body.code]).toEqual([label, 403, 'business_suspended']);
    }
    expect(await snapshot()).toBe(before);
    const denied = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE impersonation_id = $1 AND outcome = 'denied' AND details->>'code' = 'business_suspended'`,
      [imp.id],
    );
    expect(denied[0].n).toBe(writes.length);

    // Reactivated (by an operator, outside the impersonation), writes work again.
    await operator.delete('/api/impersonation').expect(200);
    await operator.patch(`/api/businesses/${biz.id}`, { status: 'active' }).expect(200);
    await operator.post('/api/impersonation', { businessId: biz.id }).expect(201);
    await operator.post(`${base}/customers`, { name: 'After Reactivation' }).expect(201);
    await operator.delete('/api/impersonation').expect(200);
  });

  it('a suspension takes effect at once inside an impersonation that began before it', async () => {
    const biz = await newBusiness();
    const impersonating = await bearer(t, DEMO_LOGINS.operator);
    const other = await bearer(t, DEMO_LOGINS.operator);
    await impersonating.post('/api/impersonation', { businessId: biz.id }).expect(201);
    await impersonating.post(`/api/businesses/${biz.id}/customers`, { name: 'Fine' }).expect(201);
    await other.patch(`/api/businesses/${biz.id}`, { status: 'suspended' }).expect(200);
    expect((await impersonating.post(`/api/businesses/${biz.id}/customers`, { name: 'Too late' })).body.code).toBe('business_suspended');
    expect((await impersonating.get('/api/auth/me').expect(200)).body.impersonation.business.status).toBe('suspended');
    await impersonating.get(`/api/businesses/${biz.id}/customers`).expect(200);
    await impersonating.delete('/api/impersonation').expect(200);
  });
});

// ---------------------------------------------------------------------------------------------
describe('the customer a new-booking link names (item 17)', () => {
  it("the API answers for an id only inside its own business, so a crafted link cannot show or book another tenant's customer", async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    const theirs = (await b.owner.post(`/api/businesses/${b.id}/customers`, { name: 'Other Tenant Person' }).expect(201)).body;
    const probe = await a.owner.get(`/api/businesses/${a.id}/customers/${theirs.id}`);
    expect([probe.status, probe.body.code]).toEqual([404, 'not_found']);
    expect(JSON.stringify(probe.body)).not.toContain('Other Tenant Person');
    const [{ id: serviceId }] = await t.db.query(
      `INSERT INTO services (business_id, name, duration_minutes, price_cents) VALUES ($1, 'S', 30, 0) RETURNING id`,
      [a.id],
    );
    const [{ id: resourceId }] = await t.db.query(`INSERT INTO resources (business_id, name) VALUES ($1, 'R') RETURNING id`, [a.id]);
    const booking = await a.owner.post(`/api/businesses/${a.id}/bookings`, {
      customerId: theirs.id,
      serviceId,
      resourceId,
      startsAt: '2031-01-06T10:00:00+01:00',
    });
    expect([booking.status, booking.body.code]).toEqual([404, 'not_found']);
    expect(await t.db.query(`SELECT 1 FROM bookings WHERE customer_id = $1`, [theirs.id])).toHaveLength(0);
  });
});
