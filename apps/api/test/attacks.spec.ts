import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../src/audit/chain-verifier.js';
import { forgeJwt, decodeJwt } from './jwt.js';
import { addTeamMember, bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, TEST_JWT_SECRET, unique, type TestApp } from './harness.js';

/**
 * Attack tests: each one tries to break a security promise of the product brief or docs/ARCHITECTURE.md §2–5, §8
 * the way an attacker would. Every test here is a regression guard: it passes when the app refuses.
 */

let t: TestApp;
type Biz = { id: string; slug: string; name: string; time_zone: string };
let acme: Biz;
let bright: Biz;
/** One of each kind of row per business, for cross-tenant probes. */
type Fixtures = { customerId: string; serviceId: string; resourceId: string; bookingId: string; ownerId: string; staffId: string };
let A: Fixtures;
let B: Fixtures;

const UUID_ZERO = '00000000-0000-4000-8000-000000000000';
const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

async function fixtures(businessId: string): Promise<Fixtures> {
  const one = async (sql: string) => (await t.db.query(sql, [businessId]))[0].id as string;
  return {
    customerId: await one(`SELECT id FROM customers WHERE business_id = $1 ORDER BY id LIMIT 1`),
    serviceId: await one(`SELECT id FROM services WHERE business_id = $1 AND active ORDER BY id LIMIT 1`),
    resourceId: await one(`SELECT id FROM resources WHERE business_id = $1 AND active ORDER BY id LIMIT 1`),
    bookingId: await one(`SELECT id FROM bookings WHERE business_id = $1 AND status = 'confirmed' ORDER BY id LIMIT 1`),
    ownerId: await one(`SELECT user_id AS id FROM memberships WHERE business_id = $1 AND role = 'owner' LIMIT 1`),
    staffId: await one(`SELECT user_id AS id FROM memberships WHERE business_id = $1 AND role = 'staff' LIMIT 1`),
  };
}

/** A snapshot of everything a business owns, to prove an attack changed nothing. */
async function tenantSnapshot(businessId: string): Promise<string> {
  const parts = await Promise.all([
    t.db.query(`SELECT name, time_zone, status, slug, contact_email, primary_color, logo_url FROM businesses WHERE id = $1`, [businessId]),
    t.db.query(`SELECT id, name, email, phone, notes FROM customers WHERE business_id = $1 ORDER BY id`, [businessId]),
    t.db.query(`SELECT id, customer_id, service_id, resource_id, starts_at, ends_at, status, notes FROM bookings WHERE business_id = $1 ORDER BY id`, [
      businessId,
    ]),
    t.db.query(`SELECT id, name, duration_minutes, price_cents, active FROM services WHERE business_id = $1 ORDER BY id`, [businessId]),
    t.db.query(`SELECT id, name, active FROM resources WHERE business_id = $1 ORDER BY id`, [businessId]),
    t.db.query(`SELECT user_id, role FROM memberships WHERE business_id = $1 ORDER BY user_id`, [businessId]),
    t.db.query(`SELECT weekday, opens, closes FROM opening_hours WHERE business_id = $1 ORDER BY weekday, opens`, [businessId]),
  ]);
  return JSON.stringify(parts);
}

/** A free Monday slot far in the future (Europe/London is UTC in January): hour 9..17 UTC, day offset in weeks. */
let slotCounter = 0;
function nextAcmeSlot(): string {
  const n = slotCounter++;
  const week = Math.floor(n / 8);
  const hour = 9 + (n % 8);
  const day = new Date(Date.UTC(2031, 0, 6 + 7 * week, hour, 0, 0));
  return day.toISOString().replace('.000Z', 'Z');
}

beforeAll(async () => {
  t = await startTestApp();
  acme = await businessBySlug(t, 'acme-hair');
  bright = await businessBySlug(t, 'bright-dental');
  A = await fixtures(acme.id);
  B = await fixtures(bright.id);
});
afterAll(() => t.close());
beforeEach(() => t.clock.reset());

