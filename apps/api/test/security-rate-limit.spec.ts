import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, signIn, startTestApp, type TestApp } from './harness.js';

/**
 * Issue 7 item 19: a global request ceiling per client, on top of the sign-in throttle, and request
 * logs that never carry search terms. The ceiling is lifted in the rest of the suite (harness,
 * Playwright); here it is low. The test client is the trusted proxy (loopback), so each burst comes
 * from an address of its own through X-Forwarded-For.
 */
const CEILING = 20;
let t: TestApp;
const log: { lines: string[] } = { lines: [] };
const logged = log;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      log.lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  t = await startTestApp(
    { TRUST_PROXY: 'loopback', RATE_LIMIT_MAX: String(CEILING), RATE_LIMIT_WINDOW_SECONDS: '600', LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
    { logDestination: sink },
  );
});
afterAll(() => t?.close());

let n = 0;
const fresh = () => `203.0.113.${++n}`;

describe('the per-client ceiling', () => {
  it('a burst of 50 concurrent requests from one client: exactly the ceiling pass, the rest are 429 problem+json with Retry-After', async () => {
    const from = fresh();
    const responses = await Promise.all(Array.from({ length: 50 }, () => t.http().get('/api/auth/me').set('x-forwarded-for', from)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(CEILING);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - CEILING);
    const refused = responses.find((r) => r.status === 429)!;
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('rate_limited');
    expect(refused.body.requestId).toBe(refused.headers['x-request-id']);
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(600);
    expect(refused.body.retryAfterSeconds).toBe(wait);
  });

  it('is per client address as TRUST_PROXY resolves it: another client is unaffected, a forged entry does not escape', async () => {
    const attacker = fresh();
    await Promise.all(Array.from({ length: CEILING }, () => t.http().get('/api/auth/me').set('x-forwarded-for', attacker)));
    expect((await t.http().get('/api/auth/me').set('x-forwarded-for', attacker)).status).toBe(429);
    // Writing another address in front of the proxy's entry changes nothing: the proxy's is believed.
    expect((await t.http().get('/api/auth/me').set('x-forwarded-for', `10.1.2.3, ${attacker}`)).status).toBe(429);
    // Someone else signs in and works.
    const other = fresh();
    const res = await t.http().post('/api/auth/login').set('x-forwarded-for', other).send(DEMO_LOGINS.acmeOwner);
    expect(res.status).toBe(200);
  });

  it('covers every route (sign-in, admin pages) but not the health check', async () => {
    const from = fresh();
    await Promise.all(Array.from({ length: CEILING }, () => t.http().get('/api/health').set('x-forwarded-for', from)));
    expect((await t.http().get('/api/health').set('x-forwarded-for', from)).status).toBe(200);
    await Promise.all(Array.from({ length: CEILING }, () => t.http().get('/b/acme-hair/dashboard').set('x-forwarded-for', from)));
    const login = await t.http().post('/api/auth/login').set('x-forwarded-for', from).send(DEMO_LOGINS.acmeOwner);
    expect(login.status).toBe(429);
    expect(login.body.code).toBe('rate_limited');
    expect(login.headers['set-cookie']).toBeUndefined();
    expect((await t.http().get('/b/acme-hair/dashboard').set('x-forwarded-for', from)).status).toBe(429);
  });
});

describe('request logs carry no search terms', () => {
  it('q (and other free-text parameters) are replaced in the logged URL; the rest of the URL stays', async () => {
    const s = await signIn(t, DEMO_LOGINS.acmeOwner);
    const [biz] = await t.db.query(`SELECT id FROM businesses WHERE slug = 'acme-hair'`);
    const secretName = 'Zebediah Quibbleworth';
    logged.lines.length = 0;
    await s
      .get(`/api/businesses/${biz.id}/customers?q=${encodeURIComponent(secretName)}&limit=5`)
      .set('x-forwarded-for', fresh())
      .expect(200);
    await s.get(`/api/businesses/${biz.id}/bookings?q=zeb%40example.test&status=confirmed`).set('x-forwarded-for', fresh());
    await s.get(`/api/businesses/${biz.id}/customers?search=${encodeURIComponent(secretName)}`).set('x-forwarded-for', fresh());
    const text = logged.lines.join('\n');
    expect(text).toContain('/customers?q=[redacted]&limit=5');
    expect(text).toContain('/bookings?q=[redacted]&status=confirmed');
    expect(text).toContain('search=[redacted]');
    for (const needle of ['Zebediah', 'Quibbleworth', 'zeb%40example', 'zeb@example']) expect(text).not.toContain(needle);
    // The lines are the per-request ones (method, url, status as fields).
    const line = logged.lines.map((l) => JSON.parse(l)).find((l) => l.req?.url?.includes('/customers?q='));
    expect(line).toMatchObject({ req: { method: 'GET' }, res: { statusCode: 200 } });
  });
});
