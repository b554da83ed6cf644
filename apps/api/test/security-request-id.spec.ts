import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../src/audit/chain-verifier.js';
import { DEMO_LOGINS, startTestApp, type TestApp } from './harness.js';

/**
 * Issue 7 item 11: a client-chosen X-Request-Id must not become the audit row's request id. `direct`
 * trusts no proxy (the test client is just a client); `proxied` trusts loopback, so the test client
 * is the proxy in front of the app.
 */
let direct: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  direct = await startTestApp();
  proxied = await startTestApp({ TRUST_PROXY: 'loopback' });
});
afterAll(async () => {
  await direct?.close();
  await proxied?.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function rowOf(t: TestApp, requestId: string): Promise<{ request_id: string; upstream_request_id: string | null; action: string }[]> {
  return t.db.query(`SELECT request_id, upstream_request_id, action FROM audit_events WHERE request_id = $1 OR upstream_request_id = $1`, [requestId]);
}

describe('X-Request-Id', () => {
  it('from a client: the audit row and the answer carry our own id, and the chosen one is stored nowhere', async () => {
    const chosen = `victims-request-${Date.now()}`;
    const res = await direct.http().post('/api/auth/login').set('x-request-id', chosen).send(DEMO_LOGINS.acmeOwner).expect(200);
    const ours = res.headers['x-request-id']!;
    expect(ours).toMatch(UUID);
    expect(ours).not.toBe(chosen);
    expect(await rowOf(direct, chosen)).toEqual([]);
    const rows = await rowOf(direct, ours);
    expect(rows).toEqual([{ request_id: ours, upstream_request_id: null, action: 'auth.login' }]);
  });

  it('from a client that also claims to be behind a proxy (X-Forwarded-For) but is not: still ignored', async () => {
    const chosen = `forged-${Date.now()}-abc`;
    const res = await direct
      .http()
      .post('/api/auth/login')
      .set('x-request-id', chosen)
      .set('x-forwarded-for', '10.0.0.1')
      .send(DEMO_LOGINS.acmeOwner)
      .expect(200);
    expect(res.headers['x-request-id']).not.toBe(chosen);
    expect(await rowOf(direct, chosen)).toEqual([]);
  });

  it('a problem answer names our id too', async () => {
    const res = await direct.http().get('/api/auth/me').set('x-request-id', 'client-chosen-1234');
    expect(res.status).toBe(401);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect(res.body.requestId).toMatch(UUID);
  });

  it('from a trusted proxy: our id is the request id, the upstream id is kept beside it, and the chain covers it', async () => {
    const upstream = `proxy-${Date.now()}-7f3a`;
    const res = await proxied
      .http()
      .post('/api/auth/login')
      .set('x-request-id', upstream)
      .set('x-forwarded-for', '198.51.100.23')
      .send(DEMO_LOGINS.brightOwner)
      .expect(200);
    const ours = res.headers['x-request-id']!;
    expect(ours).toMatch(UUID);
    expect(ours).not.toBe(upstream);
    expect(await rowOf(proxied, upstream)).toEqual([{ request_id: ours, upstream_request_id: upstream, action: 'auth.login' }]);
    // The upstream id is hashed into the chain: the chains verify, and changing it would not.
    expect((await verifyAuditChains(proxied.db)).breaks).toEqual([]);
    const [{ differs }] = await proxied.db
      .query(
        `SELECT audit_event_canonical(e) <> audit_event_canonical((e #= hstore('upstream_request_id', 'other'))::audit_events) AS differs FROM audit_events e WHERE upstream_request_id = $1`,
        [upstream],
      )
      .catch(async () =>
        // hstore may not be installed: build the altered row with jsonb instead.
        proxied.db.query(
          `SELECT audit_event_canonical(e) <> audit_event_canonical(jsonb_populate_record(e, '{"upstream_request_id":"other"}')) AS differs FROM audit_events e WHERE upstream_request_id = $1`,
          [upstream],
        ),
      );
    expect(differs).toBe(true);
  });

  it('from a trusted proxy, an id that does not look like one is dropped, not stored', async () => {
    const res = await proxied.http().post('/api/auth/login').set('x-request-id', "x'; DROP TABLE audit_events; --").send(DEMO_LOGINS.brightOwner).expect(200);
    const [row] = await rowOf(proxied, res.headers['x-request-id']!);
    expect(row!.upstream_request_id).toBeNull();
  });
});
