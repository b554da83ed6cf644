import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessBySlug, createBusiness, DEMO_LOGINS, signIn, startTestApp, unique, type CookieSession, type TestApp } from './harness.js';

let t: TestApp;
let op: CookieSession;
let owner: CookieSession;
let biz: { id: string; slug: string };
const setup = () => `/api/businesses/${biz.id}/setup`;
const steps = async (who: CookieSession) => {
  const body = (await who.get(setup()).expect(200)).body as { steps: { step: string; done: boolean }[]; complete: boolean };
  return { done: body.steps.filter((s) => s.done).map((s) => s.step), order: body.steps.map((s) => s.step), complete: body.complete };
};

beforeAll(async () => {
  t = await startTestApp();
  op = await signIn(t, DEMO_LOGINS.operator);
  const slug = unique('setup');
  const ownerLogin = { email: `owner@${slug}.example.test`, password: 'owner-password' };
  // The owner joins the real way: the operator's invitation, accepted with their own password.
  biz = await createBusiness(t, op, { name: `Setup ${slug}`, slug, timeZone: 'Europe/Dublin', owner: { name: 'New Owner', ...ownerLogin } });
  owner = await signIn(t, ownerLogin);
});
afterAll(() => t.close());

describe('set-up checklist', () => {
  it('a new business has every step to do; each is done as soon as its data exists, and undone when it goes', async () => {
    expect(await steps(owner)).toEqual({ done: [], order: ['hours', 'services', 'resources', 'team', 'branding'], complete: false });

    await owner
      .put(`/api/businesses/${biz.id}/settings/availability`, { weekly: [{ weekday: 1, opens: '09:00', closes: '17:00' }], closedDates: [] })
      .expect(200);
    const service = (await owner.post(`/api/businesses/${biz.id}/services`, { name: 'First service', durationMinutes: 30, priceCents: 2000 }).expect(201)).body;
    expect((await steps(owner)).done).toEqual(['hours', 'services']);

    // An inactive resource is not one a booking can use.
    const resource = (await owner.post(`/api/businesses/${biz.id}/resources`, { name: 'Room', active: false }).expect(201)).body;
    expect((await steps(owner)).done).toEqual(['hours', 'services']);
    await owner.patch(`/api/businesses/${biz.id}/resources/${resource.id}`, { active: true }).expect(200);

    // An open invitation counts: the owner has done their part.
    await owner.post(`/api/businesses/${biz.id}/team`, { name: 'Invited Person', email: `${unique('inv')}@example.test`, role: 'staff' }).expect(201);
    await owner.put(`/api/businesses/${biz.id}/settings/branding`, { primaryColor: '#1d4ed8', logoUrl: null }).expect(200);
    expect(await steps(owner)).toMatchObject({ done: ['hours', 'services', 'resources', 'team', 'branding'], complete: true });

    // Retiring the only service puts the step back.
    await owner.patch(`/api/businesses/${biz.id}/services/${service.id}`, { active: false }).expect(200);
    expect(await steps(owner)).toMatchObject({ done: ['hours', 'resources', 'team', 'branding'], complete: false });
  });

  it('an impersonating operator reads it; another business’s member and an operator outside it do not', async () => {
    const imp = await op.post('/api/impersonation', { businessId: biz.id, reason: unique('setup') }).expect(201);
    expect(imp.body.impersonation.business.currency).toBe('EUR');
    expect((await steps(op)).order).toHaveLength(5);
    await op.delete('/api/impersonation').expect(200);
    expect((await op.get(setup()).expect(403)).body.code).toBe('impersonation_required');
    const other = await signIn(t, DEMO_LOGINS.acmeOwner);
    expect((await other.get(setup()).expect(403)).body.code).toBe('forbidden');
  });

  it('the demo businesses are set up, except for what the seed leaves out', async () => {
    const acme = await businessBySlug(t, 'acme-hair');
    const acmeOwner = await signIn(t, DEMO_LOGINS.acmeOwner);
    const res = (await acmeOwner.get(`/api/businesses/${acme.id}/setup`).expect(200)).body;
    expect(res).toEqual({ steps: ['hours', 'services', 'resources', 'team', 'branding'].map((step) => ({ step, done: true })), complete: true });
  });
});