// ---------------------------------------------------------------------------------------------
describe('privilege escalation: staff → owner', () => {
  it('staff cannot promote themselves through PATCH team/:self (owner_required), nor add an owner', async () => {
    const staff = await bearer(t, DEMO_LOGINS.acmeStaff);
    const before = await tenantSnapshot(acme.id);
    expect((await staff.patch(`/api/businesses/${acme.id}/team/${A.staffId}`, { role: 'owner' })).body.code).toBe('owner_required');
    expect(
      (await staff.post(`/api/businesses/${acme.id}/team`, { name: 'Sneaky', email: `${unique('s')}@example.test`, role: 'owner', password: 'password-123' }))
        .body.code,
    ).toBe('owner_required');
    expect((await staff.delete(`/api/businesses/${acme.id}/team/${A.ownerId}`)).body.code).toBe('owner_required');
    expect(
      (await staff.put(`/api/businesses/${acme.id}/settings/general`, { name: 'Pwned', timeZone: 'UTC', contactEmail: null, contactPhone: null })).body.code,
    ).toBe('owner_required');
    expect((await staff.put(`/api/businesses/${acme.id}/settings/branding`, { primaryColor: '#000000', logoUrl: null })).body.code).toBe('owner_required');
    expect((await staff.put(`/api/businesses/${acme.id}/settings/availability`, { weekly: [], closedDates: [] })).body.code).toBe('owner_required');
    expect((await staff.post(`/api/businesses/${acme.id}/services`, { name: 'x', durationMinutes: 30, priceCents: 0 })).body.code).toBe('owner_required');
    expect((await staff.patch(`/api/businesses/${acme.id}/services/${A.serviceId}`, { priceCents: 0 })).body.code).toBe('owner_required');
    expect((await staff.patch(`/api/businesses/${acme.id}/resources/${A.resourceId}`, { active: false })).body.code).toBe('owner_required');
    expect((await staff.get(`/api/businesses/${acme.id}/access-log`)).body.code).toBe('owner_required');
    expect((await staff.get(`/api/businesses/${acme.id}/team`)).body.code).toBe('owner_required');
    expect(await tenantSnapshot(acme.id)).toBe(before);
  });

  it('owners cannot reach operator routes (status, slug, all bookings, audit, impersonation)', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    expect((await owner.patch(`/api/businesses/${acme.id}`, { status: 'active', slug: 'acme-hair' })).body.code).toBe('operator_only');
    expect((await owner.get(`/api/businesses/${acme.id}`)).body.code).toBe('operator_only');
    expect((await owner.get('/api/businesses')).body.code).toBe('operator_only');
    expect((await owner.get(`/api/bookings?businessId=${acme.id}`)).body.code).toBe('operator_only');
    expect((await owner.get(`/api/audit?businessId=${acme.id}`)).body.code).toBe('operator_only');
    expect((await owner.get('/api/operator/dashboard')).body.code).toBe('operator_only');
    expect(
      (await owner.post('/api/businesses', { name: 'X', slug: unique('x'), timeZone: 'UTC', owner: { name: 'x', email: `${unique('x')}@example.test` } })).body
        .code,
    ).toBe('operator_only');
  });

  it('mass assignment: extra body fields (businessId, createdBy, status, kind, role, id) are refused with 400', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const before = await tenantSnapshot(bright.id);
    // [method, path, body, the 400's code when it is not validation_failed]
    const attempts: [string, string, object, string?][] = [
      ['post', `/api/businesses/${acme.id}/customers`, { name: 'Mass', businessId: bright.id }],
      ['post', `/api/businesses/${acme.id}/customers`, { name: 'Mass', createdBy: B.ownerId }],
      ['post', `/api/businesses/${acme.id}/customers`, { name: 'Mass', createdInImpersonation: UUID_ZERO }],
      ['post', `/api/businesses/${acme.id}/customers`, { name: 'Mass', id: B.customerId }],
      ['patch', `/api/businesses/${acme.id}/customers/${A.customerId}`, { business_id: bright.id }],
      [
        'post',
        `/api/businesses/${acme.id}/bookings`,
        { customerId: A.customerId, serviceId: A.serviceId, resourceId: A.resourceId, startsAt: nextAcmeSlot(), status: 'completed' },
      ],
      [
        'post',
        `/api/businesses/${acme.id}/bookings`,
        { customerId: A.customerId, serviceId: A.serviceId, resourceId: A.resourceId, startsAt: nextAcmeSlot(), endsAt: '2040-01-01T00:00:00Z' },
      ],
      [
        'post',
        `/api/businesses/${acme.id}/bookings`,
        { customerId: A.customerId, serviceId: A.serviceId, resourceId: A.resourceId, startsAt: nextAcmeSlot(), businessId: bright.id },
      ],
      ['patch', `/api/businesses/${acme.id}/bookings/${A.bookingId}`, { status: 'cancelled' }],
      ['patch', `/api/businesses/${acme.id}/bookings/${A.bookingId}`, { businessId: bright.id }],
      ['patch', `/api/businesses/${acme.id}/bookings/${A.bookingId}`, { createdBy: B.ownerId }],
      [
        'post',
        `/api/businesses/${acme.id}/team`,
        { name: 'Op', email: `${unique('k')}@example.test`, role: 'owner', password: 'password-123', kind: 'operator' },
      ],
      ['post', `/api/businesses/${acme.id}/team`, { name: 'Op', email: `${unique('k')}@example.test`, role: 'admin', password: 'password-123' }],
      [
        'post',
        `/api/businesses/${acme.id}/team`,
        { name: 'Op', email: `${unique('k')}@example.test`, role: 'owner', password: 'password-123', businessId: bright.id },
      ],
      ['patch', `/api/businesses/${acme.id}/team/${A.staffId}`, { role: 'owner', businessId: bright.id }],
      ['put', `/api/businesses/${acme.id}/settings/general`, { name: 'A', timeZone: 'UTC', contactEmail: null, contactPhone: null, status: 'active' }],
      ['put', `/api/businesses/${acme.id}/settings/general`, { name: 'A', timeZone: 'UTC', contactEmail: null, contactPhone: null, slug: 'bright-dental' }],
      ['put', `/api/businesses/${acme.id}/settings/branding`, { primaryColor: null, logoUrl: null, id: bright.id }],
      // Logos are uploaded, never linked: any URL but the current logo's is refused with its own code.
      ['put', `/api/businesses/${acme.id}/settings/branding`, { primaryColor: null, logoUrl: 'javascript:alert(1)' }, 'logo_url_external'],
      ['put', `/api/businesses/${acme.id}/settings/branding`, { primaryColor: null, logoUrl: 'http://evil.test/logo.png' }, 'logo_url_external'],
      [
        'put',
        `/api/businesses/${acme.id}/settings/availability`,
        { weekly: [{ weekday: 1, opens: '09:00', closes: '17:00', business_id: bright.id }], closedDates: [] },
      ],
      ['post', `/api/businesses/${acme.id}/services`, { name: 'S', durationMinutes: 30, priceCents: 1, businessId: bright.id }],
      ['post', `/api/businesses/${acme.id}/resources`, { name: 'R', businessId: bright.id }],
      ['post', '/api/auth/login', { ...DEMO_LOGINS.acmeOwner, kind: 'operator' }],
    ];
    const accepted: string[] = [];
    for (const [method, path, body, code] of attempts) {
      const res = await (owner as unknown as Record<string, (p: string, b: object) => Promise<{ status: number; body: { code: string } }>>)[method]!(
        path,
        body,
      );
      if (res.status !== 400 || res.body.code !== (code ?? 'validation_failed'))
        accepted.push(`${method} ${path} ${JSON.stringify(body)} → ${res.status} ${res.body.code}`);
    }
    expect(accepted).toEqual([]);
    expect(await tenantSnapshot(bright.id)).toBe(before);
  });

  it('prototype pollution in a JSON body is refused and grants nothing', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const res = await t
      .http()
      .post(`/api/businesses/${acme.id}/customers`)
      .set('authorization', `Bearer ${owner.token}`)
      .set('content-type', 'application/json')
      .send('{"name":"Proto","__proto__":{"businessId":"' + bright.id + '","isAdmin":true}}');
    expect(res.status).toBe(400);
    const res2 = await t
      .http()
      .post(`/api/businesses/${acme.id}/customers`)
      .set('authorization', `Bearer ${owner.token}`)
      .set('content-type', 'application/json')
      .send('{"name":"Proto","constructor":{"prototype":{"isAdmin":true}}}');
    expect(res2.status).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
describe('tenant isolation: an id of another business is 404, in path, query and body', () => {
  it('path ids of another business are 404 for reads and writes', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const before = await tenantSnapshot(bright.id);
    const probes: [string, string, object?][] = [
      ['get', `/api/businesses/${acme.id}/bookings/${B.bookingId}`],
      ['patch', `/api/businesses/${acme.id}/bookings/${B.bookingId}`, { notes: 'pwned' }],
      ['post', `/api/businesses/${acme.id}/bookings/${B.bookingId}/cancel`, {}],
      ['get', `/api/businesses/${acme.id}/customers/${B.customerId}`],
      ['patch', `/api/businesses/${acme.id}/customers/${B.customerId}`, { name: 'pwned' }],
      ['patch', `/api/businesses/${acme.id}/services/${B.serviceId}`, { priceCents: 1 }],
      ['patch', `/api/businesses/${acme.id}/resources/${B.resourceId}`, { active: false }],
      ['patch', `/api/businesses/${acme.id}/team/${B.ownerId}`, { role: 'staff' }],
      ['delete', `/api/businesses/${acme.id}/team/${B.staffId}`],
      ['get', `/api/businesses/${acme.id}/bookings/not-a-uuid`],
      ['get', `/api/businesses/${acme.id}/customers/1'%20OR%20'1'='1`],
      ['get', `/api/businesses/not-a-uuid/bookings`],
      ['get', `/api/businesses/${acme.id.toUpperCase()}/bookings`],
      ['get', `/api/businesses/${UUID_ZERO}/bookings`],
    ];
    const wrong: string[] = [];
    for (const [method, path, body] of probes) {
      const res = await (owner as unknown as Record<string, (p: string, b?: object) => Promise<{ status: number; body: { code: string } }>>)[method]!(
        path,
        body,
      );
      if (res.status !== 404 || res.body.code !== 'not_found') wrong.push(`${method} ${path} → ${res.status} ${res.body.code}`);
    }
    expect(wrong).toEqual([]);
    expect(await tenantSnapshot(bright.id)).toBe(before);
  });

  it("the other business's own routes are 403 forbidden for its non-members (no data)", async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    for (const p of ['bookings', 'customers', 'dashboard', 'calendar', 'team', 'access-log', 'settings/general', `customers/${B.customerId}`]) {
      const res = await owner.get(`/api/businesses/${bright.id}/${p}`);
      expect(res.status, p).toBe(403);
      expect(res.body.code, p).toBe('forbidden');
      expect(JSON.stringify(res.body)).not.toContain(B.customerId.slice(0, 8) + 'x');
    }
  });

  it('body ids of another business (customerId, serviceId, resourceId) are 404 on create and on update', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const before = await tenantSnapshot(bright.id);
    const base = { customerId: A.customerId, serviceId: A.serviceId, resourceId: A.resourceId };
    for (const swap of [{ customerId: B.customerId }, { serviceId: B.serviceId }, { resourceId: B.resourceId }]) {
      const res = await owner.post(`/api/businesses/${acme.id}/bookings`, { ...base, ...swap, startsAt: nextAcmeSlot() });
      expect(res.status, JSON.stringify(swap)).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    const mine = await owner.post(`/api/businesses/${acme.id}/bookings`, { ...base, startsAt: nextAcmeSlot() }).expect(201);
    for (const swap of [{ customerId: B.customerId }, { serviceId: B.serviceId }, { resourceId: B.resourceId }]) {
      const res = await owner.patch(`/api/businesses/${acme.id}/bookings/${mine.body.id}`, swap);
      expect(res.status, JSON.stringify(swap)).toBe(404);
    }
    const [row] = await t.db.query(`SELECT customer_id, service_id, resource_id FROM bookings WHERE id = $1`, [mine.body.id]);
    expect(row).toEqual({ customer_id: A.customerId, service_id: A.serviceId, resource_id: A.resourceId });
    expect(await tenantSnapshot(bright.id)).toBe(before);
  });

  it('query filters naming another business’s ids return nothing of it', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const byCustomer = await owner.get(`/api/businesses/${acme.id}/bookings?customerId=${B.customerId}`).expect(200);
    expect(byCustomer.body.items).toEqual([]);
    const byResource = await owner.get(`/api/businesses/${acme.id}/bookings?resourceId=${B.resourceId}`).expect(200);
    expect(byResource.body.items).toEqual([]);
    const cal = await owner.get(`/api/businesses/${acme.id}/calendar?resourceId=${B.resourceId}`).expect(200);
    expect(cal.body.bookings).toEqual([]);
    for (const r of cal.body.resources) expect(r.id).not.toBe(B.resourceId);
  });

  it('a businessId (or any unknown field) in the query string of a business list is refused, not obeyed', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    for (const path of [
      `/api/businesses/${acme.id}/bookings?businessId=${bright.id}`,
      `/api/businesses/${acme.id}/customers?businessId=${bright.id}`,
      `/api/businesses/${acme.id}/calendar?businessId=${bright.id}`,
      `/api/businesses/${acme.id}/access-log?businessId=${bright.id}`,
      `/api/businesses/${acme.id}/bookings?business_id=${bright.id}`,
    ]) {
      const res = await owner.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('a keyset cursor naming another business’s booking cannot pull its rows', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const [bb] = await t.db.query(`SELECT starts_at FROM bookings WHERE id = $1`, [B.bookingId]);
    const cursor = enc([new Date(bb.starts_at).toISOString(), B.bookingId]);
    const res = await owner.get(`/api/businesses/${acme.id}/bookings?cursor=${cursor}&limit=200`).expect(200);
    for (const item of res.body.items) expect(item.businessId).toBe(acme.id);
  });

  it('an operator impersonating acme reaches nothing of bright (path or operator routes)', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id }).expect(201);
    expect((await op.get(`/api/businesses/${bright.id}/bookings`)).body.code).toBe('forbidden');
    expect((await op.get(`/api/businesses/${acme.id}/bookings/${B.bookingId}`)).status).toBe(404);
    expect((await op.get(`/api/bookings?businessId=${bright.id}`)).body.code).toBe('impersonation_active');
    expect((await op.get(`/api/audit?businessId=${bright.id}`)).body.code).toBe('impersonation_active');
    expect((await op.patch(`/api/businesses/${bright.id}`, { status: 'suspended' })).body.code).toBe('impersonation_active');
    const [{ status }] = await t.db.query(`SELECT status FROM businesses WHERE id = $1`, [bright.id]);
    expect(status).toBe('active');
  });
});

