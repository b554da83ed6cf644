import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTeamMember, DEMO_LOGINS, signIn, startTestApp, unique, type CookieSession, type TestApp, createBusiness } from './harness.js';

let t: TestApp;
let op: CookieSession;
let owner: CookieSession;
let staff: CookieSession;
let biz: { id: string; slug: string; name: string };
const base = () => `/api/businesses/${biz.id}/settings`;

/** A fresh business (created by the operator) with an owner and a staff member, so these tests change nothing shared. */
beforeAll(async () => {
  t = await startTestApp();
  op = await signIn(t, DEMO_LOGINS.operator);
  const slug = unique('set');
  const ownerLogin = { email: `owner@${slug}.example.test`, password: 'owner-password' };
  const staffLogin = { email: `staff@${slug}.example.test`, password: 'staff-password' };
  biz = await createBusiness(t, op, { name: `Settings ${slug}`, slug, timeZone: 'Europe/London', owner: { name: 'Set Owner', ...ownerLogin } });
  owner = await signIn(t, ownerLogin);
  await addTeamMember(t, owner, biz.id, { name: 'Set Staff', role: 'staff', ...staffLogin });
  staff = await signIn(t, staffLogin);
});
afterAll(() => t.close());

const auditRows = (action: string) =>
  t.db.query(`SELECT actor_id, impersonation_id, business_id, outcome, changes FROM audit_events WHERE action = $1 AND target_id = $2 ORDER BY id`, [
    action,
    biz.id,
  ]);

describe('general settings', () => {
  it('members read them; the owner replaces them, with one audit row of before/after', async () => {
    const before = (await staff.get(`${base()}/general`).expect(200)).body;
    expect(before).toEqual({ name: biz.name, timeZone: 'Europe/London', currency: 'EUR', contactEmail: null, contactPhone: null });
    const next = { name: 'Renamed Settings', timeZone: 'Asia/Tokyo', currency: 'EUR', contactEmail: 'Hello@Example.test', contactPhone: '+81 3 1234 5678' };
    const res = await owner.put(`${base()}/general`, next).expect(200);
    expect(res.body).toEqual({ ...next, contactEmail: 'hello@example.test' });
    expect((await staff.get(`${base()}/general`).expect(200)).body).toEqual(res.body);
    const audit = await auditRows('settings.general.update');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: owner.userId, business_id: biz.id, outcome: 'success', impersonation_id: null });
    expect(audit[0].changes).toEqual({
      name: { before: biz.name, after: 'Renamed Settings' },
      timeZone: { before: 'Europe/London', after: 'Asia/Tokyo' },
      contactEmail: { before: null, after: 'hello@example.test' },
      contactPhone: { before: null, after: '+81 3 1234 5678' },
    });
    // The operator's view follows.
    expect((await op.get(`/api/businesses/${biz.id}`).expect(200)).body).toMatchObject({ name: 'Renamed Settings', timeZone: 'Asia/Tokyo' });
    // Clearing the contact details.
    const cleared = await owner.put(`${base()}/general`, { ...next, contactEmail: null, contactPhone: null }).expect(200);
    expect(cleared.body).toMatchObject({ contactEmail: null, contactPhone: null });
  });

  it('staff get 403 owner_required on PUT and nothing changes', async () => {
    const before = (await owner.get(`${base()}/general`).expect(200)).body;
    const res = await staff.put(`${base()}/general`, { ...before, name: 'Staff was here' }).expect(403);
    expect(res.body.code).toBe('owner_required');
    expect((await owner.get(`${base()}/general`).expect(200)).body).toEqual(before);
  });

  it('prices in a currency: EUR for a new business, any ISO 4217 code with two decimals, kept when the body leaves it out', async () => {
    const before = (await owner.get(`${base()}/general`).expect(200)).body;
    const gbp = (await owner.put(`${base()}/general`, { ...before, currency: 'GBP' }).expect(200)).body;
    expect(gbp.currency).toBe('GBP');
    const { currency: _currency, ...withoutCurrency } = before;
    expect((await owner.put(`${base()}/general`, withoutCurrency).expect(200)).body.currency).toBe('GBP');
    // Every member's session, and the public booking page, name it.
    const me = (await staff.get('/api/auth/me').expect(200)).body;
    expect(me.memberships.find((m: { business: { id: string } }) => m.business.id === biz.id).business.currency).toBe('GBP');
    const audit = await auditRows('settings.general.update');
    expect(audit.at(-2).changes).toEqual({ currency: { before: 'EUR', after: 'GBP' } });
    await owner.put(`${base()}/general`, before).expect(200);
  });

  it.each([
    ['an unknown code', 'XYZ'],
    ['a code without two decimals (yen)', 'JPY'],
    ['a code with three decimals (dinar)', 'KWD'],
    ['lower case', 'eur'],
  ])('refuses %s with 400 invalid_currency and changes nothing', async (_label, currency) => {
    const before = (await owner.get(`${base()}/general`).expect(200)).body;
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'settings.general.update' AND target_id = $1`, [biz.id]);
    const res = await owner.put(`${base()}/general`, { ...before, currency, name: 'Not saved' }).expect(400);
    expect(res.body.code).toBe('invalid_currency');
    expect((await owner.get(`${base()}/general`).expect(200)).body).toEqual(before);
    expect(await auditRows('settings.general.update')).toHaveLength(n);
  });

  it('refuses an unknown time zone with 400 invalid_time_zone and changes nothing', async () => {
    const before = (await owner.get(`${base()}/general`).expect(200)).body;
    const res = await owner.put(`${base()}/general`, { ...before, timeZone: 'Nowhere/City' }).expect(400);
    expect(res.body.code).toBe('invalid_time_zone');
    expect((await owner.get(`${base()}/general`).expect(200)).body).toEqual(before);
  });

  it.each([
    ['a bad e-mail', { contactEmail: 'not-an-email' }],
    ['a missing field', { contactPhone: undefined }],
    ['a status (owners cannot suspend or reactivate)', { status: 'active' }],
    ['a slug (only the operator changes it)', { slug: 'new-slug' }],
    ['a currency that is not a code', { currency: 'EURO' }],
    ['a currency that is not a string', { currency: 978 }],
  ])('refuses %s with 400 validation_failed and changes nothing', async (_label, patch) => {
    const before = (await owner.get(`${base()}/general`).expect(200)).body;
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'settings.general.update' AND target_id = $1`, [biz.id]);
    const res = await owner.put(`${base()}/general`, { ...before, ...patch }).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect((await owner.get(`${base()}/general`).expect(200)).body).toEqual(before);
    expect(await auditRows('settings.general.update')).toHaveLength(n);
  });
});

