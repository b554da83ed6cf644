import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditActionLabel, auditFieldLabel } from '#contracts';
import { createBusiness, DEMO_LOGINS, signIn, startTestApp, unique, type CookieSession, type TestApp } from './harness.js';

let t: TestApp;
let op: CookieSession;
let owner: CookieSession;
let biz: { id: string; slug: string; name: string };

/** A fresh business with one service, one resource and one customer, so names can be checked exactly. */
beforeAll(async () => {
  t = await startTestApp();
  op = await signIn(t, DEMO_LOGINS.operator);
  const slug = unique('logs');
  const ownerLogin = { email: `owner@${slug}.example.test`, password: 'owner-password' };
  // The owner joins the real way: the operator's invitation, accepted with their own password.
  biz = await createBusiness(t, op, { name: `Logs ${slug}`, slug, timeZone: 'Europe/Berlin', owner: { name: 'Log Owner', ...ownerLogin } });
  owner = await signIn(t, ownerLogin);
});
afterAll(() => t.close());

describe('audit labels', () => {
  it('label every action the API writes, in words', () => {
    for (const action of AUDIT_ACTIONS) {
      const label = auditActionLabel(action);
      expect(label, action).toBe(AUDIT_ACTION_LABELS[action]);
      expect(label, action).not.toMatch(/[._]/);
    }
    // A row from before the list (or a name it does not know) still reads as words.
    expect(auditActionLabel('system.seed')).toBe('Demo data seeded');
    expect(auditActionLabel('some.newThing_here')).toBe('Some new thing here');
    expect(auditFieldLabel('priceCents')).toBe('Price');
    expect(auditFieldLabel('weekly')).toBe('Opening hours');
  });
});

describe('names and formats for the audit rows', () => {
  it('the access log gives each change the names of the ids it mentions and the business’s zone and currency; page views only when asked', async () => {
    await owner
      .put(`/api/businesses/${biz.id}/settings/general`, { name: biz.name, timeZone: 'Europe/Berlin', currency: 'CHF', contactEmail: null, contactPhone: null })
      .expect(200);
    const service = (await owner.post(`/api/businesses/${biz.id}/services`, { name: 'Logged Cut', durationMinutes: 30, priceCents: 5000 }).expect(201)).body;
    const resource = (await owner.post(`/api/businesses/${biz.id}/resources`, { name: 'Logged Chair' }).expect(201)).body;
    await owner
      .put(`/api/businesses/${biz.id}/settings/availability`, {
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })),
        closedDates: [],
      })
      .expect(200);

    const imp = (await op.post('/api/impersonation', { businessId: biz.id, reason: unique('names') }).expect(201)).body.impersonation;
    const customer = (await op.post(`/api/businesses/${biz.id}/customers`, { name: 'Named Customer' }).expect(201)).body;
    await op.get(`/api/businesses/${biz.id}/customers/${customer.id}`).expect(200);
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCHours(10, 0, 0, 0);
    const booking = (
      await op
        .post(`/api/businesses/${biz.id}/bookings`, {
          customerId: customer.id,
          serviceId: service.id,
          resourceId: resource.id,
          startsAt: startsAt.toISOString(),
        })
        .expect(201)
    ).body;
    await op.patch(`/api/businesses/${biz.id}/services/${service.id}`, { priceCents: 5500 }).expect(200);
    await op.delete('/api/impersonation').expect(200);

    const log = (await owner.get(`/api/businesses/${biz.id}/access-log`).expect(200)).body;
    const visit = log.items.find((e: { impersonationId: string }) => e.impersonationId === imp.id);
    expect(visit.truncated).toBe(false);
    expect(visit.changes.map((c: { action: string }) => c.action)).toEqual(['customer.create', 'booking.create', 'service.update']);
    const [created, booked, repriced] = visit.changes;
    expect(created.business).toEqual({ id: biz.id, slug: biz.slug, name: biz.name, timeZone: 'Europe/Berlin', currency: 'CHF' });
    expect(created.names).toEqual({ [customer.id]: 'Named Customer' });
    expect(booked.names).toEqual({
      [booking.id]: 'Named Customer · Logged Cut',
      [customer.id]: 'Named Customer',
      [service.id]: 'Logged Cut',
      [resource.id]: 'Logged Chair',
    });
    expect(repriced.changes).toEqual({ priceCents: { before: 5000, after: 5500 } });
    expect(repriced.names).toEqual({ [service.id]: 'Logged Cut' });

    // Everything the visit did, reads included, oldest first.
    const all = (await owner.get(`/api/businesses/${biz.id}/access-log?activity=all`).expect(200)).body;
    const full = all.items.find((e: { impersonationId: string }) => e.impersonationId === imp.id);
    const actions = full.changes.map((c: { action: string }) => c.action);
    expect(actions).toEqual(expect.arrayContaining(['customer.create', 'customer.get', 'booking.create', 'service.update']));
    expect(actions.indexOf('customer.get')).toBeGreaterThan(actions.indexOf('customer.create'));
    expect(full.changes.find((c: { action: string }) => c.action === 'customer.get').names).toEqual({ [customer.id]: 'Named Customer' });
    expect((await owner.get(`/api/businesses/${biz.id}/access-log?activity=everything`).expect(400)).body.code).toBe('validation_failed');
  });

  it('the operator’s search can leave out page views, and names what it shows', async () => {
    const imp = (await op.post('/api/impersonation', { businessId: biz.id, reason: unique('views') }).expect(201)).body.impersonation;
    await op.get(`/api/businesses/${biz.id}/dashboard`).expect(200);
    const customer = (await op.post(`/api/businesses/${biz.id}/customers`, { name: 'Second Named' }).expect(201)).body;
    await op.delete('/api/impersonation').expect(200);

    const everything = (await op.get(`/api/audit?impersonationId=${imp.id}&order=asc`).expect(200)).body.items;
    expect(everything.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['impersonation.start', 'dashboard.view', 'customer.create', 'impersonation.end']),
    );
    const changes = (await op.get(`/api/audit?impersonationId=${imp.id}&order=asc&views=exclude`).expect(200)).body.items;
    expect(changes.some((e: { method: string | null }) => e.method === 'GET')).toBe(false);
    expect(changes.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['impersonation.start', 'customer.create']));
    expect(changes.find((e: { action: string }) => e.action === 'customer.create').names).toEqual({ [customer.id]: 'Second Named' });
    expect((await op.get('/api/audit?views=maybe').expect(400)).body.code).toBe('validation_failed');
  });
});