// ---------------------------------------------------------------------------------------------
describe('impersonation abuse', () => {
  it("a business user's Bearer token cannot start an impersonation (403 operator_only, audited as denied)", async () => {
    for (const login of [DEMO_LOGINS.acmeOwner, DEMO_LOGINS.acmeStaff]) {
      const api = await bearer(t, login);
      const res = await api.post('/api/impersonation', { businessId: bright.id, role: 'owner' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('operator_only');
      const me = (await api.get('/api/auth/me').expect(200)).body;
      expect(me.impersonation).toBeNull();
      const [row] = await t.db.query(
        `SELECT outcome, status FROM audit_events WHERE actor_id = $1 AND action = 'impersonation.start' ORDER BY id DESC LIMIT 1`,
        [me.user.id],
      );
      expect(row).toEqual({ outcome: 'denied', status: 403 });
    }
  });

  it('an operator impersonating as staff cannot reach owner data or owner writes', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id, role: 'staff' }).expect(201);
    const before = await tenantSnapshot(acme.id);
    const checks: [string, string, object?][] = [
      ['get', `/api/businesses/${acme.id}/team`],
      ['get', `/api/businesses/${acme.id}/access-log`],
      ['put', `/api/businesses/${acme.id}/settings/general`, { name: 'X', timeZone: 'UTC', contactEmail: null, contactPhone: null }],
      ['put', `/api/businesses/${acme.id}/settings/branding`, { primaryColor: null, logoUrl: null }],
      ['put', `/api/businesses/${acme.id}/settings/availability`, { weekly: [], closedDates: [] }],
      ['post', `/api/businesses/${acme.id}/services`, { name: 'X', durationMinutes: 30, priceCents: 0 }],
      ['post', `/api/businesses/${acme.id}/resources`, { name: 'X' }],
      ['post', `/api/businesses/${acme.id}/team`, { name: 'X', email: `${unique('x')}@example.test`, role: 'owner', password: 'password-1' }],
      ['patch', `/api/businesses/${acme.id}/team/${A.staffId}`, { role: 'owner' }],
      ['delete', `/api/businesses/${acme.id}/team/${A.staffId}`],
    ];
    for (const [method, path, body] of checks) {
      const res = await (op as unknown as Record<string, (p: string, b?: object) => Promise<{ status: number; body: { code: string } }>>)[method]!(path, body);
      expect(`${method} ${path} → ${res.status} ${res.body.code}`).toBe(`${method} ${path} → 403 owner_required`);
    }
    // switching role needs a new start; the role cannot be upgraded by any header or body on other routes
    const me = await op.get('/api/auth/me').set('x-impersonation-role', 'owner').expect(200);
    expect(me.body.impersonation.role).toBe('staff');
    expect(await tenantSnapshot(acme.id)).toBe(before);
  });

  it('a read-only impersonation cannot write by any method (Bearer and cookie)', async () => {
    const opB = await bearer(t, DEMO_LOGINS.operator);
    await opB.post('/api/impersonation', { businessId: acme.id, readOnly: true }).expect(201);
    const opC = await signIn(t, DEMO_LOGINS.operator);
    await opC.post('/api/impersonation', { businessId: acme.id, readOnly: true }).expect(201);
    const before = await tenantSnapshot(acme.id);
    const writes: [string, string, object?][] = [
      ['post', `/api/businesses/${acme.id}/bookings`, { customerId: A.customerId, serviceId: A.serviceId, resourceId: A.resourceId, startsAt: nextAcmeSlot() }],
      ['patch', `/api/businesses/${acme.id}/bookings/${A.bookingId}`, { notes: 'ro' }],
      ['post', `/api/businesses/${acme.id}/bookings/${A.bookingId}/cancel`, {}],
      ['post', `/api/businesses/${acme.id}/customers`, { name: 'ro' }],
      ['patch', `/api/businesses/${acme.id}/customers/${A.customerId}`, { name: 'ro' }],
      ['put', `/api/businesses/${acme.id}/settings/general`, { name: 'RO', timeZone: 'UTC', contactEmail: null, contactPhone: null }],
      ['put', `/api/businesses/${acme.id}/settings/branding`, { primaryColor: '#000000', logoUrl: null }],
      ['put', `/api/businesses/${acme.id}/settings/availability`, { weekly: [], closedDates: [] }],
      ['post', `/api/businesses/${acme.id}/services`, { name: 'ro', durationMinutes: 30, priceCents: 0 }],
      ['patch', `/api/businesses/${acme.id}/services/${A.serviceId}`, { priceCents: 1 }],
      ['post', `/api/businesses/${acme.id}/resources`, { name: 'ro' }],
      ['patch', `/api/businesses/${acme.id}/resources/${A.resourceId}`, { active: false }],
      ['post', `/api/businesses/${acme.id}/team`, { name: 'ro', email: `${unique('ro')}@example.test`, role: 'staff', password: 'password-1' }],
      ['patch', `/api/businesses/${acme.id}/team/${A.staffId}`, { role: 'owner' }],
      ['delete', `/api/businesses/${acme.id}/team/${A.staffId}`],
    ];
    const leaked: string[] = [];
    for (const client of [opB, opC] as unknown as Record<string, (p: string, b?: object) => Promise<{ status: number; body: { code: string } }>>[]) {
      for (const [method, path, body] of writes) {
        const res = await client[method]!(path, body);
        if (res.status !== 403 || res.body.code !== 'read_only_impersonation') leaked.push(`${method} ${path} → ${res.status} ${res.body.code}`);
      }
    }
    expect(leaked).toEqual([]);
    // HEAD/GET still read
    await opB.get(`/api/businesses/${acme.id}/bookings`).expect(200);
    await t.http().head(`/api/businesses/${acme.id}/bookings`).set('authorization', `Bearer ${opB.token}`).expect(200);
    expect(await tenantSnapshot(acme.id)).toBe(before);
  });

  it('a read-only impersonation cannot write through a method-override header either', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id, readOnly: true }).expect(201);
    const before = await tenantSnapshot(acme.id);
    for (const header of ['x-http-method-override', 'x-http-method', 'x-method-override']) {
      const res = await t
        .http()
        .get(`/api/businesses/${acme.id}/customers/${A.customerId}`)
        .set('authorization', `Bearer ${op.token}`)
        .set(header, 'PATCH')
        .send({ name: 'Overridden' });
      expect(res.status).toBe(200);
      expect(res.body.name).not.toBe('Overridden');
    }
    expect(await tenantSnapshot(acme.id)).toBe(before);
  });

  it("two sessions of one operator are separate: one's impersonation, exit and sign-out never touch the other", async () => {
    const s1 = await signIn(t, DEMO_LOGINS.operator);
    const s2 = await signIn(t, DEMO_LOGINS.operator);
    const imp = (await s1.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    // s2 does not see it and cannot use it
    expect((await s2.get('/api/auth/me').expect(200)).body.impersonation).toBeNull();
    expect((await s2.get(`/api/businesses/${acme.id}/bookings`)).body.code).toBe('impersonation_required');
    // s2 cannot end it
    expect((await s2.delete('/api/impersonation')).status).toBe(409);
    expect((await s1.get('/api/auth/me')).body.impersonation?.id).toBe(imp.id);
    // s1's CSRF token does not work in s2
    const cross = await t
      .http()
      .post(`/api/impersonation`)
      .set('cookie', `sid=${s2.cookies.sid}; XSRF-TOKEN=${s1.xsrf()}`)
      .set('x-xsrf-token', s1.xsrf())
      .send({ businessId: bright.id });
    expect(cross.body.code).toBe('csrf_invalid');
    // s2 signs out for real: s1 keeps its impersonation
    expect((await s2.post('/api/auth/logout').expect(200)).body.signedOut).toBe(true);
    expect((await s1.get('/api/auth/me')).body.impersonation?.id).toBe(imp.id);
    // s1 exits: s2 (signed out) stays signed out and nothing is live for s1
    await s1.delete('/api/impersonation').expect(200);
    await s2.get('/api/auth/me').expect(401);
    expect((await s1.get(`/api/businesses/${acme.id}/bookings`)).body.code).toBe('impersonation_required');
  });

  it('after a switch, the previous impersonation’s CSRF token cannot drive writes in the new one', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id }).expect(201);
    const first = op.xsrf();
    await op.post('/api/impersonation', { businessId: bright.id }).expect(201);
    expect(op.xsrf()).not.toBe(first);
    const res = await t
      .http()
      .post(`/api/businesses/${bright.id}/customers`)
      .set('cookie', `sid=${op.cookies.sid}; XSRF-TOKEN=${first}`)
      .set('x-xsrf-token', first)
      .send({ name: 'Stale switch' });
    expect(res.body.code).toBe('csrf_invalid');
  });

  it('after exit, the session cannot act in the business it left (no residue)', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id }).expect(201);
    await op.delete('/api/impersonation').expect(200);
    expect((await op.post(`/api/businesses/${acme.id}/customers`, { name: 'After exit' })).body.code).toBe('impersonation_required');
    expect((await op.get(`/api/businesses/${acme.id}/bookings`)).body.code).toBe('impersonation_required');
  });

  it('an impersonation row attached to a business user session is never honoured', async () => {
    // Even if a row somehow named a business user's session, it must not grant anything (defence in depth).
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const sid = decodeJwt(owner.token).sid as string;
    const [{ id: uid }] = await t.db.query(`SELECT id FROM users WHERE email = $1`, [DEMO_LOGINS.acmeOwner.email]);
    await t.db.query(
      `INSERT INTO impersonations (operator_id, auth_session_id, business_id, role, read_only, started_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, 'owner', false, now(), now(), now() + interval '1 hour')`,
      [uid, sid, bright.id],
    );
    t.clock.reset();
    const res = await owner.get(`/api/businesses/${bright.id}/bookings`);
    expect(res.status).toBe(403);
    expect((await owner.get(`/api/businesses/${bright.id}/bookings`)).body.code).toBe('forbidden');
  });
});

