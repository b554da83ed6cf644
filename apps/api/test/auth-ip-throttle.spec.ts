import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_LOGINS, startTestApp, type TestApp } from './harness.js';

// Its own file: the embedded database is one per process, so one app per test file.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '4', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100' });
});
afterAll(() => t.close());

it('throttles sign-in by IP across accounts (password spraying)', async () => {
  for (let i = 0; i < 5; i++) await t.http().post('/api/auth/login').send({ email: `spray-${i}@x.test`, password: 'x' });
  const res = await t.http().post('/api/auth/login').send(DEMO_LOGINS.operator);
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('rate_limited');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
});
