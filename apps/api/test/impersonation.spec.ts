import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOSTILE_RETURN_TO, VALID_RETURN_TO } from '../../../libs/contracts/src/return-to.fixtures.js';
import { bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, unique, type TestApp } from './harness.js';

let t: TestApp;
let acme: { id: string; slug: string; name: string };
let bright: { id: string; slug: string; name: string };
beforeAll(async () => {
  t = await startTestApp();
  acme = await businessBySlug(t, 'acme-hair');
  bright = await businessBySlug(t, 'bright-dental');
});
afterAll(() => t.close());
beforeEach(() => t.clock.reset());

const liveFor = async (sessionUser: string) => t.db.query(`SELECT i.* FROM impersonations i WHERE i.operator_id = $1 AND i.ended_at IS NULL`, [sessionUser]);
const auditRows = async (impersonationId: string) =>
  t.db.query(`SELECT action, outcome, actor_id, business_id, method, status, changes FROM audit_events WHERE impersonation_id = $1 ORDER BY id`, [
    impersonationId,
  ]);

describe('starting', () => {
  it('lets an operator enter a business as owner by default and lands on its dashboard', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    const res = await op.post('/api/impersonation', { businessId: acme.id, reason: 'Ticket #42' }).expect(201);
    expect(res.body.redirectTo).toBe('/b/acme-hair/dashboard');
    expect(res.body.impersonation).toMatchObject({
      business: { id: acme.id, slug: 'acme-hair', name: 'Acme Hair' },
      role: 'owner',
      readOnly: false,
      reason: 'Ticket #42',
    });
    const me = (await op.get('/api/auth/me').expect(200)).body;
    expect(me.user).toMatchObject({ email: 'operator@demo.test', kind: 'operator' }); // the real identity stays
    expect(me.impersonation.id).toBe(res.body.impersonation.id);
    const rows = await auditRows(res.body.impersonation.id);
    expect(rows[0]).toMatchObject({ action: 'impersonation.start', outcome: 'success', actor_id: op.userId, business_id: acme.id });
  });

  it('follows a valid returnTo and lands there', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const res = await op
      .post('/api/impersonation', { businessId: acme.id, returnTo: '/b/acme-hair/customers/3f2b9c1e-1d2a-4c7b-9e1f-0a1b2c3d4e5f' })
      .expect(201);
    expect(res.body.redirectTo).toBe('/b/acme-hair/customers/3f2b9c1e-1d2a-4c7b-9e1f-0a1b2c3d4e5f');
  });

  it('refuses every hostile returnTo with 400 invalid_return_to and starts nothing', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const me = (await op.get('/api/auth/me')).body;
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM impersonations WHERE operator_id = $1`, [me.user.id]);
    const accepted: string[] = [];
    for (const { value } of HOSTILE_RETURN_TO) {
      const res = await op.post('/api/impersonation', { businessId: acme.id, returnTo: value });
      if (res.status !== 400 || !['invalid_return_to', 'validation_failed'].includes(res.body.code))
        accepted.push(`${JSON.stringify(value).slice(0, 80)} → ${res.status}`);
    }
    expect(accepted).toEqual([]);
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM impersonations WHERE operator_id = $1`, [me.user.id]);
    expect(after).toBe(before);
    expect((await op.get('/api/auth/me')).body.impersonation).toBeNull();
  });

  it('accepts every valid deep link', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    for (const value of VALID_RETURN_TO) {
      const res = await op.post('/api/impersonation', { businessId: acme.id, returnTo: value });
      expect(res.status, value).toBe(201);
      expect(res.body.redirectTo).toBe(value);
    }
  });

  it("refuses another business's prefix", async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const res = await op.post('/api/impersonation', { businessId: bright.id, returnTo: '/b/acme-hair/dashboard' }).expect(400);
    expect(res.body.code).toBe('invalid_return_to');
  });

  it('refuses business users with 403 and records the denied attempt', async () => {
    const owner = await signIn(t, DEMO_LOGINS.acmeOwner);
    const res = await owner.post('/api/impersonation', { businessId: bright.id }).expect(403);
    expect(res.body.code).toBe('operator_only');
    const [row] = await t.db.query(
      `SELECT action, outcome, actor_id, status FROM audit_events WHERE actor_id = $1 AND action = 'impersonation.start' ORDER BY id DESC LIMIT 1`,
      [owner.userId],
    );
    expect(row).toMatchObject({ action: 'impersonation.start', outcome: 'denied', status: 403 });
  });

  it('switches: starting another ends the first as switched', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const first = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation.id;
    const second = (await op.post('/api/impersonation', { businessId: bright.id, role: 'staff' }).expect(201)).body.impersonation.id;
    const [row] = await t.db.query(`SELECT end_reason, ended_at FROM impersonations WHERE id = $1`, [first]);
    expect(row.end_reason).toBe('switched');
    expect((await op.get('/api/auth/me')).body.impersonation).toMatchObject({ id: second, role: 'staff', business: { slug: 'bright-dental' } });
  });

  it('can enter a suspended business (troubleshooting)', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    await t.db.query(`UPDATE businesses SET status = 'suspended' WHERE id = $1`, [bright.id]);
    try {
      await op.post('/api/impersonation', { businessId: bright.id }).expect(201);
      await op.get(`/api/businesses/${bright.id}/access-log`).expect(200);
    } finally {
      await t.db.query(`UPDATE businesses SET status = 'active' WHERE id = $1`, [bright.id]);
    }
  });

  it('refuses an unknown business with 404', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const res = await op.post('/api/impersonation', { businessId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    expect(res.body.code).toBe('not_found');
  });
});