// ---------------------------------------------------------------------------------------------
describe('sessions and tokens', () => {
  it('login rotates: a planted (fixated) session cookie is replaced, never adopted', async () => {
    const attacker = await signIn(t, DEMO_LOGINS.acmeStaff);
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('cookie', `sid=${attacker.cookies.sid}; XSRF-TOKEN=${attacker.xsrf()}`)
      .send(DEMO_LOGINS.acmeOwner)
      .expect(200);
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const sid = set
      .find((c) => c.startsWith('sid='))!
      .split(';')[0]!
      .slice(4);
    const xsrf = set
      .find((c) => c.startsWith('XSRF-TOKEN='))!
      .split(';')[0]!
      .slice(11);
    expect(sid).not.toBe(attacker.cookies.sid);
    expect(decodeJwt(sid).sid).not.toBe(decodeJwt(attacker.cookies.sid!).sid);
    expect(xsrf).not.toBe(attacker.xsrf());
    // The attacker's cookie still names the attacker only.
    expect((await attacker.get('/api/auth/me')).body.user.email).toBe(DEMO_LOGINS.acmeStaff.email);
    // Two logins of the same account are two sessions.
    const a = await signIn(t, DEMO_LOGINS.acmeOwner);
    const b = await signIn(t, DEMO_LOGINS.acmeOwner);
    expect(decodeJwt(a.cookies.sid!).sid).not.toBe(decodeJwt(b.cookies.sid!).sid);
  });

  it('a Bearer token carried in the session cookie is treated as a cookie: unsafe requests need CSRF', async () => {
    const api = await bearer(t, DEMO_LOGINS.acmeOwner);
    const res = await t.http().post(`/api/businesses/${acme.id}/customers`).set('cookie', `sid=${api.token}`).send({ name: 'Via cookie' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_invalid');
    // An XSRF token minted for another session does not help.
    const other = await signIn(t, DEMO_LOGINS.acmeOwner);
    const res2 = await t
      .http()
      .post(`/api/businesses/${acme.id}/customers`)
      .set('cookie', `sid=${api.token}; XSRF-TOKEN=${other.xsrf()}`)
      .set('x-xsrf-token', other.xsrf())
      .send({ name: 'Via cookie' });
    expect(res2.body.code).toBe('csrf_invalid');
  });

  it('an Authorization header that is not a well-formed Bearer never falls back to the cookie', async () => {
    const s = await signIn(t, DEMO_LOGINS.acmeOwner);
    for (const auth of ['Basic Zm9vOmJhcg==', 'bearer ' + s.cookies.sid, 'Bearer', 'Bearer  ' + s.cookies.sid, `Bearer ${s.cookies.sid} x`]) {
      const res = await t
        .http()
        .post(`/api/businesses/${acme.id}/customers`)
        .set('cookie', `sid=${s.cookies.sid}`)
        .set('authorization', auth)
        .send({ name: 'No CSRF' });
      expect(res.status, auth).toBe(401);
    }
  });

  async function claims() {
    const api = await bearer(t, DEMO_LOGINS.acmeOwner);
    return decodeJwt(api.token);
  }
  const me = (token: string) => t.http().get('/api/auth/me').set('authorization', `Bearer ${token}`);

  it.each([
    ['kid pointing to a file', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' }, c, '')],
    [
      'jku pointing to an attacker key set',
      (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT', jku: 'https://evil.test/jwks.json' }, c, 'attacker-secret-attacker-secret-attacker'),
    ],
    [
      'jwk embedded in the header',
      (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT', jwk: { kty: 'oct', k: 'YXR0YWNrZXI' } }, c, 'attacker'),
    ],
    ['an empty secret', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, c, '')],
    ['alg RS256 signed with the secret as HMAC (key confusion)', (c: Record<string, unknown>) => forgeJwt({ alg: 'RS256', typ: 'JWT' }, c, TEST_JWT_SECRET)],
    ['alg HS384 with the right secret', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS384', typ: 'JWT' }, c, TEST_JWT_SECRET)],
    ['alg NONE upper-case', (c: Record<string, unknown>) => forgeJwt({ alg: 'NONE', typ: 'JWT' }, c, null)],
    [
      'numeric-string exp',
      (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, exp: String(Math.floor(Date.now() / 1000) + 3600) }, TEST_JWT_SECRET),
    ],
    ['exp as a huge string', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, exp: '9'.repeat(400) }, TEST_JWT_SECRET)],
    ['exp far away but issuer missing', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, iss: undefined }, TEST_JWT_SECRET)],
    [
      'audience as an array including ours and another',
      (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, aud: ['evil'] }, TEST_JWT_SECRET),
    ],
    ['sub not a uuid', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, sub: "' OR 1=1 --" }, TEST_JWT_SECRET)],
    ['sid as an object', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, sid: { $ne: null } }, TEST_JWT_SECRET)],
    [
      'nbf in the future',
      (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, nbf: Math.floor(Date.now() / 1000) + 3600 }, TEST_JWT_SECRET),
    ],
  ])('refuses a JWT with %s (401, never 500)', async (_name, forge) => {
    const c = await claims();
    const res = await me(forge(c));
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('a huge token (header or cookie) is refused without a 500', async () => {
    const c = await claims();
    const huge = forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, pad: 'x'.repeat(12_000) }, TEST_JWT_SECRET);
    const viaHeader = await me(huge);
    expect([401, 431]).toContain(viaHeader.status);
    const giant = forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, pad: 'x'.repeat(200_000) }, 'nope');
    const viaCookie = await t.http().get('/api/auth/me').set('cookie', `sid=${giant}`);
    expect(viaCookie.status).toBeGreaterThanOrEqual(400);
    expect(viaCookie.status).toBeLessThan(500);
  });

  it('a revoked session’s XSRF token and cookie cannot be replayed after sign-out', async () => {
    const s = await signIn(t, DEMO_LOGINS.acmeOwner);
    const sid = s.cookies.sid!;
    const xsrf = s.xsrf();
    await s.post('/api/auth/logout').expect(200);
    const res = await t
      .http()
      .post(`/api/businesses/${acme.id}/customers`)
      .set('cookie', `sid=${sid}; XSRF-TOKEN=${xsrf}`)
      .set('x-xsrf-token', xsrf)
      .send({ name: 'Replay' });
    expect(res.status).toBe(401);
  });
});

