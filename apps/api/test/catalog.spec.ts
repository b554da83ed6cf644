import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, unique, type CookieSession, type TestApp } from './harness.js';

let t: TestApp;
let acme: { id: string };
let owner: CookieSession;
let staff: CookieSession;
const base = (rest: string) => `/api/businesses/${acme.id}${rest}`;

beforeAll(async () => {
  t = await startTestApp();
  acme = await businessBySlug(t, 'acme-hair');
  owner = await signIn(t, DEMO_LOGINS.acmeOwner);
  staff = await signIn(t, DEMO_LOGINS.acmeStaff);
});
afterAll(() => t.close());

/** Relative order of the given names in the list (the database collation orders the rest). */
const orderOf = (list: { name: string }[], names: string[]) => list.map((x) => x.name).filter((n) => names.includes(n));

describe('services', () => {
  it('staff read every service, by name', async () => {
    const list = (await staff.get(base('/services')).expect(200)).body;
    expect(list.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['Haircut', 'Colour', 'Beard trim']));
    expect(orderOf(list, ['Haircut', 'Colour', 'Beard trim'])).toEqual(['Beard trim', 'Colour', 'Haircut']);
    expect(list[0]).toEqual({ id: expect.any(String), name: expect.any(String), durationMinutes: expect.any(Number), priceCents: expect.any(Number), active: expect.any(Boolean) });
  });

  it('owners add and change services, audited', async () => {
    const name = unique('Fringe');
    const created = (await owner.post(base('/services'), { name, durationMinutes: 20, priceCents: 900 }).expect(201)).body;
    expect(created).toEqual({ id: expect.any(String), name, durationMinutes: 20, priceCents: 900, active: true });
    const changed = (await owner.patch(base(`/services/${created.id}`), { priceCents: 1100, active: false }).expect(200)).body;
    expect(changed).toEqual({ ...created, priceCents: 1100, active: false });
    expect((await staff.get(base('/services')).expect(200)).body).toContainEqual(changed);
    const rows = await t.db.query(`SELECT action, changes FROM audit_events WHERE target_type = 'service' AND target_id = $1 ORDER BY id`, [created.id]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['service.create', 'service.update']);
    expect(rows[1].changes).toEqual({ priceCents: { before: 900, after: 1100 }, active: { before: true, after: false } });
  });

  it.each([
    [{ name: '', durationMinutes: 30, priceCents: 0 }],
    [{ name: 'x'.repeat(201), durationMinutes: 30, priceCents: 0 }],
    [{ name: 'Short', durationMinutes: 4, priceCents: 0 }],
    [{ name: 'Long', durationMinutes: 1441, priceCents: 0 }],
    [{ name: 'Fraction', durationMinutes: 30.5, priceCents: 0 }],
    [{ name: 'Negative', durationMinutes: 30, priceCents: -1 }],
    [{ name: 'Cents', durationMinutes: 30, priceCents: 9.99 }],
    [{ name: 'Text', durationMinutes: '30', priceCents: 0 }],
    [{ name: 'Tenant', durationMinutes: 30, priceCents: 0, businessId: '00000000-0000-4000-8000-000000000000' }],
  ])('refuses %j with 400 validation_failed', async (body) => {
    expect((await owner.post(base('/services'), body).expect(400)).body.code).toBe('validation_failed');
  });

  it('answers 404 for an unknown or malformed id', async () => {
    await owner.patch(base('/services/00000000-0000-4000-8000-000000000000'), { name: 'x' }).expect(404);
    await owner.patch(base('/services/42'), { name: 'x' }).expect(404);
  });
});

describe('resources', () => {
  it('staff read every resource, by name; owners add, rename and retire them', async () => {
    const name = unique('Chair');
    const created = (await owner.post(base('/resources'), { name }).expect(201)).body;
    expect(created).toEqual({ id: expect.any(String), name, active: true });
    const renamed = (await owner.patch(base(`/resources/${created.id}`), { name: `${name} (window)`, active: false }).expect(200)).body;
    expect(renamed).toEqual({ id: created.id, name: `${name} (window)`, active: false });
    const list = (await staff.get(base('/resources')).expect(200)).body;
    expect(list).toContainEqual(renamed);
    expect(orderOf(list, ['Chair 1', 'Chair 2', 'Chair 3'])).toEqual(['Chair 1', 'Chair 2', 'Chair 3']);
    const [row] = await t.db.query(`SELECT actor_id FROM audit_events WHERE action = 'resource.create' AND target_id = $1`, [created.id]);
    expect(row.actor_id).toBe(owner.userId);
  });

  it('refuses a nameless resource and a null name', async () => {
    await owner.post(base('/resources'), { name: ' ' }).expect(400);
    const r = (await owner.post(base('/resources'), { name: unique('Room') }).expect(201)).body;
    await owner.patch(base(`/resources/${r.id}`), { name: null }).expect(400);
  });
});

describe('who may change the catalog', () => {
  it('staff get 403 owner_required on every write, and nothing changes', async () => {
    const service = (await staff.get(base('/services')).expect(200)).body[0];
    const resource = (await staff.get(base('/resources')).expect(200)).body[0];
    const api = await bearer(t, DEMO_LOGINS.acmeStaff);
    for (const res of [
      await staff.post(base('/services'), { name: unique('Nope'), durationMinutes: 30, priceCents: 0 }),
      await staff.patch(base(`/services/${service.id}`), { name: 'Hacked' }),
      await staff.post(base('/resources'), { name: unique('Nope') }),
      await api.patch(base(`/resources/${resource.id}`), { name: 'Hacked' }),
      await staff.put(base('/settings/availability'), { weekly: [], closedDates: [] }),
    ]) {
      expect([res.status, res.body.code]).toEqual([403, 'owner_required']);
    }
    expect((await staff.get(base('/services')).expect(200)).body).toContainEqual(service);
    expect((await staff.get(base('/resources')).expect(200)).body).toContainEqual(resource);
    expect((await staff.get(base('/settings/availability')).expect(200)).body.weekly.length).toBeGreaterThan(0);
  });
});

describe('OpenAPI', () => {
  it('documents the booking routes with their problem codes', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const create = doc.paths['/api/businesses/{businessId}/bookings'].post;
    expect(create.tags).toContain('bookings');
    expect(JSON.stringify(create.responses)).toMatch(/slot_taken/);
    expect(JSON.stringify(create.responses)).toMatch(/outside_availability/);
    expect(doc.paths['/api/businesses/{businessId}/settings/availability'].put).toBeDefined();
    expect(doc.paths['/api/businesses/{businessId}/calendar'].get).toBeDefined();
  });
});
