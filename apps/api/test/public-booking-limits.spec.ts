import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The public routes' rate limits, with small budgets of this file's own (the shared harness lifts
 * them so other tests are not disturbed). Every request comes from one address, 127.0.0.1.
 */
let limited: TestApp;
beforeAll(async () => {
  limited = await startTestApp({
    PUBLIC_RATE_LIMIT_PER_IP: '12',
    PUBLIC_RATE_LIMIT_PER_BUSINESS: '5',
    PUBLIC_WRITES_PER_IP: '2',
    PUBLIC_RATE_LIMIT_WINDOW_SECONDS: '600',
  });
  // The counters live in the database (shared by replicas): start this window length from zero, as on a fresh database.
  await limited.db.query(`DELETE FROM public_rate_limits WHERE window_seconds = 600`);
});
afterAll(() => limited.close());

describe('public rate limits', () => {
  it('refuses a flood per address, per business and for writes with 429 problem+json and Retry-After', async () => {
    {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await limited.http().get('/api/public/businesses/acme-hair')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = await limited.http().get('/api/public/businesses/acme-hair');
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.code).toBe('rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Another business still answers (per-business budget), until this address's own budget runs out.
      expect((await limited.http().get('/api/public/businesses/bright-dental')).status).toBe(200);
      // Writes have their own, smaller budget per address.
      const writes: number[] = [];
      for (let i = 0; i < 3; i++) writes.push((await limited.http().post('/api/public/bookings/manage/' + 'A'.repeat(43) + '/cancel')).status);
      expect(writes).toEqual([404, 404, 429]);
      const more: number[] = [];
      for (let i = 0; i < 3; i++) more.push((await limited.http().get('/api/public/bookings/manage/' + 'B'.repeat(43))).status);
      expect(more).toContain(429);
    }
  });

  it('keeps its counters in one shared table and deletes the rows of ended windows', async () => {
    const tag = `sweep-${process.pid}-${Date.now()}`;
    await limited.db.query(
      `INSERT INTO public_rate_limits (key, window_seconds, window_start, hits) VALUES
         ($1, 600, now() - interval '25 minutes', 3), ($2, 600, now() - interval '2 minutes', 3), ($3, 60, now() - interval '2 days', 3)`,
      [`ip:${tag}-ended`, `ip:${tag}-live`, `ip:${tag}-old-config`],
    );
    // A fresh instance sweeps on its first request (each instance once per window).
    const fresh = await startTestApp({ PUBLIC_RATE_LIMIT_WINDOW_SECONDS: '600' });
    try {
      await fresh.http().get('/api/public/businesses/bright-dental');
      const left: { key: string }[] = await limited.db.query(`SELECT key FROM public_rate_limits WHERE key LIKE $1 ORDER BY key`, [`ip:${tag}%`]);
      expect(left.map((r) => r.key)).toEqual([`ip:${tag}-live`]);
    } finally {
      await fresh.close();
    }
  });
});
