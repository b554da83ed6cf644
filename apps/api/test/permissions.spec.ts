import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLERS, PERMISSIONS, ROUTE_CAPABILITIES, type Caller, type Capability } from '#contracts';
import { listRoutes, type DeclaredRoute } from '../src/access/route-inventory.js';
import { addTeamMember, bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, unique, type TestApp, createBusiness } from './harness.js';

/**
 * docs/ARCHITECTURE.md §2's permission table, walked for every route the running app serves, as
 * every kind of caller. The expectations come from libs/contracts/src/permissions.ts, which names
 * the capability each route needs and what each caller gets for it, written from the product's
 * rules: never from the route's own access declaration, so a wrongly declared route fails here.
 */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes whose calls change the caller's own session; they have dedicated tests (auth.spec, impersonation.spec). */
const SESSION_ROUTES = new Set(['AuthController', 'ImpersonationController']);

const NIL_ID = '00000000-0000-4000-8000-000000000000';

type Client = Awaited<ReturnType<typeof bearer>>;

let t: TestApp;
let routes: DeclaredRoute[];
let acmeId: string;
let suspendedId: string;
const clients = new Map<Caller, Client | null>();

/** The business a caller's requests name: the suspended one for its own users and its impersonator, else acme-hair. */
const businessOf = (caller: Caller) => (caller.includes('suspended') ? suspendedId : acmeId);

beforeAll(async () => {
  t = await startTestApp();
  routes = listRoutes(t.app);
  acmeId = (await businessBySlug(t, 'acme-hair')).id;
  const brightId = (await businessBySlug(t, 'bright-dental')).id;

  // A business of the test's own, with an owner and a staff member, then suspended by an operator.
  const operator = await bearer(t, DEMO_LOGINS.operator);
  const slug = unique('perm');
  const suspendedOwner = { name: 'Suspended Owner', email: `owner@${slug}.example.test`, password: 'owner-password' };
  suspendedId = (await createBusiness(t, operator, { name: `Perm ${slug}`, slug, timeZone: 'Europe/Berlin', owner: suspendedOwner })).id;
  const ownerClient = await bearer(t, { email: suspendedOwner.email, password: suspendedOwner.password });
  const suspendedStaff = { name: 'Suspended Staff', email: `staff@${slug}.example.test`, role: 'staff' as const, password: 'staff-password' };
  await addTeamMember(t, ownerClient, suspendedId, suspendedStaff);
  await operator.patch(`/api/businesses/${suspendedId}`, { status: 'suspended' }).expect(200);

  const logins: Partial<Record<Caller, { email: string; password: string }>> = {
    staff: DEMO_LOGINS.acmeStaff,
    owner: DEMO_LOGINS.acmeOwner,
    'owner of another business': DEMO_LOGINS.brightOwner,
    'staff of a suspended business': { email: suspendedStaff.email, password: suspendedStaff.password },
    'owner of a suspended business': { email: suspendedOwner.email, password: suspendedOwner.password },
  };
  const impersonations: Partial<Record<Caller, { businessId: string; role: 'owner' | 'staff'; readOnly: boolean }>> = {
    'operator impersonating it as owner': { businessId: acmeId, role: 'owner', readOnly: false },
    'operator impersonating it as staff': { businessId: acmeId, role: 'staff', readOnly: false },
    'operator impersonating it read-only': { businessId: acmeId, role: 'owner', readOnly: true },
    'operator impersonating another business': { businessId: brightId, role: 'owner', readOnly: false },
    'operator impersonating a suspended business': { businessId: suspendedId, role: 'owner', readOnly: false },
  };
  for (const caller of CALLERS) {
    if (caller === 'anonymous') clients.set(caller, null);
    else if (logins[caller]) clients.set(caller, await bearer(t, logins[caller]));
    else {
      const c = await bearer(t, DEMO_LOGINS.operator);
      const imp = impersonations[caller];
      if (imp) await c.post('/api/impersonation', imp).expect(201);
      clients.set(caller, c);
    }
  }
});
afterAll(() => t.close());

function concretePath(route: DeclaredRoute, businessId = acmeId): string {
  return route.path.replace(':businessId', businessId).replace(/:[A-Za-z]+/g, NIL_ID);
}

const REFRESH_TABLE = 'add it to ROUTE_CAPABILITIES in libs/contracts/src/permissions.ts with the capability the product gives it (docs/ARCHITECTURE.md §2)';

describe('permission table (docs/ARCHITECTURE.md §2), every served route', () => {
  it('every route declares its access, and the table names every route and nothing else', () => {
    expect(routes.every((r) => r.access)).toBe(true);
    expect(routes.length).toBeGreaterThan(5);
    const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
    const unnamed = [...served].filter((key) => !(key in ROUTE_CAPABILITIES)).map((key) => `${key}: ${REFRESH_TABLE}`);
    const gone = Object.keys(ROUTE_CAPABILITIES)
      .filter((key) => !served.has(key))
      .map((key) => `${key}: no such route; remove it from ROUTE_CAPABILITIES`);
    expect([...unnamed, ...gone]).toEqual([]);
  });

  it.each(CALLERS.map((c) => [c] as const))('%s gets exactly what the table allows', async (caller) => {
    const mismatches: string[] = [];
    const client = clients.get(caller);
    for (const route of routes) {
      if (SESSION_ROUTES.has(route.controller)) continue;
      const label = `${route.method} ${route.path}`;
      const capability = (ROUTE_CAPABILITIES as Record<string, Capability>)[label];
      if (!capability) continue; // reported by the test above
      const path = concretePath(route, businessOf(caller));
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      // A body the validation pipe always refuses: a request that passes access stops at 400 and changes nothing.
      const probe = { __probe: true };
      const res = client
        ? await (UNSAFE.has(route.method) && method !== 'delete'
            ? (client[method] as (p: string, b?: object) => Promise<{ status: number; body: { code?: string } }>)(path, probe)
            : client[method](path))
        : await (t.http()[method](path) as unknown as Promise<{ status: number; body: { code?: string } }>);
      const want = PERMISSIONS[capability][caller];
      if (want === 'allow') {
        if (res.status === 401 || res.status === 403 || res.status >= 500)
          mismatches.push(`${label} (${capability}): expected access, got ${res.status} ${res.body.code}`);
      } else {
        const status = want === 'authentication_required' ? 401 : 403;
        if (res.status !== status || res.body.code !== want)
          mismatches.push(`${label} (${capability}): expected ${status} ${want}, got ${res.status} ${res.body.code}`);
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
    const cookie = Object.entries(s.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
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
