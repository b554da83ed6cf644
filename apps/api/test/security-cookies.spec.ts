import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/app-config.js';
import { businessBySlug, DEMO_LOGINS, startTestApp, type TestApp } from './harness.js';

/**
 * Cookie tossing: a planted second session cookie, and the names and flags that prevent planting.
 * One app per file (passport's strategy registry is per process), deployed with Secure cookies.
 */
let secure: TestApp;
beforeAll(async () => {
  secure = await startTestApp({ COOKIE_SECURE: 'true' });
});
afterAll(() => secure.close());

/** Signs in and returns the raw cookies the server set, by name. */
async function login(who: { email: string; password: string }): Promise<{ sid: string; xsrf: string; cookie: string }> {
  const res = await secure.http().post('/api/auth/login').send(who).expect(200);
  const jar = Object.fromEntries(setCookies(res).map((c) => c.split(';')[0]!.split(/=(.*)/s).slice(0, 2))) as Record<string, string>;
  return { sid: jar['__Host-sid']!, xsrf: jar['__Host-XSRF-TOKEN']!, cookie: `__Host-sid=${jar['__Host-sid']}; __Host-XSRF-TOKEN=${jar['__Host-XSRF-TOKEN']}` };
}

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  return ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
}

describe('with Secure cookies', () => {
  it('the session and XSRF cookies are __Host- cookies: Secure, Path=/, no Domain', async () => {
    const res = await secure.http().post('/api/auth/login').send(DEMO_LOGINS.acmeOwner).expect(200);
    const set = setCookies(res);
    const sid = set.find((c) => c.startsWith('__Host-sid='))!;
    const xsrf = set.find((c) => c.startsWith('__Host-XSRF-TOKEN='))!;
    for (const c of [sid, xsrf]) {
      expect(c).toMatch(/; Secure/i);
      expect(c).toMatch(/; Path=\//i);
      expect(c).not.toMatch(/Domain=/i);
    }
    expect(sid).toMatch(/HttpOnly/i);
    expect(set.some((c) => c.startsWith('sid=') || c.startsWith('XSRF-TOKEN='))).toBe(false);
  });

  it('a tossed plain `sid` cookie is not a credential', async () => {
    const genuine = await login(DEMO_LOGINS.acmeOwner); // a genuine token, planted under the unprefixed name
    expect((await secure.http().get('/api/auth/me').set('cookie', `sid=${genuine.sid}`)).status).toBe(401);
    expect((await secure.http().get('/api/auth/me').set('cookie', genuine.cookie)).status).toBe(200);
  });

  it('signed in with the __Host- cookies, writes work with the echoed token', async () => {
    const s = await login(DEMO_LOGINS.acmeOwner);
    const acme = await businessBySlug(secure, 'acme-hair');
    const ok = await secure
      .http()
      .post(`/api/businesses/${acme.id}/customers`)
      .set('cookie', s.cookie)
      .set('x-xsrf-token', s.xsrf)
      .send({ name: 'Host cookie' });
    expect(ok.status).toBe(201);
  });
});

describe('two session cookies', () => {
  it.each([
    ['the attacker’s first', (mine: string, theirs: string) => `__Host-sid=${theirs}; __Host-sid=${mine}`],
    ['the victim’s first', (mine: string, theirs: string) => `__Host-sid=${mine}; __Host-sid=${theirs}`],
  ])('are refused with 400 cookie_conflict (%s)', async (_name, order) => {
    const victim = await login(DEMO_LOGINS.acmeOwner);
    const attacker = await login(DEMO_LOGINS.brightOwner);
    const cookie = `${order(victim.sid, attacker.sid)}; __Host-XSRF-TOKEN=${victim.xsrf}`;
    for (const [method, path] of [
      ['get', '/api/auth/me'],
      ['post', '/api/auth/logout'],
      ['post', '/api/auth/login'],
    ] as const) {
      const agent = secure.http();
      const res = await agent[method](path)
        .set('cookie', cookie)
        .set('x-xsrf-token', victim.xsrf)
        .send(method === 'post' ? DEMO_LOGINS.acmeOwner : undefined);
      expect(res.status, path).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.code).toBe('cookie_conflict');
    }
    // Neither session was touched: each still works on its own.
    await secure.http().get('/api/auth/me').set('cookie', victim.cookie).expect(200);
    await secure.http().get('/api/auth/me').set('cookie', attacker.cookie).expect(200);
  });

  it('two XSRF cookies are refused too, and so are two __Host- session cookies', async () => {
    const s = await login(DEMO_LOGINS.acmeOwner);
    const res = await secure
      .http()
      .post('/api/auth/logout')
      .set('cookie', `__Host-sid=${s.sid}; __Host-XSRF-TOKEN=planted; __Host-XSRF-TOKEN=${s.xsrf}`)
      .set('x-xsrf-token', s.xsrf);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('cookie_conflict');
    const twoHost = await secure.http().get('/api/auth/me').set('cookie', '__Host-sid=a; __Host-sid=b');
    expect(twoHost.status).toBe(400);
  });
});

describe('defaults', () => {
  it('Secure is the default whenever NODE_ENV=production', () => {
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://x@y/z' });
    expect(c.cookieSecure).toBe(true);
  });
});
