import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, startTestApp, unique, type TestApp } from './harness.js';

/**
 * The sign-in throttle attacked: bursts, lockout of the owner, password spraying. The test client
 * reaches the app over loopback, which this app trusts as its proxy (TRUST_PROXY=loopback), so each
 * request can come "from" its own address through X-Forwarded-For.
 */
let t: TestApp;
const PER_PAIR = 5;
const PER_ACCOUNT = 10;
const PER_ADDRESS = 8;
beforeAll(async () => {
  t = await startTestApp({
    TRUST_PROXY: 'loopback',
    LOGIN_MAX_FAILURES_PER_PAIR: String(PER_PAIR),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_ACCOUNT),
    LOGIN_MAX_FAILURES_PER_IP: String(PER_ADDRESS),
  });
});
afterAll(() => t.close());

/** A documentation-range address (198.18.0.0/15) derived from a unique label, so runs never share one. */
function address(label: string): string {
  const h = createHash('sha256').update(label).digest();
  return `198.${18 + (h[0]! & 1)}.${h[1]}.${(h[2]! % 254) + 1}`;
}

/** A fresh account whose password is `demo-staff`. */
async function account(): Promise<{ email: string; password: string }> {
  const email = `${unique('thr')}@demo.test`;
  await t.db.query(`INSERT INTO users (email, name, kind, password_hash) SELECT $1, 'Throttle Target', 'business', password_hash FROM users WHERE email = $2`, [
    email,
    DEMO_LOGINS.acmeStaff.email,
  ]);
  return { email, password: 'demo-staff' };
}

type Route = '/api/auth/login' | '/api/auth/token';
const attempt = (route: Route, from: string, body: { email: string; password: string }) => t.http().post(route).set('x-forwarded-for', from).send(body);

async function evaluatedFailures(email: string): Promise<number> {
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.login' AND status = 401 AND target_id = $1`, [email]);
  return n;
}

describe.each<Route>(['/api/auth/login', '/api/auth/token'])('%s under attack', (route) => {
  it('a burst of 60 concurrent wrong passwords evaluates at most the limit', async () => {
    const victim = await account();
    const from = address(unique('burst'));
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(route, from, { email: victim.email, password: `wrong-${i}` })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(PER_PAIR);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - PER_PAIR);
    expect(await evaluatedFailures(victim.email)).toBe(PER_PAIR);
    const refused = responses.find((r) => r.status === 429)!;
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it("an attacker's failures from one address do not stop the owner signing in from another", async () => {
    const victim = await account();
    const attacker = address(unique('attacker'));
    const owner = address(unique('owner'));
    await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(route, attacker, { email: victim.email, password: `guess-${i}` })));
    // The attacker's own pair is refused, even with the right password …
    expect((await attempt(route, attacker, victim)).status).toBe(429);
    // … and the owner, elsewhere, is not even slowed.
    const res = await attempt(route, owner, victim);
    expect(res.status).toBe(200);
    // Their next sign-in still works: nothing the attacker did counts against the owner's address.
    expect((await attempt(route, owner, victim)).status).toBe(200);
  });

  it('refused Origins, malformed bodies and 429s are not counted as failures', async () => {
    const victim = await account();
    const from = address(unique('noise'));
    for (let i = 0; i < PER_PAIR * 2; i++) {
      const foreign = await t
        .http()
        .post('/api/auth/login')
        .set('x-forwarded-for', from)
        .set('origin', 'https://evil.test')
        .send({ email: victim.email, password: `x-${i}` });
      expect(foreign.status).toBe(403);
      const malformed = await attempt(route, from, { email: victim.email, password: '' });
      expect(malformed.status).toBe(400);
    }
    // Lock the pair, then keep knocking: the 429s must not extend anything.
    for (let i = 0; i < PER_PAIR; i++) expect((await attempt(route, from, { email: victim.email, password: `w-${i}` })).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await attempt(route, from, { email: victim.email, password: `w-${i}` })).status).toBe(429);
    expect(await evaluatedFailures(victim.email)).toBe(PER_PAIR);
    t.clock.advance(t.config.loginWindowMinutes * 60_000 + 1000);
    try {
      expect((await attempt(route, from, victim)).status).toBe(200);
    } finally {
      t.clock.reset();
    }
  });
});

describe('account and address slow-down', () => {
  it('failures from many addresses slow the account progressively but never lock the owner out', async () => {
    const victim = await account();
    const run = unique('dist');
    let n = 0;
    const fresh = () => address(`${run}-${n++}`);
    for (let i = 0; i < PER_ACCOUNT; i++) expect((await attempt('/api/auth/login', fresh(), { email: victim.email, password: `d-${i}` })).status).toBe(401);
    // Past the threshold each failure doubles the wait: 1 s, 2 s, 4 s, 8 s, then 16 s.
    for (const wait of [1, 2, 4, 8]) {
      t.clock.advance(wait * 1000 + 500);
      expect((await attempt('/api/auth/login', fresh(), { email: victim.email, password: `d-${wait}` })).status).toBe(401);
    }
    const slowed = await attempt('/api/auth/login', fresh(), victim);
    expect(slowed.status).toBe(429);
    const retryAfter = Number(slowed.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(1);
    expect(retryAfter).toBeLessThanOrEqual(16);
    // A burst of 50 from 50 addresses once the wait is over: one attempt at a time is evaluated.
    t.clock.advance(17_000);
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt('/api/auth/token', fresh(), { email: victim.email, password: `b-${i}` })));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(1);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(49);
    // The wait is capped, so the owner gets in after at most LOGIN_MAX_DELAY_SECONDS.
    t.clock.advance(t.config.loginMaxDelaySeconds * 1000 + 500);
    expect((await attempt('/api/auth/login', fresh(), victim)).status).toBe(200);
    t.clock.reset();
  });

  it('password spraying from one address is slowed, and the people behind it still get in', async () => {
    const spray = address(unique('spray'));
    for (let i = 0; i < PER_ADDRESS; i++)
      expect((await attempt('/api/auth/login', spray, { email: `${unique('nobody')}@demo.test`, password: 'Winter2026!' })).status).toBe(401);
    for (const wait of [1, 2, 4]) {
      t.clock.advance(wait * 1000 + 500);
      expect((await attempt('/api/auth/login', spray, { email: `${unique('nobody')}@demo.test`, password: 'Winter2026!' })).status).toBe(401);
    }
    const burst = await Promise.all(
      Array.from({ length: 50 }, () => attempt('/api/auth/login', spray, { email: `${unique('nobody')}@demo.test`, password: 'Spring2026!' })),
    );
    expect(burst.every((r) => r.status === 429)).toBe(true);
    const colleague = await account();
    const wait = Number((await attempt('/api/auth/login', spray, colleague)).headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(t.config.loginMaxDelaySeconds);
    t.clock.advance(wait * 1000 + 500);
    expect((await attempt('/api/auth/login', spray, colleague)).status).toBe(200);
    t.clock.reset();
  });
});
