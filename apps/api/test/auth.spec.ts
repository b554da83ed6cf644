import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, DEMO_LOGINS, signIn, startTestApp, TEST_JWT_SECRET, type TestApp } from './harness.js';
import { decodeJwt, forgeJwt } from './jwt.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_FAILURES_PER_PAIR: '3' });
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('accepts the right password, sets an HttpOnly session cookie and a readable XSRF cookie', async () => {
    const res = await t.http().post('/api/auth/login').send(DEMO_LOGINS.operator).expect(200);
    expect(res.body.user).toMatchObject({ email: 'operator@demo.test', kind: 'operator' });
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] as unknown as string[]);
    expect(cookies.find((c) => c.startsWith('sid='))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith('sid='))).toMatch(/SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith('XSRF-TOKEN='))).not.toMatch(/HttpOnly/);
    expect(JSON.stringify(res.body)).not.toMatch(/hash|password/i);
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const wrong = await t.http().post('/api/auth/login').send({ email: 'owner@city-yoga.demo.test', password: 'nope' });
    const unknown = await t.http().post('/api/auth/login').send({ email: 'nobody@city-yoga.demo.test', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses malformed input with validation_failed and changes nothing', async () => {
    const res = await t.http().post('/api/auth/login').send({ email: 'not-an-email', password: '' }).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('throttles an account from one address after repeated failures with 429 and Retry-After, even for the right password', async () => {
    const victim = { email: 'staff@city-yoga.demo.test', password: 'demo-staff' };
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post('/api/auth/login')
        .send({ ...victim, password: `wrong-${i}` })
        .expect(401);
    const res = await t.http().post('/api/auth/login').send(victim).expect(429);
    expect(res.body.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // The window passes: the account works again.
    t.clock.advance(16 * 60_000);
    await t.http().post('/api/auth/login').send(victim).expect(200);
    t.clock.reset();
  });

  it('refuses a cross-site sign-in (foreign Origin)', async () => {
    const res = await t.http().post('/api/auth/login').set('origin', 'https://evil.example').send(DEMO_LOGINS.operator).expect(403);
    expect(res.body.code).toBe('origin_invalid');
  });
});

describe('me', () => {
  it('describes an operator', async () => {
    const s = await signIn(t, DEMO_LOGINS.operator);
    const res = await s.get('/api/auth/me').expect(200);
    expect(res.body).toMatchObject({ user: { kind: 'operator', email: 'operator@demo.test' }, memberships: [], impersonation: null });
  });

  it('describes a business user with their membership', async () => {
    const s = await signIn(t, DEMO_LOGINS.acmeStaff);
    const res = await s.get('/api/auth/me').expect(200);
    expect(res.body.user.kind).toBe('business');
    expect(res.body.memberships).toEqual([
      expect.objectContaining({ role: 'staff', business: expect.objectContaining({ slug: 'acme-hair', timeZone: 'Europe/London' }) }),
    ]);
  });

  it('is 401 problem+json when signed out', async () => {
    const res = await t.http().get('/api/auth/me').expect(401);
    expect(res.body.code).toBe('authentication_required');
  });
});

describe('logout', () => {
  it('revokes the session: the old cookie and the old token are refused on the next request', async () => {
    const s = await signIn(t, DEMO_LOGINS.acmeOwner);
    const oldCookie = s.cookies.sid!;
    const res = await s.post('/api/auth/logout').expect(200);
    expect(res.body).toEqual({ signedOut: true, redirectTo: '/login' });
    const reuse = await t.http().get('/api/auth/me').set('cookie', `sid=${oldCookie}`).expect(401);
    expect(reuse.body.code).toBe('session_revoked');
    const asBearer = await t.http().get('/api/auth/me').set('authorization', `Bearer ${oldCookie}`).expect(401);
    expect(asBearer.body.code).toBe('session_revoked');
  });
});

describe('tokens', () => {
  async function validClaims() {
    const api = await bearer(t, DEMO_LOGINS.operator);
    return { token: api.token, claims: decodeJwt(api.token) };
  }
  const me = (token: string) => t.http().get('/api/auth/me').set('authorization', `Bearer ${token}`);

  it('accepts a genuine Bearer token', async () => {
    const { token } = await validClaims();
    await me(token).expect(200);
  });

  it.each([
    ['alg none', (c: Record<string, unknown>) => forgeJwt({ alg: 'none', typ: 'JWT' }, c, null)],
    ['alg none with a signature', (c: Record<string, unknown>) => forgeJwt({ alg: 'none', typ: 'JWT' }, c, TEST_JWT_SECRET)],
    ['wrong signature', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, c, 'another-secret-another-secret-another-secret')],
    ['HS512 with the right secret', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS512', typ: 'JWT' }, c, TEST_JWT_SECRET)],
    ['expired', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET)],
    ['missing exp', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, exp: undefined }, TEST_JWT_SECRET)],
    ['wrong issuer', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, iss: 'someone-else' }, TEST_JWT_SECRET)],
    ['wrong audience', (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, aud: 'another-app' }, TEST_JWT_SECRET)],
    [
      'another user for the same session',
      (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, sub: '00000000-0000-4000-8000-000000000000' }, TEST_JWT_SECRET),
    ],
    [
      'a session that does not exist',
      (c: Record<string, unknown>) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, { ...c, sid: '00000000-0000-4000-8000-000000000000' }, TEST_JWT_SECRET),
    ],
  ])('refuses a token with %s (401)', async (_name, forge) => {
    const { claims } = await validClaims();
    const res = await me(forge(claims)).expect(401);
    expect(res.body.code).toMatch(/authentication_required|session_revoked/);
  });

  it('refuses a genuine token once the session has expired server-side', async () => {
    const { token } = await validClaims();
    t.clock.advance(t.config.sessionTtlMinutes * 60_000 + 1000);
    try {
      await me(token).expect(401);
    } finally {
      t.clock.reset();
    }
  });
});