// ---------------------------------------------------------------------------------------------
describe('CSRF', () => {
  it('method-override headers do not turn a POST into a DELETE (no exit through a simple form)', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id }).expect(201);
    const cookie = `sid=${op.cookies.sid}; XSRF-TOKEN=${op.xsrf()}`;
    for (const header of ['x-http-method-override', 'x-http-method', 'x-method-override']) {
      const res = await t
        .http()
        .post('/api/impersonation')
        .set('cookie', cookie)
        .set(header, 'DELETE')
        .type('form')
        .send('businessId=' + bright.id);
      expect(res.status).toBeGreaterThanOrEqual(400);
      const viaGet = await t.http().get('/api/impersonation?_method=DELETE').set('cookie', cookie).set(header, 'DELETE');
      expect(viaGet.status).toBe(404);
    }
    expect((await op.get('/api/auth/me')).body.impersonation.business.id).toBe(acme.id);
  });

  it('a cross-site text/plain or form body with the cookie and no header is refused', async () => {
    const s = await signIn(t, DEMO_LOGINS.acmeOwner);
    const cookie = `sid=${s.cookies.sid}; XSRF-TOKEN=${s.xsrf()}`;
    const before = await tenantSnapshot(acme.id);
    const plain = await t
      .http()
      .post(`/api/businesses/${acme.id}/customers`)
      .set('cookie', cookie)
      .set('content-type', 'text/plain')
      .set('origin', 'https://evil.test')
      .send('{"name":"CSRF plain"}');
    expect(plain.status).toBe(403);
    expect(plain.body.code).toBe('csrf_invalid');
    const form = await t.http().post(`/api/businesses/${acme.id}/customers`).set('cookie', cookie).type('form').send('name=CSRF+form');
    expect([403, 415]).toContain(form.status);
    const multipart = await t.http().put(`/api/businesses/${acme.id}/settings/general`).set('cookie', cookie).field('name', 'CSRF multipart');
    expect([403, 415]).toContain(multipart.status);
    // the XSRF token in a query string or body does not count: only the header does
    const inQuery = await t.http().post(`/api/businesses/${acme.id}/customers?_csrf=${s.xsrf()}`).set('cookie', cookie).send({ name: 'CSRF query' });
    expect(inQuery.body.code).toBe('csrf_invalid');
    expect(await tenantSnapshot(acme.id)).toBe(before);
  });

  it('a header token without the matching cookie, or a forged or altered one, is refused', async () => {
    const s = await signIn(t, DEMO_LOGINS.acmeOwner);
    const good = s.xsrf();
    const [nonce, mac] = good.split('.');
    const variants = [
      { cookie: `sid=${s.cookies.sid}`, header: good },
      { cookie: `sid=${s.cookies.sid}; XSRF-TOKEN=${nonce}.${mac}.x`, header: `${nonce}.${mac}.x` },
      { cookie: `sid=${s.cookies.sid}; XSRF-TOKEN=x${nonce}.${mac}`, header: `x${nonce}.${mac}` },
      { cookie: `sid=${s.cookies.sid}; XSRF-TOKEN=${nonce}.`, header: `${nonce}.` },
      { cookie: `sid=${s.cookies.sid}; XSRF-TOKEN=`, header: '' },
    ];
    for (const v of variants) {
      const res = await t.http().post('/api/auth/logout').set('cookie', v.cookie).set('x-xsrf-token', v.header);
      expect(res.body.code, JSON.stringify(v.header)).toBe('csrf_invalid');
    }
    await s.get('/api/auth/me').expect(200);
  });

  it('login CSRF: a foreign or null Origin cannot sign a victim into the attacker’s account', async () => {
    for (const origin of ['https://evil.test', 'null', 'http://127.0.0.1.evil.test', 'http://127.0.0.1:1']) {
      const res = await t.http().post('/api/auth/login').set('origin', origin).send(DEMO_LOGINS.acmeStaff);
      expect(res.status, origin).toBe(403);
      expect(res.body.code).toBe('origin_invalid');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const plain = await t
      .http()
      .post('/api/auth/login')
      .set('origin', 'https://evil.test')
      .set('content-type', 'text/plain')
      .send(JSON.stringify(DEMO_LOGINS.acmeStaff));
    expect(plain.status).toBeGreaterThanOrEqual(400);
    expect(plain.headers['set-cookie']).toBeUndefined();
  });

  it('the session cookie is HttpOnly and SameSite=Lax; the XSRF cookie is readable but bound to the session', async () => {
    const res = await t.http().post('/api/auth/login').send(DEMO_LOGINS.acmeOwner).expect(200);
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const sid = set.find((c) => c.startsWith('sid='))!;
    expect(sid).toMatch(/HttpOnly/i);
    expect(sid).toMatch(/SameSite=Lax/i);
    expect(sid).toMatch(/Path=\//);
    expect(set.find((c) => c.startsWith('XSRF-TOKEN='))).not.toMatch(/HttpOnly/i);
  });
});

