import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../src/common/access.decorators.js';
import { listRoutes, type DeclaredRoute } from '../src/common/route-audit.js';
import { bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, type TestApp } from './harness.js';

/**
 * docs/ARCHITECTURE.md §2's permission table, walked for every route the running app declares: a new route is
 * in this table the moment it exists. The expectations below are written from the table itself,
 * independently of the AccessGuard's code.
 */
type Persona =
  | { name: string; kind: 'anonymous' }
  | { name: string; kind: 'business'; role: 'owner' | 'staff'; ownBusiness: boolean }
  | { name: string; kind: 'operator'; impersonating: null | { role: 'owner' | 'staff'; readOnly: boolean; sameBusiness: boolean } };

const PERSONAS: Persona[] = [
  { name: 'anonymous', kind: 'anonymous' },
  { name: 'staff of the business', kind: 'business', role: 'staff', ownBusiness: true },
  { name: 'owner of the business', kind: 'business', role: 'owner', ownBusiness: true },
  { name: 'owner of another business', kind: 'business', role: 'owner', ownBusiness: false },
  { name: 'operator', kind: 'operator', impersonating: null },
  { name: 'operator impersonating it as owner', kind: 'operator', impersonating: { role: 'owner', readOnly: false, sameBusiness: true } },
  { name: 'operator impersonating it as staff', kind: 'operator', impersonating: { role: 'staff', readOnly: false, sameBusiness: true } },
  { name: 'operator impersonating it read-only', kind: 'operator', impersonating: { role: 'owner', readOnly: true, sameBusiness: true } },
  { name: 'operator impersonating another business', kind: 'operator', impersonating: { role: 'owner', readOnly: false, sameBusiness: false } },
];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes whose calls change the caller's own session; they have dedicated tests (auth.spec, impersonation.spec). */
const SESSION_ROUTES = new Set(['AuthController', 'ImpersonationController']);

type Expectation = { allowed: true } | { allowed: false; status: 401 | 403; code: string };

/**
 * Signed-in routes that only a business's own owner may use: dismissing an in-app notice of an
 * operator's visit. An operator, impersonating or not, may read the notice but never clear it.
 */
const OWNER_ONLY_SIGNED_IN = new Set(['POST /api/notifications/:id/dismiss']);

function expected(access: RouteAccess, p: Persona, method: string, label: string): Expectation {
  if (access.kind === 'public') return { allowed: true };
  if (p.kind === 'anonymous') return { allowed: false, status: 401, code: 'authentication_required' };
  if (access.kind === 'authenticated') {
    if (OWNER_ONLY_SIGNED_IN.has(label) && p.kind === 'operator') return { allowed: false, status: 403, code: 'owner_required' };
    return { allowed: true };
  }
  if (access.kind === 'operator') {
    if (p.kind !== 'operator') return { allowed: false, status: 403, code: 'operator_only' };
    if (p.impersonating && !access.whileImpersonating) return { allowed: false, status: 403, code: 'impersonation_active' };
    return { allowed: true };
  }
  // business route, always called with the first business's id
  if (p.kind === 'business') {
    if (!p.ownBusiness) return { allowed: false, status: 403, code: 'forbidden' };
    if (access.minRole === 'owner' && p.role !== 'owner') return { allowed: false, status: 403, code: 'owner_required' };
    return { allowed: true };
  }
  if (!p.impersonating) return { allowed: false, status: 403, code: 'impersonation_required' };
  if (!p.impersonating.sameBusiness) return { allowed: false, status: 403, code: 'forbidden' };
  if (access.minRole === 'owner' && p.impersonating.role !== 'owner') return { allowed: false, status: 403, code: 'owner_required' };
  if (p.impersonating.readOnly && UNSAFE.has(method)) return { allowed: false, status: 403, code: 'read_only_impersonation' };
  return { allowed: true };
}

let t: TestApp;
let routes: DeclaredRoute[];
let acmeId: string;
const clients = new Map<string, Awaited<ReturnType<typeof bearer>> | null>();

