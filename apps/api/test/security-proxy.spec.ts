import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, startTestApp, unique, type TestApp } from './harness.js';

/**
 * Proxies and host names attacked: forged X-Forwarded-For / X-Forwarded-Host, and DNS rebinding.
 * `behind` is deployed at https://book.example.test behind a proxy on loopback (the test client);
 * `local` is the embedded default (PUBLIC_URL on 127.0.0.1) trusting exactly one hop.
 */
let behind: TestApp;
let local: TestApp;
const PUBLIC = 'https://book.example.test';
beforeAll(async () => {
  behind = await startTestApp({ PUBLIC_URL: PUBLIC, TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES_PER_IP: '4', LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000' });
  local = await startTestApp({ TRUST_PROXY: '1' });
});
afterAll(async () => {
  await behind?.close();
  await local?.close();
});

async function auditedIp(t: TestApp, email: string): Promise<string> {
  const [row] = await t.db.query(`SELECT ip FROM audit_events WHERE action = 'auth.login' AND target_id = $1 ORDER BY id DESC LIMIT 1`, [email]);
  return row.ip;
}

describe('X-Forwarded-For', () => {
  it.each([
    ['trusted proxies named (loopback)', () => behind],
    ['a hop count of 1', () => local],
  ])('with %s, a client-written entry never becomes the audited address', async (_name, app) => {
    const t = app();
    const host = t === behind ? 'book.example.test' : undefined;
    const ghost = `${unique('xff')}@demo.test`;
    let req = t.http().post('/api/auth/login').set('x-forwarded-for', '203.0.113.66, 198.51.100.9').send({ email: ghost, password: 'wrong-password' });
    if (host) req = req.set('host', host);
    expect((await req).status).toBe(401);
    // The proxy appended what it saw (198.51.100.9); what the client wrote before it is not believed.
    expect(await auditedIp(t, ghost)).toBe('198.51.100.9');
  });

  it('rotating forged entries do not escape the per-address slow-down', async () => {
    const real = `198.51.100.${(Buffer.from(unique('a').slice(2), 'hex')[0]! % 200) + 20}`;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await behind
        .http()
        .post('/api/auth/login')
        .set('host', 'book.example.test')
        .set('x-forwarded-for', `10.9.${i}.1, ${real}`)
        .send({ email: `${unique('spray')}@demo.test`, password: 'Winter2026!' });
      statuses.push(res.status);
    }
    // 4 failures reach the threshold; from then on the address waits, whatever it claims to be.
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4)).toEqual([429, 429, 429, 429]);
  });
});

describe('the sign-in Origin check uses PUBLIC_URL, never forwarded headers', () => {
  const login = (origin: string, extra: Record<string, string> = {}) => {
    let req = behind.http().post('/api/auth/login').set('host', 'book.example.test').set('origin', origin);
    for (const [k, v] of Object.entries(extra)) req = req.set(k, v);
    return req.send(DEMO_LOGINS.acmeOwner);
  };

  it('a foreign Origin is refused even when X-Forwarded-Host and -Proto claim to match it', async () => {
    const res = await login('https://evil.test', { 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('origin_invalid');
    const http = await login('http://book.example.test', { 'x-forwarded-proto': 'http' });
    expect(http.status).toBe(403);
  });

  it('the public origin is accepted though the request reached the app over plain HTTP from the proxy', async () => {
    expect((await login(PUBLIC)).status).toBe(200);
  });
});

describe('DNS rebinding: only the public host is served', () => {
  it.each([
    ['a rebound name', 'evil.test'],
    ['a rebound name with the port', 'evil.test:3000'],
    ['a look-alike', 'book.example.test.evil.test'],
    ['the loopback address (not the public name)', '127.0.0.1'],
    ['localhost', 'localhost:3000'],
  ])('behind the proxy, %s is refused with 421 host_invalid everywhere', async (_name, host) => {
    for (const [method, path] of [
      ['get', '/api/auth/me'],
      ['post', '/api/auth/login'],
      ['get', '/api/docs-json'],
      ['get', '/b/acme-hair/dashboard'],
    ] as const) {
      const agent = behind.http();
      const res = await agent[method](path)
        .set('host', host)
        .set('origin', `http://${host}`)
        .send(method === 'post' ? DEMO_LOGINS.operator : undefined);
      expect(res.status, `${method} ${path}`).toBe(421);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.code).toBe('host_invalid');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('X-Forwarded-Host does not rescue a foreign Host', async () => {
    const res = await behind.http().get('/api/auth/me').set('host', 'evil.test').set('x-forwarded-host', 'book.example.test');
    expect(res.status).toBe(421);
  });

  it('the public host is served, with or without its default port', async () => {
    expect((await behind.http().get('/api/auth/me').set('host', 'book.example.test')).status).toBe(401);
    expect((await behind.http().get('/api/auth/me').set('host', 'BOOK.example.test:443')).status).toBe(401);
  });

  it('the health check answers any Host (load-balancer probes by address)', async () => {
    expect((await behind.http().get('/api/health').set('host', '10.0.0.7:3000')).status).toBe(200);
  });

  it('a local instance answers to loopback names only: a rebound name cannot sign in to it', async () => {
    const rebound = await local
      .http()
      .post('/api/auth/login')
      .set('host', 'attacker.example:3000')
      .set('origin', 'http://attacker.example:3000')
      .send(DEMO_LOGINS.operator);
    expect(rebound.status).toBe(421);
    expect(rebound.body.code).toBe('host_invalid');
    expect(rebound.headers['set-cookie']).toBeUndefined();
    expect((await local.http().get('/api/auth/me').set('host', '127.0.0.1.nip.io:3000')).status).toBe(421);
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'localhost']) {
      expect((await local.http().get('/api/auth/me').set('host', host)).status, host).toBe(401);
    }
    // The embedded default's own origin and its loopback twins may post the sign-in form; other ports may not.
    expect((await local.http().post('/api/auth/login').set('origin', 'http://localhost:3000').send(DEMO_LOGINS.operator)).status).toBe(200);
    expect((await local.http().post('/api/auth/login').set('origin', 'http://localhost:8080').send(DEMO_LOGINS.operator)).status).toBe(403);
  });
});