// ---------------------------------------------------------------------------------------------
describe('returnTo smuggling', () => {
  const start = async (body: unknown, raw = false) => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const req = t.http().post('/api/impersonation').set('authorization', `Bearer ${op.token}`).set('content-type', 'application/json');
    return req.send(raw ? (body as string) : JSON.stringify(body));
  };

  it.each([
    ['an array', ['/b/acme-hair/dashboard']],
    ['an array with a hostile second entry', ['/b/acme-hair/dashboard', '//evil.test']],
    ['an object', { toString: '/b/acme-hair/dashboard' }],
    ['a number', 42],
    ['a boolean', true],
  ])('refuses returnTo as %s (400)', async (_name, value) => {
    const res = await start({ businessId: acme.id, returnTo: value });
    expect(res.status).toBe(400);
    expect(['validation_failed', 'invalid_return_to']).toContain(res.body.code);
  });

  it.each([
    ['unicode-escaped dot segments', '{"businessId":"%ID%","returnTo":"/b/acme-hair/\\u002e\\u002e/bright-dental"}'],
    ['unicode-escaped slashes', '{"businessId":"%ID%","returnTo":"/b/acme-hair\\u002f\\u002fevil.test"}'],
    ['a unicode-escaped null byte', '{"businessId":"%ID%","returnTo":"/b/acme-hair/dashboard\\u0000//evil.test"}'],
    ['a unicode-escaped newline', '{"businessId":"%ID%","returnTo":"/b/acme-hair/dashboard\\n/evil"}'],
    ['a unicode-escaped backslash', '{"businessId":"%ID%","returnTo":"/b/acme-hair\\\\evil.test"}'],
    ['a fullwidth solidus', '{"businessId":"%ID%","returnTo":"/b/acme-hair/\\uff0f\\uff0fevil.test"}'],
    ['a right-to-left override', '{"businessId":"%ID%","returnTo":"/b/acme-hair/\\u202edashboard"}'],
    ['an escaped prefix of another business', '{"businessId":"%ID%","returnTo":"\\u002fb\\u002fbright-dental/dashboard"}'],
    ['a duplicate key whose last value is hostile', '{"businessId":"%ID%","returnTo":"/b/acme-hair/dashboard","returnTo":"//evil.test"}'],
    ['__proto__ carrying returnTo', '{"businessId":"%ID%","__proto__":{"returnTo":"//evil.test"}}'],
  ])('refuses %s', async (_name, raw) => {
    const res = await start(raw.replace('%ID%', acme.id), true);
    expect(res.status).toBe(400);
    expect(res.body.redirectTo).toBeUndefined();
  });

  it('refuses an over-long returnTo and an over-large body without starting anything', async () => {
    const long = await start({ businessId: acme.id, returnTo: `/b/acme-hair/${'a'.repeat(600)}` });
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('invalid_return_to');
    const huge = await start({ businessId: acme.id, returnTo: `/b/acme-hair/${'a'.repeat(300 * 1024)}` });
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toMatch(/problem\+json/);
  });

  it('a valid returnTo for the business is echoed only as a same-app path', async () => {
    const res = await start({ businessId: acme.id, returnTo: '/b/acme-hair/customers?q=a' });
    expect(res.status).toBe(201);
    expect(res.body.redirectTo).toBe('/b/acme-hair/customers?q=a');
  });
});

