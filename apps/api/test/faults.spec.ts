import { Logger } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseOutage } from '../src/common/database-outage.js';
import { bearer, DEMO_LOGINS, startTestApp, type TestApp } from './harness.js';
import { PrivateCluster, privateClusterUnavailable } from './support/private-cluster.js';

/**
 * The database fails under a running app: a private PostgreSQL cluster (never the shared server) is
 * stopped and started, then frozen (SIGSTOP to every process, as a hung host looks) and thawed. The
 * app must answer 503 `service_unavailable` with Retry-After, quickly, log the outage once, and
 * recover by itself when the database is back.
 */
const unavailable = privateClusterUnavailable();

describe.skipIf(unavailable)(`database faults${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let cluster: PrivateCluster;
  let t: TestApp;
  let api: Awaited<ReturnType<typeof bearer>>;

  beforeAll(async () => {
    cluster = new PrivateCluster(5443);
    await cluster.start();
    await cluster.createDatabase('faults');
    t = await startTestApp({
      DATABASE_URL: cluster.url('faults'),
      DEMO_SEED: 'true',
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_STATEMENT_TIMEOUT_MS: '1000',
      REQUEST_TIMEOUT_MS: '3000',
      HEALTH_TIMEOUT_MS: '500',
    });
    api = await bearer(t, DEMO_LOGINS.operator);
  });

  afterEach(() => {
    cluster?.thaw();
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    cluster?.thaw();
    await Promise.race([t?.close(), sleep(10_000)]);
    await cluster?.destroy();
  });

  const expectUnavailable = (res: { status: number; headers: Record<string, string>; body: { code?: string } }) => {
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('service_unavailable');
    expect(res.headers['retry-after']).toBe('5');
  };

  async function untilAnswered(path: string, deadlineMs: number): Promise<number> {
    const t0 = Date.now();
    for (;;) {
      const res = await api.get(path);
      if (res.status === 200) return Date.now() - t0;
      if (Date.now() - t0 > deadlineMs) throw new Error(`still ${res.status} after ${deadlineMs} ms`);
      await sleep(200);
    }
  }

  it('answers 503 with Retry-After while the database is stopped, logs the outage once, and recovers when it returns', async () => {
    expect((await api.get('/api/auth/me')).status).toBe(200);
    const errors = vi.spyOn(Logger.prototype, 'error');
    const warnings = vi.spyOn(Logger.prototype, 'warn');

    await cluster.stop();
    const t0 = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? api.get('/api/auth/me')
          : i % 3 === 1
            ? api.get('/api/businesses')
            : api.post('/api/businesses', { name: `Outage ${i}`, slug: `outage-${i}`, timeZone: 'Europe/London' }),
      ),
    );
    for (const res of answers) expectUnavailable(res);
    expect(Date.now() - t0).toBeLessThan(5000);
    const health = await t.http().get('/api/health');
    expectUnavailable(health);

    // One line when the outage began, not one (with a stack) per refused request.
    const outageLines = errors.mock.calls.filter(([m]) => JSON.stringify(m).includes('database unavailable'));
    expect(outageLines).toHaveLength(1);
    expect(errors.mock.calls.map(([m]) => JSON.stringify(m)).filter((m) => !m.includes('database unavailable'))).toEqual([]);

    await cluster.start();
    await untilAnswered('/api/auth/me', 15_000);
    expect((await api.get('/api/businesses')).status).toBe(200);
    expect((await t.http().get('/api/health')).status).toBe(200);
    const recovered = warnings.mock.calls.filter(([m]) => JSON.stringify(m).includes('database reachable again'));
    expect(recovered).toHaveLength(1);
    expect((recovered[0]![0] as { refusedRequests: number }).refusedRequests).toBeGreaterThanOrEqual(30);
    expect(t.app.get(DatabaseOutage).active).toBe(false);
  });

  it('gives a fast 503 (not a hang) while the database is frozen, keeps /api/health fast, and recovers on thaw', async () => {
    await untilAnswered('/api/auth/me', 15_000);
    cluster.freeze();

    const t0 = Date.now();
    const answers = await Promise.all(Array.from({ length: 12 }, () => api.get('/api/auth/me')));
    const elapsed = Date.now() - t0;
    for (const res of answers) expectUnavailable(res);
    // statement limit 1 s + 1 s read margin, connect limit 1 s; request deadline 3 s.
    expect(elapsed).toBeLessThan(3500);

    const h0 = Date.now();
    expectUnavailable(await t.http().get('/api/health'));
    expect(Date.now() - h0).toBeLessThan(1500);

    // Still frozen: later requests do not queue behind the stuck connections either.
    const l0 = Date.now();
    expectUnavailable(await api.get('/api/businesses'));
    expect(Date.now() - l0).toBeLessThan(3500);

    cluster.thaw();
    await untilAnswered('/api/businesses', 15_000);
    expect((await t.http().get('/api/health')).status).toBe(200);
  });
});
