import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/common/json-body.js';
import { bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, unique, type TestApp } from './harness.js';

/** Hostile JSON bodies: deep nesting (a stack-depth attack on everything after the parser) and friends. */
let t: TestApp;
let acme: { id: string };
beforeAll(async () => {
  t = await startTestApp();
  acme = await businessBySlug(t, 'acme-hair');
});
afterAll(() => t.close());

const deepArrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObjects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('deeply nested JSON', () => {
  it('a 120 kB nested body on the sign-in route is a 400 body_too_deep, not a 500, and leaves no error row', async () => {
    const body = `{"email":"owner@acme-hair.demo.test","password":${deepArrays(60_000)}}`;
    expect(body.length).toBeGreaterThan(120_000);
    const res = await t.http().post('/api/auth/login').set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.code).toBe('body_too_deep');
    const rows = await t.db.query(`SELECT status FROM audit_events WHERE request_id = $1`, [res.body.requestId]);
    expect(rows.filter((r: { status: number }) => r.status >= 500)).toEqual([]);
  });

  it.each([
    ['arrays', deepArrays(MAX_JSON_DEPTH + 1)],
    ['objects', deepObjects(MAX_JSON_DEPTH + 1)],
    ['objects, 30 000 deep (180 kB)', deepObjects(30_000)],
    ['mixed, behind a valid prefix', `{"name":"ok","notes":"x","extra":[${deepObjects(MAX_JSON_DEPTH)}]}`],
  ])('deep %s in an authenticated write are refused with 400 and change nothing', async (_name, body) => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM customers WHERE business_id = $1`, [acme.id]);
    for (const [method, path] of [
      ['post', `/api/businesses/${acme.id}/customers`],
      ['put', `/api/businesses/${acme.id}/settings/availability`],
      ['put', `/api/businesses/${acme.id}/settings/general`],
    ] as const) {
      const res = await t.http()[method](path).set('authorization', `Bearer ${owner.token}`).set('content-type', 'application/json; charset=utf-8').send(body);
      expect(res.status, path).toBe(400);
      expect(res.body.code, path).toBe('body_too_deep');
    }
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM customers WHERE business_id = $1`, [acme.id]);
    expect(after).toBe(before);
  });

  it('brackets inside strings do not count, and a body at the limit reaches validation', async () => {
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const name = `${unique('brackets')} ${'[{'.repeat(40)}`;
    const created = await owner.post(`/api/businesses/${acme.id}/customers`, { name, notes: '"]}\\"' });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe(name);
    const atLimit = await t
      .http()
      .post(`/api/businesses/${acme.id}/customers`)
      .set('authorization', `Bearer ${owner.token}`)
      .set('content-type', 'application/json')
      .send(`{"name":"x","notes":${deepObjects(MAX_JSON_DEPTH - 1)}}`);
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.code).toBe('validation_failed');
  });
});

describe('no body is a 500, on any route', () => {
  const bodies: [string, string, string][] = [
    ['deep arrays', 'application/json', deepArrays(10_000)],
    ['deep objects', 'application/json', deepObjects(10_000)],
    ['broken JSON', 'application/json', '{"a":'],
    ['a JSON string', 'application/json', '"just a string"'],
    ['null', 'application/json', 'null'],
    ['a top-level array', 'application/json', '[1,2,3]'],
    ['prototype poisoning', 'application/json', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
    ['huge numbers', 'application/json', '{"name":1e400,"durationMinutes":-1e400,"limit":99999999999999999999999}'],
    ['a NUL byte', 'application/json', '{"name":"a\\u0000b","email":"x\\u0000@y.test"}'],
    ['wrong types everywhere', 'application/json', '{"name":{},"email":[],"businessId":{"$ne":null},"weekly":"x","startsAt":[],"role":{}}'],
    ['form-encoded', 'application/x-www-form-urlencoded', 'a=1&b[c]=2'],
    ['plain text', 'text/plain', '{"name":"x"}'],
  ];

  it('every documented route answers every hostile body below 500, as problem+json when refused', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const operator = await bearer(t, DEMO_LOGINS.operator);
    const cookie = await signIn(t, DEMO_LOGINS.acmeOwner);
    const zero = '00000000-0000-4000-8000-000000000000';
    const failures: string[] = [];
    let tried = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops).filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))) {
        // Signing out would end the session the rest of the battery uses.
        if (template.endsWith('/auth/logout')) continue;
        const path = template.replace('{businessId}', acme.id).replace(/\{[^}]+\}/g, zero);
        for (const [name, type, body] of bodies) {
          // Each (route, body) once, the kind of caller taking turns: keeps the battery quick.
          for (const who of [(['owner', 'operator', 'cookie'] as const)[tried % 3]!]) {
            let req = t.http()[method as 'post'](path).set('content-type', type);
            if (who === 'cookie') req = req.set('cookie', `sid=${cookie.cookies.sid}; XSRF-TOKEN=${cookie.xsrf()}`).set('x-xsrf-token', cookie.xsrf());
            else req = req.set('authorization', `Bearer ${(who === 'owner' ? owner : operator).token}`);
            const res = await req.send(body);
            tried++;
            if (res.status >= 500 || (res.status >= 400 && !/problem\+json/.test(String(res.headers['content-type'])))) {
              failures.push(`${method.toUpperCase()} ${template} [${name}, ${who}] → ${res.status} ${res.text.slice(0, 120)}`);
            }
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });
});