// ---------------------------------------------------------------------------------------------
describe('audit evasion and injection', () => {
  it('X-Forwarded-For is not trusted when TRUST_PROXY is off (ip in the audit is the socket)', async () => {
    const spoofed = '203.0.113.77';
    const ghost = `${unique('xff')}@demo.test`;
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('x-forwarded-for', spoofed)
      .set('x-real-ip', spoofed)
      .send({ email: ghost, password: 'wrong-password' });
    expect(res.status).toBe(401);
    const [row] = await t.db.query(`SELECT ip FROM audit_events WHERE action = 'auth.login' AND target_id = $1 ORDER BY id DESC LIMIT 1`, [ghost]);
    expect(row.ip).not.toBe(spoofed);
    const op = await bearer(t, DEMO_LOGINS.operator);
    const imp = (
      await t
        .http()
        .post('/api/impersonation')
        .set('authorization', `Bearer ${op.token}`)
        .set('x-forwarded-for', spoofed)
        .send({ businessId: acme.id })
        .expect(201)
    ).body.impersonation;
    const [i] = await t.db.query(`SELECT ip FROM impersonations WHERE id = $1`, [imp.id]);
    expect(i.ip).not.toBe(spoofed);
  });

  it('actor spoofing headers do not change who the audit names', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    await t
      .http()
      .get(`/api/businesses/${acme.id}/customers`)
      .set('authorization', `Bearer ${op.token}`)
      .set('x-user-id', A.ownerId)
      .set('x-actor-id', A.ownerId)
      .set('x-impersonation-id', UUID_ZERO)
      .expect(200);
    const [row] = await t.db.query(
      `SELECT actor_id, actor_kind, impersonation_id FROM audit_events WHERE impersonation_id = $1 AND action = 'customer.list' ORDER BY id DESC LIMIT 1`,
      [imp.id],
    );
    const [{ id: opId }] = await t.db.query(`SELECT id FROM users WHERE email = $1`, [DEMO_LOGINS.operator.email]);
    expect(row).toEqual({ actor_id: opId, actor_kind: 'operator', impersonation_id: imp.id });
  });

  it('a hostile X-Request-Id is replaced; hostile user agents are stored as data and the chains still verify', async () => {
    const res = await t.http().get('/api/health').set('x-request-id', "abc'; DROP TABLE audit_events; --");
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const ua = 'evil"},{"action":"auth.login","outcome":"success"} </script><script>alert(1)</script>';
    const ghost = `${unique('ua')}@demo.test`;
    await t.http().post('/api/auth/login').set('user-agent', ua).send({ email: ghost, password: 'nope-nope' }).expect(401);
    const [row] = await t.db.query(`SELECT user_agent, outcome FROM audit_events WHERE action = 'auth.login' AND target_id = $1 ORDER BY id DESC LIMIT 1`, [
      ghost,
    ]);
    expect(row).toEqual({ user_agent: ua, outcome: 'denied' });
    expect((await verifyAuditChains(t.db)).breaks).toEqual([]);
  });

  it('every write during an impersonation leaves exactly one success row in its own transaction, under the operator', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    const [{ id: opId }] = await t.db.query(`SELECT id FROM users WHERE email = $1`, [DEMO_LOGINS.operator.email]);
    const customer = (await op.post(`/api/businesses/${acme.id}/customers`, { name: 'Audit Cust' }).expect(201)).body;
    await op.patch(`/api/businesses/${acme.id}/customers/${customer.id}`, { notes: 'n' }).expect(200);
    const booking = (
      await op
        .post(`/api/businesses/${acme.id}/bookings`, { customerId: customer.id, serviceId: A.serviceId, resourceId: A.resourceId, startsAt: nextAcmeSlot() })
        .expect(201)
    ).body;
    await op.patch(`/api/businesses/${acme.id}/bookings/${booking.id}`, { notes: 'm' }).expect(200);
    await op.post(`/api/businesses/${acme.id}/bookings/${booking.id}/cancel`).expect(200);
    const service = (
      await op.post(`/api/businesses/${acme.id}/services`, { name: unique('svc'), durationMinutes: 30, priceCents: 100, active: false }).expect(201)
    ).body;
    await op.patch(`/api/businesses/${acme.id}/services/${service.id}`, { priceCents: 200 }).expect(200);
    const resource = (await op.post(`/api/businesses/${acme.id}/resources`, { name: unique('res'), active: false }).expect(201)).body;
    await op.patch(`/api/businesses/${acme.id}/resources/${resource.id}`, { name: unique('res2') }).expect(200);
    const general = (await op.get(`/api/businesses/${acme.id}/settings/general`).expect(200)).body;
    await op.put(`/api/businesses/${acme.id}/settings/general`, general).expect(200);
    const branding = (await op.get(`/api/businesses/${acme.id}/settings/branding`).expect(200)).body;
    await op.put(`/api/businesses/${acme.id}/settings/branding`, branding).expect(200);
    const avail = (await op.get(`/api/businesses/${acme.id}/settings/availability`).expect(200)).body;
    await op.put(`/api/businesses/${acme.id}/settings/availability`, { weekly: avail.weekly, closedDates: avail.closedDates }).expect(200);
    const member = await addTeamMember(t, op, acme.id, {
      name: 'Audit Member',
      email: `${unique('am')}@example.test`,
      role: 'staff',
      password: 'password-123',
    });
    await op.patch(`/api/businesses/${acme.id}/team/${member.userId}`, { role: 'owner' }).expect(200);
    await op.delete(`/api/businesses/${acme.id}/team/${member.userId}`).expect(204);
    await op.delete('/api/impersonation').expect(200);

    const rows: {
      action: string;
      outcome: string;
      actor_id: string;
      actor_kind: string;
      business_id: string;
      method: string;
      details: { lateRecord?: boolean } | null;
    }[] = await t.db.query(
      `SELECT action, outcome, actor_id, actor_kind, business_id, method, details FROM audit_events WHERE impersonation_id = $1 AND method <> 'GET' ORDER BY id`,
      [imp.id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'impersonation.start',
      'customer.create',
      'customer.update',
      'booking.create',
      'booking.update',
      'booking.cancel',
      'service.create',
      'service.update',
      'resource.create',
      'resource.update',
      'settings.general.update',
      'settings.branding.update',
      'settings.availability.update',
      'team.invite',
      'team.update',
      'team.remove',
      'impersonation.end',
    ]);
    for (const r of rows) {
      expect(r).toMatchObject({ outcome: 'success', actor_id: opId, actor_kind: 'operator', business_id: acme.id });
      expect(r.details?.lateRecord).toBeUndefined();
    }
    // reads were recorded too
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE impersonation_id = $1 AND method = 'GET'`, [imp.id]);
    expect(n).toBe(3);
    // and the domain rows keep both identities
    const [c] = await t.db.query(`SELECT created_by, created_in_impersonation FROM customers WHERE id = $1`, [customer.id]);
    expect(c).toEqual({ created_by: opId, created_in_impersonation: imp.id });
  });

  it('a denied request during impersonation is recorded under the operator with the impersonation id', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id, role: 'staff' }).expect(201)).body.impersonation;
    await op.get(`/api/businesses/${acme.id}/team`).expect(403);
    await op.get(`/api/businesses/${bright.id}/customers`).expect(403);
    await op.get('/api/audit').expect(403);
    const rows = await t.db.query(`SELECT action, outcome, status FROM audit_events WHERE impersonation_id = $1 AND outcome = 'denied' ORDER BY id`, [imp.id]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['team.list', 'customer.list', 'audit.search']);
  });

  it('a read that fails during impersonation (404 probe, 400 query) is still recorded under the operator', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    // probing ids of another business, or made-up ones, through the impersonated business's routes
    await op.get(`/api/businesses/${acme.id}/customers/${B.customerId}`).expect(404);
    await op.get(`/api/businesses/${acme.id}/bookings/${UUID_ZERO}`).expect(404);
    await op.get(`/api/businesses/${acme.id}/bookings?limit=abc`).expect(400);
    await op.get(`/api/businesses/${acme.id}/customers/%00probe`).expect(404);
    const rows = await t.db.query(
      `SELECT action, outcome, status, actor_kind, business_id, target_id FROM audit_events WHERE impersonation_id = $1 AND method = 'GET' ORDER BY id`,
      [imp.id],
    );
    expect(rows).toEqual([
      { action: 'customer.get', outcome: 'error', status: 404, actor_kind: 'operator', business_id: acme.id, target_id: B.customerId },
      { action: 'booking.get', outcome: 'error', status: 404, actor_kind: 'operator', business_id: acme.id, target_id: UUID_ZERO },
      { action: 'booking.list', outcome: 'error', status: 400, actor_kind: 'operator', business_id: acme.id, target_id: null },
      { action: 'customer.get', outcome: 'error', status: 404, actor_kind: 'operator', business_id: acme.id, target_id: 'probe' },
    ]);
    // the owner's access log (visits and changes) is not cluttered by them
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const log = await owner.get(`/api/businesses/${acme.id}/access-log`).expect(200);
    expect(log.body.items.find((i: { impersonationId: string }) => i.impersonationId === imp.id).changes).toEqual([]);
  });

  it('concurrent requests of different people never see each other’s principal', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: bright.id }).expect(201);
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const staff = await bearer(t, DEMO_LOGINS.brightStaff);
    const calls = Array.from({ length: 30 }, (_, i) => [op, owner, staff][i % 3]!);
    const results = await Promise.all(calls.map((c) => c.get('/api/auth/me')));
    results.forEach((r, i) => {
      const expected = [DEMO_LOGINS.operator.email, DEMO_LOGINS.acmeOwner.email, DEMO_LOGINS.brightStaff.email][i % 3];
      expect(r.body.user.email).toBe(expected);
      expect(Boolean(r.body.impersonation)).toBe(i % 3 === 0);
    });
  });

  it("one business's access log never shows another business's visits or changes", async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const reason = unique('bright-visit');
    const imp = (await op.post('/api/impersonation', { businessId: bright.id, reason }).expect(201)).body.impersonation;
    await op.post(`/api/businesses/${bright.id}/customers`, { name: 'Bright Visit' }).expect(201);
    // and a denied probe into acme during that visit
    await op.get(`/api/businesses/${acme.id}/customers`).expect(403);
    await op.delete('/api/impersonation').expect(200);
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    let cursor: string | null = null;
    const items: { impersonationId: string; reason: string | null; changes: { business: { id: string } | null }[] }[] = [];
    do {
      const page: { body: { items: typeof items; nextCursor: string | null } } = await owner
        .get(`/api/businesses/${acme.id}/access-log?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(items.find((i) => i.impersonationId === imp.id || i.reason === reason)).toBeUndefined();
    for (const i of items) for (const c of i.changes) expect(c.business?.id).toBe(acme.id);
    // and bright's owner does see it
    const brightOwner = await bearer(t, DEMO_LOGINS.brightOwner);
    const log = await brightOwner.get(`/api/businesses/${bright.id}/access-log`).expect(200);
    expect(log.body.items.find((i: { impersonationId: string }) => i.impersonationId === imp.id)).toBeTruthy();
  });

  it('audit rows cannot be changed or removed through the database triggers', async () => {
    // As the owner role (the app's own role, when separate, may not even try: audit-roles.spec.ts).
    await expect(t.owner.query(`UPDATE audit_events SET action = 'x' WHERE id = (SELECT min(id) FROM audit_events)`)).rejects.toThrow(/append-only/);
    await expect(t.owner.query(`DELETE FROM audit_events WHERE id = (SELECT min(id) FROM audit_events)`)).rejects.toThrow(/append-only/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('errors leak nothing and tampering is a 400, never a 500', () => {
  const noLeak = (body: unknown) => {
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/\bat [A-Za-z.<>]+ \(|node_modules|QueryFailedError|SELECT |INSERT |syntax error|stack/i);
  };

  it('malformed JSON, wrong content types and bad ids give problem+json without internals', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const auth = { authorization: `Bearer ${owner.token}` };
    const bad = await t.http().post(`/api/businesses/${acme.id}/customers`).set(auth).set('content-type', 'application/json').send('{"name":');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    noLeak(bad.body);
    const weird = await t.http().post(`/api/businesses/${acme.id}/customers`).set(auth).set('content-type', 'application/xml').send('<a/>');
    expect(weird.status).toBe(415);
    noLeak(weird.body);
    const nul = await owner.post(`/api/businesses/${acme.id}/customers`, { name: 'Nul\u0000byte' });
    expect(nul.status).toBeLessThan(500);
    noLeak(nul.body);
    const nulNotes = await owner.post(`/api/businesses/${acme.id}/customers`, { name: 'Nul', notes: 'a\u0000b' });
    expect(nulNotes.status).toBeLessThan(500);
    noLeak(nulNotes.body);
  });

  it.each([
    ['a far-future cursor date', () => enc(['+200000-01-01T00:00:00.000Z', UUID_ZERO])],
    ['a far-past cursor date', () => enc(['-100000-01-01T00:00:00.000Z', UUID_ZERO])],
    ['a loose date', () => enc(['1', UUID_ZERO])],
    ['a non-uuid id', () => enc(['2030-01-01T00:00:00.000Z', "x' OR '1'='1"])],
    ['an object', () => enc({ a: 1 })],
    ['extra values', () => enc(['2030-01-01T00:00:00.000Z', UUID_ZERO, 'x'])],
    ['invalid base64 json', () => 'eyJhIjo'],
  ])('a tampered bookings cursor (%s) is 400 invalid_cursor', async (_name, cursor) => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const res = await owner.get(`/api/businesses/${acme.id}/bookings?cursor=${cursor()}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_cursor');
    noLeak(res.body);
  });

  it('tampered cursors on the access log, customers, businesses, all bookings and audit are 400', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const op = await bearer(t, DEMO_LOGINS.operator);
    const cases: [typeof owner, string][] = [
      [owner, `/api/businesses/${acme.id}/access-log?cursor=${enc(['-100000-01-01T00:00:00.000Z', UUID_ZERO])}`],
      [owner, `/api/businesses/${acme.id}/access-log?cursor=${enc(['+200000-01-01T00:00:00.000Z', UUID_ZERO])}`],
      [owner, `/api/businesses/${acme.id}/customers?cursor=${enc([{ $gt: '' }, UUID_ZERO])}`],
      [owner, `/api/businesses/${acme.id}/customers?cursor=${enc(['x'.repeat(301), UUID_ZERO])}`],
      [op, `/api/businesses?cursor=${enc(['a', 'not-a-uuid'])}`],
      [op, `/api/bookings?cursor=${enc(['1', UUID_ZERO])}`],
      [op, `/api/bookings?cursor=${enc(['Tue 1', UUID_ZERO])}`],
      [op, `/api/bookings?cursor=${enc(['-100000-01-01T00:00:00.000Z', UUID_ZERO])}`],
      [op, `/api/audit?cursor=${enc(['9999999999999999999'])}`],
      [op, `/api/audit?cursor=${enc(['-1'])}`],
      [op, `/api/audit?cursor=${enc([1])}`],
    ];
    const wrong: string[] = [];
    for (const [client, path] of cases) {
      const res = await client.get(path);
      if (res.status !== 400) wrong.push(`${path} → ${res.status} ${res.body.code}`);
      noLeak(res.body);
    }
    expect(wrong).toEqual([]);
  });

  it('date filters that parse oddly are 400, never a 500', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const cases: [typeof owner, string][] = [
      [op, '/api/audit?from=2020-W01'],
      [op, '/api/audit?to=20200101'],
      [op, '/api/bookings?from=2020-W01'],
      [op, `/api/bookings?cursor=${enc(['2021-02-30T00:00:00.000000Z', UUID_ZERO])}`],
      [op, `/api/bookings?cursor=${enc(['2021-01-01T24:00:00.000000Z', UUID_ZERO])}`],
      [op, '/api/bookings?from=20200101'],
      [owner, `/api/businesses/${acme.id}/bookings?from=2020-02-30T00:00:00Z`],
      [owner, `/api/businesses/${acme.id}/calendar?from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z`],
    ];
    const wrong: string[] = [];
    for (const [client, path] of cases) {
      const res = await client.get(path);
      if (res.status !== 400) wrong.push(`${path} → ${res.status} ${res.body.code}`);
    }
    expect(wrong).toEqual([]);
  });

  it('huge or negative limits are refused; LIKE/regex metacharacters in q are literal and cheap', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const op = await bearer(t, DEMO_LOGINS.operator);
    for (const limit of ['100000', '-1', '0', '1e9', 'abc', '9'.repeat(400), '1.5']) {
      const res = await owner.get(`/api/businesses/${acme.id}/bookings?limit=${limit}`);
      expect(res.status, limit).toBe(400);
    }
    for (const q of ['%', '_', '\\', '.*', '(a+)+$', "'; SELECT pg_sleep(5); --", '%%%%%%%%'.repeat(25)]) {
      const started = Date.now();
      const res = await owner.get(`/api/businesses/${acme.id}/customers?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(Date.now() - started).toBeLessThan(3000);
      const all = await op.get(`/api/bookings?q=${encodeURIComponent(q)}`);
      expect(all.status, q).toBe(200);
    }
    const pct = await owner.get(`/api/businesses/${acme.id}/customers?q=${encodeURIComponent('%')}`).expect(200);
    for (const c of pct.body.items) expect(`${c.name} ${c.email} ${c.phone}`).toContain('%');
    const tooLong = await owner.get(`/api/businesses/${acme.id}/customers?q=${'a'.repeat(201)}`);
    expect(tooLong.status).toBe(400);
    const arrayQ = await owner.get(`/api/businesses/${acme.id}/customers?q=a&q=b`);
    expect(arrayQ.status).toBe(400);
  });

  it('availability PUT with a huge schedule is bounded', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const res = await owner.put(`/api/businesses/${acme.id}/settings/availability`, {
      weekly: [],
      closedDates: Array.from({ length: 5000 }, (_, i) => `2040-01-${String((i % 28) + 1).padStart(2, '0')}`),
    });
    expect(res.status).toBe(400);
  });
});