beforeAll(async () => {
  t = await startTestApp();
  routes = listRoutes(t.app);
  acmeId = (await businessBySlug(t, 'acme-hair')).id;
  const brightId = (await businessBySlug(t, 'bright-dental')).id;
  for (const p of PERSONAS) {
    if (p.kind === 'anonymous') clients.set(p.name, null);
    else if (p.kind === 'business') {
      const login = p.ownBusiness ? (p.role === 'owner' ? DEMO_LOGINS.acmeOwner : DEMO_LOGINS.acmeStaff) : DEMO_LOGINS.brightOwner;
      clients.set(p.name, await bearer(t, login));
    } else {
      const c = await bearer(t, DEMO_LOGINS.operator);
      if (p.impersonating) {
        const { role, readOnly, sameBusiness } = p.impersonating;
        await c.post('/api/impersonation', { businessId: sameBusiness ? acmeId : brightId, role, readOnly }).expect(201);
      }
      clients.set(p.name, c);
    }
  }
});
afterAll(() => t.close());

function concretePath(route: DeclaredRoute): string {
  return route.path
    .replace(':businessId', acmeId)
    .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
}

describe('permission table (docs/ARCHITECTURE.md §2), every declared route', () => {
  it('every route declares its access, and the table covers a real API', () => {
    expect(routes.every((r) => r.access)).toBe(true);
    expect(routes.length).toBeGreaterThan(5);
  });

  it.each(PERSONAS.map((p) => [p.name, p] as const))('%s gets exactly what the table allows', async (_name, persona) => {
    const mismatches: string[] = [];
    for (const route of routes) {
      if (SESSION_ROUTES.has(route.controller)) continue;
      const path = concretePath(route);
      const client = clients.get(persona.name);
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      // A body the validation pipe always refuses: a request that passes access stops at 400 and changes nothing.
      const probe = { __probe: true };
      const res = client
        ? await (UNSAFE.has(route.method) && method !== 'delete' ? (client[method] as (p: string, b?: object) => Promise<{ status: number; body: { code?: string } }>)(path, probe) : client[method](path))
        : await (t.http()[method](path) as unknown as Promise<{ status: number; body: { code?: string } }>);
      const label = `${route.method} ${route.path}`;
      const want = expected(route.access!, persona, route.method, label);
      if (want.allowed) {
        if (res.status === 401 || res.status === 403 || res.status >= 500) mismatches.push(`${label}: expected access, got ${res.status} ${res.body.code}`);
      } else if (res.status !== want.status || res.body.code !== want.code) {
        mismatches.push(`${label}: expected ${want.status} ${want.code}, got ${res.status} ${res.body.code}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('CSRF on every unsafe route (cookie sessions)', () => {
  it.each([
    ['an owner', DEMO_LOGINS.acmeOwner, false],
    ['an operator impersonating the business', DEMO_LOGINS.operator, true],
  ] as const)('%s without X-XSRF-TOKEN is refused with csrf_invalid everywhere', async (_name, login, impersonate) => {
    const s = await signIn(t, login);
    if (impersonate) await s.post('/api/impersonation', { businessId: acmeId }).expect(201);
    const cookie = Object.entries(s.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const unsafe = routes.filter((r) => UNSAFE.has(r.method) && r.access?.kind !== 'public');
    expect(unsafe.length).toBeGreaterThan(10);
    const through: string[] = [];
    for (const route of unsafe) {
      const method = route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
      const res = await t.http()[method](concretePath(route)).set('cookie', cookie).send({});
      if (res.status !== 403 || res.body.code !== 'csrf_invalid') through.push(`${route.method} ${route.path}: ${res.status} ${res.body.code}`);
    }
    expect(through).toEqual([]);
    // Nothing above signed the session out or ended the impersonation.
    const me = (await s.get('/api/auth/me').expect(200)).body;
    expect(me.impersonation !== null).toBe(impersonate);
  });
});

