import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_LOGINS, startTestApp, unique, type TestApp } from './harness.js';

// Its own file: the embedded database is one per process, so one app per test file. The address is
// one of its own (loopback is trusted as the proxy), not the loopback every other test file shares.
let t: TestApp;
let from: string;
beforeAll(async () => {
  t = await startTestApp({ TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES_PER_IP: '4', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100' });
  const b = Buffer.from(unique('ip').slice(3), 'hex');
  from = `198.51.${b[0]}.${(b[1]! % 254) + 1}`;
});
afterAll(() => t.close());

it('slows sign-in by IP across accounts (password spraying): 429 with Retry-After, then in again', async () => {
  // 4 failures reach the threshold (1 s), each further one doubles the wait: 2 s, 4 s, 8 s.
  for (let i = 0; i < 4; i++)
    expect(
      (
        await t
          .http()
          .post('/api/auth/login')
          .set('x-forwarded-for', from)
          .send({ email: `${unique('spray')}@x.test`, password: 'x' })
      ).status,
    ).toBe(401);
  for (const wait of [1, 2, 4]) {
    t.clock.advance(wait * 1000 + 500);
    expect(
      (
        await t
          .http()
          .post('/api/auth/login')
          .set('x-forwarded-for', from)
          .send({ email: `${unique('spray')}@x.test`, password: 'x' })
      ).status,
    ).toBe(401);
  }
  const res = await t.http().post('/api/auth/login').set('x-forwarded-for', from).send(DEMO_LOGINS.operator);
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('rate_limited');
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(8);
  t.clock.advance(retryAfter * 1000 + 500);
  expect((await t.http().post('/api/auth/login').set('x-forwarded-for', from).send(DEMO_LOGINS.operator)).status).toBe(200);
  t.clock.reset();
});