// ---------------------------------------------------------------------------------------------
describe('HTTP surface', () => {
  it('unknown /api paths (any method) are problem+json 404s, not the SPA', async () => {
    for (const [method, path] of [
      ['get', '/api/nope'],
      ['post', '/api/nope'],
      ['delete', '/api/businesses'],
      ['get', '/api/'],
      ['get', '/api'],
      ['get', '/api/auth/me/../../../etc/passwd'],
      ['get', '/api/%2e%2e/index.html'],
    ] as const) {
      const res = await t.http()[method](path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers['content-type'], `${method} ${path}`).toMatch(/application\/problem\+json/);
    }
  });

  it('authenticated API responses (success and error) are never cached', async () => {
    const s = await signIn(t, DEMO_LOGINS.acmeOwner);
    const responses = [
      await s.get('/api/auth/me'),
      await s.get(`/api/businesses/${acme.id}/customers`),
      await s.get(`/api/businesses/${acme.id}/customers/${A.customerId}`),
      await s.get(`/api/businesses/${bright.id}/customers`),
      await s.get(`/api/businesses/${acme.id}/customers/${B.customerId}`),
      await t.http().post('/api/auth/login').send(DEMO_LOGINS.acmeOwner),
      await t.http().post('/api/auth/token').send(DEMO_LOGINS.acmeOwner),
      await t.http().get('/api/auth/me'),
    ];
    for (const r of responses) expect(r.headers['cache-control'], (r as unknown as { req: { path: string } }).req.path).toMatch(/no-store/);
  });

  it('login does not reveal which accounts exist (same status, code and detail)', async () => {
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: `${unique('ghost')}@demo.test`, password: 'whatever' });
    const [{ id: realId }] = await t.db.query(
      `INSERT INTO users (email, name, kind, password_hash) SELECT $1, 'Enum Target', 'business', password_hash FROM users WHERE email = $2 RETURNING id`,
      [`${unique('enum')}@demo.test`, DEMO_LOGINS.brightStaff.email],
    );
    const [{ email: realEmail }] = await t.db.query(`SELECT email FROM users WHERE id = $1`, [realId]);
    const wrong = await t.http().post('/api/auth/login').send({ email: realEmail, password: 'whatever' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('a case-variant or padded e-mail cannot dodge the per-account throttle', async () => {
    const t2 = await startTestApp({ LOGIN_MAX_FAILURES_PER_PAIR: '3' });
    try {
      const [{ email }] = await t2.db.query(
        `INSERT INTO users (email, name, kind, password_hash) SELECT $1, 'Throttle Target', 'business', password_hash FROM users WHERE email = $2 RETURNING email`,
        [`${unique('thr')}@demo.test`, DEMO_LOGINS.brightStaff.email],
      );
      for (const variant of [email, email.toUpperCase(), email.replace('thr', 'THR')]) {
        await t2.http().post('/api/auth/login').send({ email: variant, password: 'nope' }).expect(401);
      }
      const res = await t2.http().post('/api/auth/login').send({ email: email.toUpperCase(), password: 'demo-staff' });
      expect(res.status).toBe(429);
    } finally {
      await t2.close();
    }
  });
});