describe('while impersonating', () => {
  it('acts with the role in that one business only', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id, role: 'staff' }).expect(201);
    expect((await op.get(`/api/businesses/${acme.id}/access-log`)).body.code).toBe('owner_required');
    expect((await op.get(`/api/businesses/${bright.id}/access-log`)).body.code).toBe('forbidden');
    expect((await op.get('/api/audit')).body.code).toBe('impersonation_active');
  });

  it('records every read under the operator with the impersonation id', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    await op.get(`/api/businesses/${acme.id}/access-log`).expect(200);
    await op.get('/api/auth/me').expect(200); // session polling: not a business read
    const rows = await auditRows(imp.id);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['impersonation.start', 'audit.accessLog']);
    expect(rows[1]).toMatchObject({ outcome: 'success', method: 'GET', business_id: acme.id });
    const [{ actor_id }] = await t.db.query(`SELECT actor_id FROM audit_events WHERE impersonation_id = $1 AND action = 'audit.accessLog'`, [imp.id]);
    const [{ id: operatorId }] = await t.db.query(`SELECT id FROM users WHERE email = 'operator@demo.test'`);
    expect(actor_id).toBe(operatorId);
  });

  it('records each write once under the operator, and a failed write as an error row under the operator (nothing else changes)', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    const N = 3;
    const emails: string[] = [];
    for (let i = 0; i < N; i++) {
      const email = `${unique('imp')}@example.test`;
      emails.push(email);
      await op.post(`/api/businesses/${acme.id}/customers`, { name: `Impersonated ${i}`, email }).expect(201);
    }
    // The same e-mail again fails with 409: no customer, and one error row (the refusal discloses the e-mail is known).
    const dup = await op.post(`/api/businesses/${acme.id}/customers`, { name: 'Dup', email: emails[0] });
    expect(dup.status).toBe(409);
    const writes = (await auditRows(imp.id)).filter((r: { method: string; action: string }) => r.method === 'POST' && r.action !== 'impersonation.start');
    expect(writes).toHaveLength(N + 1);
    for (const w of writes.slice(0, N)) expect(w).toMatchObject({ action: 'customer.create', outcome: 'success', actor_id: op.userId, business_id: acme.id });
    expect(writes[N]).toMatchObject({ action: 'customer.create', outcome: 'error', status: 409, actor_id: op.userId, business_id: acme.id, changes: null });
    const rows = await t.db.query(`SELECT created_by, created_in_impersonation FROM customers WHERE email = ANY($1)`, [emails]);
    expect(rows).toHaveLength(N);
    for (const r of rows) expect(r).toEqual({ created_by: op.userId, created_in_impersonation: imp.id });
  });

  it('refuses writes in a read-only impersonation', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id, readOnly: true }).expect(201);
    const res = await op.post(`/api/businesses/${acme.id}/customers`, { name: 'Nope' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('read_only_impersonation');
    await op.get(`/api/businesses/${acme.id}/access-log`).expect(200);
  });
});

