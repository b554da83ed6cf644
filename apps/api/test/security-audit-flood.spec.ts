import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AnonymousEvents, FULL_ROWS_PER_ADDRESS } from '../src/audit/anonymous-events.js';
import { verifyAuditChains } from '../src/audit/chain-verifier.js';
import { DEMO_LOGINS, startTestApp, unique, type TestApp } from './harness.js';

/**
 * Issue 7 item 10: a flood of anonymous refusals must neither grow the platform chain without bound
 * nor slow sign-in, and every event must still be accounted for in the chain. The test client is the
 * trusted proxy (loopback), so each burst comes "from" an address of its own.
 */
let t: TestApp;
const PER_PAIR = 5;
beforeAll(async () => {
  t = await startTestApp({ TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES_PER_PAIR: String(PER_PAIR), LOGIN_MAX_FAILURES_PER_ACCOUNT: '100000' });
});
afterEach(() => t?.clock.reset());
afterAll(() => t?.close());

function address(label: string): string {
  const h = createHash('sha256').update(label).digest();
  return `198.${18 + (h[0]! & 1)}.${h[1]}.${(h[2]! % 254) + 1}`;
}

async function rowsFrom(ip: string): Promise<{ action: string; status: number | null; target_type: string | null; details: any }[]> {
  return t.db.query(
    `SELECT action, status, target_type, details FROM audit_events WHERE chain_key = 'platform' AND (ip = $1 OR details->'addresses'->'top' @> $2::jsonb) ORDER BY chain_seq`,
    [ip, JSON.stringify([{ value: ip }])],
  );
}

describe('a flood of refused sign-ins', () => {
  it('220 refused sign-ins (60 at a time) leave a bounded number of chain rows, every one counted, and the chains verify', async () => {
    const attacker = address(unique('flood'));
    const victim = `${unique('flood-victim')}@demo.test`;
    // Start at the top of a minute (the app's clock, a little ahead of the wall clock), so the flood
    // fits in one minute and no other process's periodic fold (on the shared server) closes it early.
    t.clock.advance(60_000 - (Date.now() % 60_000) + 500);
    const statuses: number[] = [];
    let legit: number | null = null;
    for (let wave = 0; wave < 4; wave++) {
      const burst = Array.from({ length: 55 }, (_, i) =>
        t
          .http()
          .post('/api/auth/login')
          .set('x-forwarded-for', attacker)
          .send({ email: victim, password: `guess-${wave}-${i}` }),
      );
      // A real person signs in, from elsewhere, while the flood is in flight.
      const owner =
        wave === 1
          ? t
              .http()
              .post('/api/auth/login')
              .set('x-forwarded-for', address(unique('owner')))
              .send(DEMO_LOGINS.acmeOwner)
          : null;
      const [results, ownerRes] = await Promise.all([Promise.all(burst), owner]);
      statuses.push(...results.map((r) => r.status));
      if (ownerRes) legit = ownerRes.status;
    }
    expect(legit).toBe(200);
    expect(statuses).toHaveLength(220);
    expect(statuses.filter((s) => s === 401)).toHaveLength(PER_PAIR);
    expect(statuses.filter((s) => s === 429)).toHaveLength(220 - PER_PAIR);

    // Before the minute closes: the evaluated failures and the first throttled ones of each minute
    // (the burst may straddle a minute boundary) have full rows, no more; the rest are counted.
    const minutes: { count: number }[] = await t.db.query(
      `SELECT count FROM audit_anonymous_counts WHERE scope = 'address' AND ip = $1 AND action = 'auth.login'`,
      [attacker],
    );
    expect(minutes.reduce((n, m) => n + m.count, 0)).toBe(220 - PER_PAIR);
    const expectedFull = minutes.reduce((n, m) => n + Math.min(m.count, FULL_ROWS_PER_ADDRESS), 0);
    expect(expectedFull).toBeLessThanOrEqual(2 * FULL_ROWS_PER_ADDRESS);
    const before = await rowsFrom(attacker);
    expect(before.filter((r) => r.status === 401)).toHaveLength(PER_PAIR);
    expect(before.filter((r) => r.status === 429)).toHaveLength(expectedFull);

    // The minute closes; the counters are folded into the chain (the periodic fold, run now).
    t.clock.advance(61_000);
    expect(await t.app.get(AnonymousEvents).flush()).toBeGreaterThanOrEqual(1);
    const after = await rowsFrom(attacker);
    const summaries = after.filter((r) => r.target_type === 'anonymous_summary');
    // Bounded: 5 evaluated failures + 10 full throttled rows and one summary per minute the flood spanned.
    expect(after.length).toBeLessThanOrEqual(PER_PAIR + minutes.length * (FULL_ROWS_PER_ADDRESS + 1));
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    // Counts preserved: every throttled refusal is in a full row or in a summary's count.
    const mine = summaries.map((s) => s.details.addresses.top.find((a: { value: string }) => a.value === attacker)?.events ?? 0);
    const summarised = mine.reduce((a: number, b: number) => a + b, 0);
    const recordedThrottled = after.filter((r) => r.status === 429).length;
    expect(recordedThrottled).toBe(expectedFull);
    expect(summarised).toBe(220 - PER_PAIR);
    for (const s of summaries) {
      expect(s.action).toBe('auth.login');
      expect(s.details.summary.events).toBe(s.details.summary.recorded + s.details.summary.suppressed);
      expect(s.details.targets.top.map((x: { value: string }) => x.value)).toContain(victim);
      expect(s.details.statuses['429']).toBeGreaterThan(0);
    }
    // (On the shared server a summary also counts other tests' refusals of that minute, from other addresses.)
    expect(summaries.reduce((n, s) => n + s.details.summary.suppressed, 0)).toBeGreaterThanOrEqual(220 - PER_PAIR - expectedFull);
    // The counters are gone once folded: storage does not grow with the flood.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_anonymous_counts WHERE ip = $1`, [attacker]);
    expect(n).toBe(0);
    // A second fold finds nothing to add.
    t.clock.advance(61_000);
    await t.app.get(AnonymousEvents).flush();
    t.clock.reset();
    expect((await rowsFrom(attacker)).length).toBe(after.length);
    // audit:verify's check: every chain intact, summaries included.
    expect((await verifyAuditChains(t.db)).breaks).toEqual([]);
  });

  it('a sign-in is not queued behind a flood of throttled requests (it answers while they are in flight)', async () => {
    const attacker = address(unique('queue'));
    const victim = `${unique('queue-victim')}@demo.test`;
    // Lock the pair first, so everything after is a cheap 429.
    for (let i = 0; i < PER_PAIR; i++)
      await t
        .http()
        .post('/api/auth/login')
        .set('x-forwarded-for', attacker)
        .send({ email: victim, password: `w-${i}` })
        .expect(401);
    const flood = Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        t
          .http()
          .post('/api/auth/login')
          .set('x-forwarded-for', attacker)
          .send({ email: victim, password: `x-${i}` }),
      ),
    );
    const owner = await t
      .http()
      .post('/api/auth/login')
      .set('x-forwarded-for', address(unique('owner2')))
      .send(DEMO_LOGINS.brightOwner);
    expect(owner.status).toBe(200);
    const refused = await flood;
    expect(refused.every((r) => r.status === 429)).toBe(true);
    expect(refused[0]!.body.code).toBe('rate_limited');
    const full = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE ip = $1 AND status = 429`, [attacker]);
    expect(full[0].n).toBeLessThanOrEqual(2 * FULL_ROWS_PER_ADDRESS); // at most two minutes' worth
  });
});