describe('CSRF', () => {
  it('refuses an unsafe cookie request without X-XSRF-TOKEN', async () => {
    const s = await signIn(t, DEMO_LOGINS.acmeOwner);
    const res = await t.http().post('/api/auth/logout').set('cookie', `sid=${s.cookies.sid}; XSRF-TOKEN=${s.xsrf()}`).expect(403);
    expect(res.body.code).toBe('csrf_invalid');
    await s.get('/api/auth/me').expect(200); // still signed in
  });

  it("refuses another session's token", async () => {
    const a = await signIn(t, DEMO_LOGINS.acmeOwner);
    const b = await signIn(t, DEMO_LOGINS.acmeOwner);
    const res = await t.http().post('/api/auth/logout').set('cookie', `sid=${a.cookies.sid}; XSRF-TOKEN=${b.xsrf()}`).set('x-xsrf-token', b.xsrf()).expect(403);
    expect(res.body.code).toBe('csrf_invalid');
  });

  it('refuses a header that does not match the cookie', async () => {
    const a = await signIn(t, DEMO_LOGINS.acmeOwner);
    await t
      .http()
      .post('/api/auth/logout')
      .set('cookie', `sid=${a.cookies.sid}; XSRF-TOKEN=${a.xsrf()}`)
      .set('x-xsrf-token', a.xsrf() + 'x')
      .expect(403);
  });

  it('lets the same request through with a Bearer token and no CSRF header', async () => {
    const api = await bearer(t, DEMO_LOGINS.acmeOwner);
    const res = await api.post('/api/auth/logout').expect(200);
    expect(res.body.signedOut).toBe(true);
  });
});

describe('platform', () => {
  it('health checks the database', async () => {
    expect((await t.http().get('/api/health').expect(200)).body).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers unknown API paths with problem+json 404', async () => {
    const res = await t.http().get('/api/does-not-exist').expect(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.code).toBe('not_found');
  });

  it('sends security headers', async () => {
    const res = await t.http().get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('documents the API with cookie and Bearer security schemes', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
    expect(doc.paths['/api/auth/login']).toBeDefined();
  });
});