describe('exit and sign-out', () => {
  it('exit restores the operator and answers the business list; a second exit is 409', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    expect((await op.delete('/api/impersonation').expect(200)).body).toEqual({ redirectTo: '/operator/businesses' });
    expect((await op.get('/api/auth/me').expect(200)).body.impersonation).toBeNull();
    expect((await op.get(`/api/businesses/${acme.id}/access-log`)).body.code).toBe('impersonation_required');
    await op.get('/api/audit').expect(200);
    const res = await op.delete('/api/impersonation').expect(409);
    expect(res.body.code).toBe('not_impersonating');
    const [row] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [imp.id]);
    expect(row.end_reason).toBe('exit');
    const ends = (await auditRows(imp.id)).filter((r: { action: string }) => r.action === 'impersonation.end');
    expect(ends).toHaveLength(1);
  });

  it('sign-out while impersonating ends only the impersonation; the operator stays signed in', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    const res = await op.post('/api/auth/logout').expect(200);
    expect(res.body).toEqual({ signedOut: false, redirectTo: '/operator/businesses' });
    expect((await op.get('/api/auth/me').expect(200)).body).toMatchObject({ user: { kind: 'operator' }, impersonation: null });
    const [row] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [imp.id]);
    expect(row.end_reason).toBe('sign_out');
    // A second sign-out now really signs out.
    expect((await op.post('/api/auth/logout').expect(200)).body.signedOut).toBe(true);
    await op.get('/api/auth/me').expect(401);
  });
});

describe('CSRF and stale state', () => {
  it('start, exit and logout need the CSRF header', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    const cookie = `sid=${op.cookies.sid}; XSRF-TOKEN=${op.xsrf()}`;
    expect((await t.http().post('/api/impersonation').set('cookie', cookie).send({ businessId: acme.id })).body.code).toBe('csrf_invalid');
    await op.post('/api/impersonation', { businessId: acme.id }).expect(201);
    const cookie2 = `sid=${op.cookies.sid}; XSRF-TOKEN=${op.xsrf()}`;
    expect((await t.http().delete('/api/impersonation').set('cookie', cookie2)).body.code).toBe('csrf_invalid');
    expect((await t.http().post('/api/auth/logout').set('cookie', cookie2)).body.code).toBe('csrf_invalid');
    expect((await t.http().post(`/api/businesses/${acme.id}/customers`).set('cookie', cookie2).send({ name: 'x' })).body.code).toBe('csrf_invalid');
    expect((await op.get('/api/auth/me')).body.impersonation).not.toBeNull();
  });

  it('a CSRF token minted before the impersonation started cannot write inside it', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    const before = op.xsrf();
    await op.post('/api/impersonation', { businessId: acme.id }).expect(201);
    expect(op.xsrf()).not.toBe(before); // rotated on start
    const res = await t
      .http()
      .post(`/api/businesses/${acme.id}/customers`)
      .set('cookie', `sid=${op.cookies.sid}; XSRF-TOKEN=${before}`)
      .set('x-xsrf-token', before)
      .send({ name: 'Stale token' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_invalid');
  });

  it("an ended impersonation's token cannot write in the operator's own session either", async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id }).expect(201);
    const during = op.xsrf();
    await op.delete('/api/impersonation').expect(200);
    const res = await t
      .http()
      .post('/api/impersonation')
      .set('cookie', `sid=${op.cookies.sid}; XSRF-TOKEN=${during}`)
      .set('x-xsrf-token', during)
      .send({ businessId: bright.id });
    expect(res.body.code).toBe('csrf_invalid');
  });

  it('a business user cannot forge a start even with a valid CSRF token', async () => {
    const staff = await signIn(t, DEMO_LOGINS.acmeStaff);
    expect((await staff.post('/api/impersonation', { businessId: acme.id }).expect(403)).body.code).toBe('operator_only');
    expect((await staff.get('/api/auth/me')).body.impersonation).toBeNull();
  });
});

describe('time limits (controllable clock)', () => {
  it('absolute: a request after expiry is refused with impersonation_expired and the row ends as expired', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    // Stay active (inside the idle limit) until the absolute limit passes.
    for (let minutes = 10; minutes < t.config.impersonationTtlMinutes; minutes += 10) {
      t.clock.advance(10 * 60_000);
      await op.get(`/api/businesses/${acme.id}/access-log`).expect(200);
    }
    t.clock.advance(10 * 60_000);
    const res = await op.get(`/api/businesses/${acme.id}/access-log`).expect(403);
    expect(res.body.code).toBe('impersonation_expired');
    const [row] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [imp.id]);
    expect(row.end_reason).toBe('expired');
    // No silent fallback: the next request is the operator's own, not the business's.
    expect((await op.get('/api/auth/me').expect(200)).body.impersonation).toBeNull();
    expect((await op.get(`/api/businesses/${acme.id}/access-log`)).body.code).toBe('impersonation_required');
    const actions = (await auditRows(imp.id)).map((r: { action: string }) => r.action);
    expect(actions).toContain('impersonation.expire');
  });

  it('idle: no activity for the idle limit ends it, and session polling does not count as activity', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    for (let i = 0; i < 3; i++) {
      t.clock.advance(4 * 60_000);
      await op.get('/api/auth/me').expect(200);
    }
    t.clock.advance(4 * 60_000);
    const res = await op.get(`/api/businesses/${acme.id}/access-log`).expect(403);
    expect(res.body.code).toBe('impersonation_expired');
    const [row] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [imp.id]);
    expect(row.end_reason).toBe('expired');
  });

  it('activity keeps it alive within the absolute limit', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id }).expect(201);
    for (let i = 0; i < 4; i++) {
      t.clock.advance(12 * 60_000);
      await op.get(`/api/businesses/${acme.id}/access-log`).expect(200);
    }
  });
});

