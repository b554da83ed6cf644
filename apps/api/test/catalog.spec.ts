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
    expect(list[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      durationMinutes: expect.any(Number),
      priceCents: expect.any(Number),
      active: expect.any(Boolean),
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      resourceIds: [],
    });
  });

  it('owners add and change services, audited', async () => {
    const name = unique('Fringe');
    const created = (await owner.post(base('/services'), { name, durationMinutes: 20, priceCents: 900 }).expect(201)).body;
    expect(created).toEqual({
      id: expect.any(String),
      name,
      durationMinutes: 20,
      priceCents: 900,
      active: true,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      resourceIds: [],
    });
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
    expect(created).toEqual({ id: expect.any(String), name, active: true, workingHours: [] });
    const renamed = (await owner.patch(base(`/resources/${created.id}`), { name: `${name} (window)`, active: false }).expect(200)).body;
    expect(renamed).toEqual({ id: created.id, name: `${name} (window)`, active: false, workingHours: [] });
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

describe('buffers, eligibility and resource hours', () => {
  it("owners set a service's buffers and the resources that perform it; audited; bad values and foreign ids refused", async () => {
    const r1 = (await owner.post(base('/resources'), { name: unique('Room') }).expect(201)).body;
    const r2 = (await owner.post(base('/resources'), { name: unique('Room') }).expect(201)).body;
    const created = (
      await owner
        .post(base('/services'), { name: unique('Massage'), durationMinutes: 50, priceCents: 6000, bufferAfterMinutes: 10, resourceIds: [r1.id] })
        .expect(201)
    ).body;
    expect(created).toMatchObject({ bufferBeforeMinutes: 0, bufferAfterMinutes: 10, resourceIds: [r1.id] });
    const changed = (await owner.patch(base(`/services/${created.id}`), { bufferBeforeMinutes: 5, resourceIds: [r1.id, r2.id] }).expect(200)).body;
    expect(changed.bufferBeforeMinutes).toBe(5);
    expect([...changed.resourceIds].sort()).toEqual([r1.id, r2.id].sort());
    const [row] = await t.db.query(`SELECT changes FROM audit_events WHERE action = 'service.update' AND target_id = $1`, [created.id]);
    expect(Object.keys(row.changes).sort()).toEqual(['bufferBeforeMinutes', 'resourceIds']);
    expect((await owner.patch(base(`/services/${created.id}`), { resourceIds: [] }).expect(200)).body.resourceIds).toEqual([]);

    const bright = await businessBySlug(t, 'bright-dental');
    const [foreign] = await t.db.query(`SELECT id FROM resources WHERE business_id = $1 LIMIT 1`, [bright.id]);
    expect((await owner.patch(base(`/services/${created.id}`), { resourceIds: [foreign.id] })).status).toBe(404);
    for (const body of [{ bufferAfterMinutes: 241 }, { bufferBeforeMinutes: -1 }, { resourceIds: ['x'] }, { resourceIds: [r1.id, r1.id] }]) {
      expect((await owner.patch(base(`/services/${created.id}`), body)).status).toBe(400);
    }
    expect((await staff.get(base('/services')).expect(200)).body.find((s: { id: string }) => s.id === created.id).resourceIds).toEqual([]);
  });

  it('owners give a resource its own weekly hours (replaced as a whole); overlapping or inverted hours are refused', async () => {
    const r = (await owner.post(base('/resources'), { name: unique('Chair'), workingHours: [{ weekday: 1, opens: '10:00', closes: '14:00' }] }).expect(201))
      .body;
    expect(r.workingHours).toEqual([{ weekday: 1, opens: '10:00', closes: '14:00' }]);
    const hours = [
      { weekday: 2, opens: '09:00', closes: '12:00' },
      { weekday: 2, opens: '13:00', closes: '17:00' },
    ];
    expect((await owner.patch(base(`/resources/${r.id}`), { workingHours: hours }).expect(200)).body.workingHours).toEqual(hours);
    for (const workingHours of [
      [{ weekday: 3, opens: '12:00', closes: '09:00' }],
      [
        { weekday: 3, opens: '09:00', closes: '12:00' },
        { weekday: 3, opens: '11:00', closes: '13:00' },
      ],
      [{ weekday: 8, opens: '09:00', closes: '10:00' }],
    ]) {
      expect((await owner.patch(base(`/resources/${r.id}`), { workingHours })).status).toBe(400);
    }
    expect((await owner.patch(base(`/resources/${r.id}`), { workingHours: [] }).expect(200)).body.workingHours).toEqual([]);
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
