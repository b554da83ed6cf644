import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_CAPABILITIES, type Capability } from '#contracts';
import { listRoutes, type DeclaredRoute } from '../src/access/route-inventory.js';
import { bearer, businessBySlug, DEMO_LOGINS, startTestApp, type TestApp } from './harness.js';

/**
 * An id in a path that is not a UUID names nothing: every route answers 404 `not_found`, the same as
 * for an id that does not exist (never 400 on some routes and 404 on others, never a 500), for a
 * caller who may use the route.
 */
const NOT_IDS = new Set([':slug', ':token']);
const NIL_ID = '00000000-0000-4000-8000-000000000000';
const SESSION_ROUTES = new Set(['AuthController', 'ImpersonationController']);

let t: TestApp;
let routes: DeclaredRoute[];
let acmeId: string;
let owner: Awaited<ReturnType<typeof bearer>>;
let operator: Awaited<ReturnType<typeof bearer>>;

beforeAll(async () => {
  t = await startTestApp();
  routes = listRoutes(t.app);
  acmeId = (await businessBySlug(t, 'acme-hair')).id;
  owner = await bearer(t, DEMO_LOGINS.acmeOwner);
  operator = await bearer(t, DEMO_LOGINS.operator);
});
afterAll(() => t.close());

const callerFor = (capability: Capability) => (capability === 'platform' || capability === 'impersonation' ? operator : capability === 'public' ? null : owner);

describe('a malformed id in the path', () => {
  it('is 404 not_found on every route that takes one', async () => {
    const wrong: string[] = [];
    let probed = 0;
    for (const route of routes) {
      if (SESSION_ROUTES.has(route.controller)) continue;
      const params = route.path.match(/:[A-Za-z]+/g)?.filter((p) => !NOT_IDS.has(p)) ?? [];
      const capability = (ROUTE_CAPABILITIES as Record<string, Capability>)[`${route.method} ${route.path}`];
      if (!capability) continue; // named by the permission test
      for (const malformed of params) {
        const path = route.path.replace(/:[A-Za-z]+/g, (p) => (p === malformed ? 'not-a-uuid' : p === ':businessId' ? acmeId : NIL_ID));
        const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        const client = callerFor(capability);
        const res = client ? await client[method](path) : await t.http()[method](path).send({});
        probed++;
        if (res.status !== 404 || res.body.code !== 'not_found')
          wrong.push(`${route.method} ${route.path} with ${malformed} malformed: ${res.status} ${res.body.code}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(probed).toBeGreaterThan(20);
  });
});