describe('staying in: extend, and saying why it ended', () => {
  it('extend restarts the idle limit (audited) and never moves the absolute one', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    const started = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    t.clock.advance(12 * 60_000); // only polling: 12 of the 15 idle minutes gone
    await op.get('/api/auth/me').expect(200);
    const res = await op.post('/api/impersonation/extend').expect(200);
    const extended = res.body.impersonation;
    expect(extended.id).toBe(started.id);
    expect(extended.expiresAt).toBe(started.expiresAt);
    // (The test clock is real time plus an offset: allow the seconds the requests took.)
    const restarted = Date.parse(extended.idleExpiresAt) - t.clock.now().getTime();
    expect(Math.abs(restarted - t.config.impersonationIdleMinutes * 60_000)).toBeLessThan(5_000);
    // 12 more idle minutes: 24 since the last page, but 12 since extending, so still live.
    t.clock.advance(12 * 60_000);
    await op.get(`/api/businesses/${acme.id}/access-log`).expect(200);
    const rows = await auditRows(started.id);
    const extend = rows.find((r: { action: string }) => r.action === 'impersonation.extend');
    expect(extend).toBeTruthy();
    const [operator] = await t.db.query(`SELECT id FROM users WHERE email = $1`, [DEMO_LOGINS.operator.email]);
    expect(extend.actor_id).toBe(operator.id);
    // The absolute limit still ends it, extend or not.
    t.clock.advance((t.config.impersonationTtlMinutes - 24) * 60_000);
    const late = await op.post('/api/impersonation/extend').expect(403);
    expect(late.body).toMatchObject({ code: 'impersonation_expired', limit: 'absolute', business: { name: acme.name, slug: acme.slug } });
    expect((await op.post('/api/impersonation/extend').expect(409)).body.code).toBe('not_impersonating');
  });

  it('an operator who is not impersonating has nothing to extend; a business user may not call it', async () => {
    const op = await bearer(t, DEMO_LOGINS.operator);
    expect((await op.post('/api/impersonation/extend').expect(409)).body.code).toBe('not_impersonating');
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    expect((await owner.post('/api/impersonation/extend').expect(403)).body.code).toBe('operator_only');
  });

  it('the expiry names the business and the limit, even for a write that still carries the ended impersonation’s CSRF token', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    await op.post('/api/impersonation', { businessId: acme.id }).expect(201);
    const during = op.xsrf();
    t.clock.advance((t.config.impersonationIdleMinutes + 1) * 60_000);
    // Another tab's request meets the expiry first and ends it...
    const first = await op.get(`/api/businesses/${acme.id}/customers`).expect(403);
    expect(first.body).toMatchObject({ code: 'impersonation_expired', limit: 'idle', business: { name: acme.name } });
    expect(first.body.detail).toMatch(/Acme Hair was idle for 15 minutes/);
    // ...then this tab saves its form with the token it was given inside the impersonation.
    const res = await t
      .http()
      .post(`/api/businesses/${acme.id}/customers`)
      .set('cookie', `sid=${op.cookies.sid}; XSRF-TOKEN=${during}`)
      .set('x-xsrf-token', during)
      .send({ name: 'Typed before expiry' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'impersonation_expired', limit: 'idle', business: { slug: acme.slug } });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM customers WHERE name = 'Typed before expiry'`);
    expect(n).toBe(0);
  });
});

describe('account changes', () => {
  it("a disabled operator's session and impersonation end at the next request", async () => {
    const [{ id }] = await t.db.query(
      `INSERT INTO users (email, name, kind, password_hash) SELECT $1, 'Temp Operator', 'operator', password_hash FROM users WHERE email = 'operator@demo.test' RETURNING id`,
      [`${unique('op')}@demo.test`],
    );
    const [{ email }] = await t.db.query(`SELECT email FROM users WHERE id = $1`, [id]);
    const op = await bearer(t, { email, password: 'demo-operator' });
    const imp = (await op.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [id]);
    const res = await op.get(`/api/businesses/${acme.id}/access-log`).expect(401);
    expect(res.body.code).toBe('session_revoked');
    const [row] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [imp.id]);
    expect(row.end_reason).toBe('revoked');
    expect(await liveFor(id)).toEqual([]);
  });
});
