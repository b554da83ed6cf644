import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../src/audit/chain-verifier.js';
import { bearer, businessBySlug, DEMO_LOGINS, sessionOn, signIn, startTestApp, unique, type TestApp } from './harness.js';

/**
 * Two app instances on one database, as two replicas behind a load balancer: nothing a request
 * depends on may live in one instance's memory. On the PostgreSQL server (CI) they share it through
 * their own pools; embedded, two Nest apps share the process's one PGlite database.
 */
let a: TestApp;
let b: TestApp;
const PER_PAIR = 5;
const PUBLIC_PER_IP = 6;
const PUBLIC_PER_BUSINESS = 10;
const PUBLIC_WINDOW = 86_400;

beforeAll(async () => {
  const env = {
    TRUST_PROXY: 'loopback',
    LOGIN_MAX_FAILURES_PER_PAIR: String(PER_PAIR),
    // Public rate limits of this file's own, in a window length no other test file uses (a day, so a
    // run never straddles two windows); its counters are cleared first, as on a fresh database.
    PUBLIC_RATE_LIMIT_PER_IP: String(PUBLIC_PER_IP),
    PUBLIC_RATE_LIMIT_PER_BUSINESS: String(PUBLIC_PER_BUSINESS),
    PUBLIC_RATE_LIMIT_WINDOW_SECONDS: String(PUBLIC_WINDOW),
  };
  a = await startTestApp(env);
  b = await startTestApp(env);
  await a.db.query(`DELETE FROM public_rate_limits WHERE window_seconds = $1`, [PUBLIC_WINDOW]);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

describe('two replicas on one database', () => {
  it('a token or a session cookie from one works on the other', async () => {
    const api = await bearer(a, DEMO_LOGINS.acmeOwner);
    const me = await b.http().get('/api/auth/me').set('authorization', `Bearer ${api.token}`).expect(200);
    expect(me.body.user.email).toBe(DEMO_LOGINS.acmeOwner.email);

    const onA = await signIn(a, DEMO_LOGINS.acmeStaff);
    const onB = sessionOn(b, onA.cookies, onA.userId);
    expect((await onB.get('/api/auth/me').expect(200)).body.user.email).toBe(DEMO_LOGINS.acmeStaff.email);
  });

  it('impersonation started, switched and exited on one is what the other sees on its very next request', async () => {
    const acme = await businessBySlug(a, 'acme-hair');
    const bright = await businessBySlug(a, 'bright-dental');
    const onA = await signIn(a, DEMO_LOGINS.operator);
    const onB = sessionOn(b, onA.cookies, onA.userId);

    await onA.post('/api/impersonation', { businessId: acme.id, reason: 'replica test' }).expect(201);
    expect((await onB.get('/api/auth/me').expect(200)).body.impersonation.business.slug).toBe('acme-hair');
    // The impersonated business's data on the other replica, as the impersonated owner.
    await onB.get(`/api/businesses/${acme.id}/customers?limit=1`).expect(200);

    // Switch on B (its CSRF token was minted by A): A's next request is in the new business.
    await onB.post('/api/impersonation', { businessId: bright.id, role: 'staff' }).expect(201);
    const seenByA = (await onA.get('/api/auth/me').expect(200)).body.impersonation;
    expect(seenByA).toMatchObject({ business: { slug: 'bright-dental' }, role: 'staff' });
    expect((await onA.get(`/api/businesses/${acme.id}/customers?limit=1`)).status).toBe(403);

    // Exit on A: B's next request is the operator's own view again.
    await onA.delete('/api/impersonation').expect(200);
    expect((await onB.get('/api/auth/me').expect(200)).body.impersonation).toBeNull();
    expect((await onB.delete('/api/impersonation')).status).toBe(409);
  });

  it('a CSRF token from one is accepted by the other, and a wrong one is refused by both', async () => {
    const acme = await businessBySlug(a, 'acme-hair');
    const onA = await signIn(a, DEMO_LOGINS.acmeOwner);
    const onB = sessionOn(b, onA.cookies, onA.userId);
    await onB.post(`/api/businesses/${acme.id}/customers`, { name: unique('Replica Customer') }).expect(201);
    for (const t of [a, b]) {
      const res = await t
        .http()
        .post(`/api/businesses/${acme.id}/customers`)
        .set(
          'cookie',
          Object.entries(onA.cookies)
            .map(([k, v]) => `${k}=${v}`)
            .join('; '),
        )
        .set('x-xsrf-token', 'forged-token')
        .send({ name: 'Forged' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('csrf_invalid');
    }
  });

  it('sign-out on one ends the session on the other', async () => {
    const onA = await signIn(a, DEMO_LOGINS.brightStaff);
    const jar = { ...onA.cookies };
    const onB = sessionOn(b, onA.cookies, onA.userId);
    await onB.post('/api/auth/logout').expect(200);
    const stale = sessionOn(a, jar, onA.userId);
    expect((await stale.get('/api/auth/me')).status).toBe(401);
  });

  it('the sign-in limit counts failures from both replicas together', async () => {
    const email = `${unique('replica')}@demo.test`;
    await a.db.query(
      `INSERT INTO users (email, name, kind, password_hash) SELECT $1, 'Replica Target', 'business', password_hash FROM users WHERE email = $2`,
      [email, DEMO_LOGINS.acmeStaff.email],
    );
    const h = createHash('sha256').update(email).digest();
    const from = `198.18.${h[0]}.${(h[1]! % 254) + 1}`;
    const statuses: number[] = [];
    for (let i = 0; i < PER_PAIR + 2; i++) {
      const t = i % 2 ? b : a;
      statuses.push((await t.http().post('/api/auth/token').set('x-forwarded-for', from).send({ email, password: 'wrong-password' })).status);
    }
    expect(statuses.slice(0, PER_PAIR)).toEqual(Array(PER_PAIR).fill(401));
    expect(statuses.slice(PER_PAIR)).toEqual([429, 429]);
    // Even the right password is refused now, on either replica.
    expect((await b.http().post('/api/auth/token').set('x-forwarded-for', from).send({ email, password: 'demo-staff' })).status).toBe(429);
  });

  it('audited writes racing on both replicas leave one intact hash chain per business', async () => {
    const acme = await businessBySlug(a, 'acme-hair');
    const owners = [await bearer(a, DEMO_LOGINS.acmeOwner), await bearer(b, DEMO_LOGINS.acmeOwner)];
    const [{ before }] = await a.db.query(`SELECT count(*)::int AS before FROM audit_events WHERE business_id = $1 AND action = 'customer.create'`, [acme.id]);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => owners[i % 2]!.post(`/api/businesses/${acme.id}/customers`, { name: unique(`Chain ${i}`) })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const [{ after }] = await a.db.query(`SELECT count(*)::int AS after FROM audit_events WHERE business_id = $1 AND action = 'customer.create'`, [acme.id]);
    expect(after - before).toBe(20);
    const report = await verifyAuditChains(a.db);
    expect(report.breaks).toEqual([]);
  });

  it("the public rate limits count both replicas' traffic together: an address and a business get their budget once", async () => {
    const address = (n: number) => `198.19.${(process.pid + n) % 250}.${((Date.now() + n) % 250) + 1}`;
    const from = address(0);
    const statuses: number[] = [];
    for (let i = 0; i < PUBLIC_PER_IP + 2; i++) {
      const t = i % 2 ? b : a;
      statuses.push((await t.http().get('/api/public/businesses/acme-hair').set('x-forwarded-for', from)).status);
    }
    expect(statuses).toEqual([...Array(PUBLIC_PER_IP).fill(200), 429, 429]);
    const refused = await b.http().get('/api/public/businesses/acme-hair').set('x-forwarded-for', from);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is still served, on either replica.
    expect((await a.http().get('/api/public/businesses/acme-hair').set('x-forwarded-for', address(1))).status).toBe(200);

    // One business, many addresses, half on each replica: its budget is spent once.
    const perBusiness: number[] = [];
    for (let i = 0; i < PUBLIC_PER_BUSINESS + 2; i++) {
      const t = i % 2 ? b : a;
      perBusiness.push(
        (
          await t
            .http()
            .get('/api/public/businesses/bright-dental')
            .set('x-forwarded-for', address(10 + i))
        ).status,
      );
    }
    expect(perBusiness).toEqual([...Array(PUBLIC_PER_BUSINESS).fill(200), 429, 429]);
    const [{ hits }] = await a.db.query(`SELECT hits FROM public_rate_limits WHERE key = 'business:bright-dental' AND window_seconds = $1`, [PUBLIC_WINDOW]);
    expect(hits).toBe(PUBLIC_PER_BUSINESS + 2);
  });
});