describe('branding', () => {
  it('staff read it (the shell brands with it); the owner changes it, with one audit row', async () => {
    expect((await staff.get(`${base()}/branding`).expect(200)).body).toEqual({ primaryColor: null, logoUrl: null });
    // The logo is uploaded (security-logo.spec.ts); the branding PUT sets the colour and keeps or removes the logo.
    const next = { primaryColor: '#1A2B3C', logoUrl: null };
    const res = await owner.put(`${base()}/branding`, next).expect(200);
    expect(res.body).toEqual({ primaryColor: '#1a2b3c', logoUrl: null });
    expect((await staff.get(`${base()}/branding`).expect(200)).body).toEqual(res.body);
    const me = (await staff.get('/api/auth/me').expect(200)).body;
    expect(me.memberships[0].business).toMatchObject({ primaryColor: '#1a2b3c', logoUrl: null });
    const audit = await auditRows('settings.branding.update');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: owner.userId, outcome: 'success' });
    expect(audit[0].changes).toEqual({ primaryColor: { before: null, after: '#1a2b3c' } });
    const res403 = await staff.put(`${base()}/branding`, { primaryColor: null, logoUrl: null }).expect(403);
    expect(res403.body.code).toBe('owner_required');
  });

  it.each([
    ['a colour name', { primaryColor: 'red' }],
    ['a short colour', { primaryColor: '#abc' }],
    ['a colour with a script', { primaryColor: '#000000;background:url(x)' }],
    ['a logo URL over 2048 characters', { logoUrl: `https://cdn.example.test/${'a'.repeat(2048)}.png` }],
    // Logos are uploaded, never linked: any URL but the current logo's has its own code.
    ['an https logo elsewhere', { logoUrl: 'https://cdn.example.test/logo.png' }, 'logo_url_external'],
    ['an http logo', { logoUrl: 'http://cdn.example.test/logo.png' }, 'logo_url_external'],
    ['a javascript: logo', { logoUrl: 'javascript:alert(1)' }, 'logo_url_external'],
    ['a data: logo', { logoUrl: 'data:image/png;base64,AAAA' }, 'logo_url_external'],
    ['a protocol-relative logo', { logoUrl: '//cdn.example.test/logo.png' }, 'logo_url_external'],
  ])('refuses %s with 400 and changes nothing', async (_label, patch, code = 'validation_failed') => {
    const before = (await owner.get(`${base()}/branding`).expect(200)).body;
    const audited = (await auditRows('settings.branding.update')).length;
    const res = await owner.put(`${base()}/branding`, { ...before, ...patch }).expect(400);
    expect(res.body.code).toBe(code);
    expect((await owner.get(`${base()}/branding`).expect(200)).body).toEqual(before);
    expect(await auditRows('settings.branding.update')).toHaveLength(audited);
  });

  it('an operator impersonating as owner may change it; the audit row names the operator and the impersonation', async () => {
    const imp = (await op.post('/api/impersonation', { businessId: biz.id, role: 'owner', reason: 'branding help' }).expect(201)).body.impersonation;
    try {
      const before = (await auditRows('settings.branding.update')).length;
      await op.put(`${base()}/branding`, { primaryColor: '#00ff00', logoUrl: null }).expect(200);
      const rows = await auditRows('settings.branding.update');
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({ actor_id: op.userId, impersonation_id: imp.id, business_id: biz.id });
    } finally {
      await op.delete('/api/impersonation').expect(200);
    }
  });

  it('an operator impersonating as staff reads but cannot write; read-only cannot write either', async () => {
    await op.post('/api/impersonation', { businessId: biz.id, role: 'staff' }).expect(201);
    try {
      await op.get(`${base()}/branding`).expect(200);
      expect((await op.put(`${base()}/branding`, { primaryColor: null, logoUrl: null }).expect(403)).body.code).toBe('owner_required');
      await op.post('/api/impersonation', { businessId: biz.id, role: 'owner', readOnly: true }).expect(201);
      expect((await op.put(`${base()}/general`, (await op.get(`${base()}/general`).expect(200)).body).expect(403)).body.code).toBe('read_only_impersonation');
    } finally {
      await op.delete('/api/impersonation').expect(200);
    }
  });

  it('members of another business get 403 forbidden', async () => {
    const other = await signIn(t, DEMO_LOGINS.acmeOwner);
    expect((await other.get(`${base()}/branding`).expect(403)).body.code).toBe('forbidden');
    expect((await other.put(`${base()}/branding`, { primaryColor: null, logoUrl: null }).expect(403)).body.code).toBe('forbidden');
  });
});
