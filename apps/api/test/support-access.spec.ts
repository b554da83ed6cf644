import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../src/messages/outbox.worker.js';
import { addTeamMember, createBusiness, DEMO_LOGINS, scratchDatabase, signIn, startTestApp, unique, type CookieSession, type TestApp } from './harness.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

/**
 * Support access on the owner's terms (SUPPORT_ACCESS, SUPPORT_BREAK_GLASS): the brief's open
 * behaviour by default; in granted mode an operator enters only while an owner has granted access,
 * a revoke or the grant running out ends the visit at the operator's next request, operators can
 * ask for access, and break-glass entries are allowed only by setting, with a reason, told at once.
 */
let sink: SmtpSink;
let scratch: Awaited<ReturnType<typeof scratchDatabase>>;

beforeAll(async () => {
  sink = await startSmtpSink();
  scratch = await scratchDatabase();
});
afterAll(async () => {
  await sink?.close();
  await scratch?.drop();
});

const onScratch = (): Record<string, string> => (scratch ? { DATABASE_URL: scratch.url } : {});

/** A new business with two owners and a staff member, made by the operator. */
async function freshBusiness(t: TestApp, op: CookieSession) {
  const slug = unique('sup');
  const login = { email: `owner@${slug}.example.test`, password: 'owner-password' };
  const biz = await createBusiness(t, op, { name: `Studio ${slug}`, slug, timeZone: 'Europe/Berlin', owner: { name: 'Ola Owner', ...login } });
  const owner = await signIn(t, login);
  const second = await addTeamMember(t, owner, biz.id, {
    name: 'Second Owner',
    email: `second@${slug}.example.test`,
    role: 'owner',
    password: 'second-password',
  });
  await addTeamMember(t, owner, biz.id, { name: 'Sam Staff', email: `staff@${slug}.example.test`, role: 'staff', password: 'staff-password' });
  const staff = await signIn(t, { email: `staff@${slug}.example.test`, password: 'staff-password' });
  return { biz, slug, owner, staff, ownerEmail: login.email, secondEmail: second.email };
}

async function listed(op: CookieSession, slug: string) {
  const res = await op.get(`/api/businesses?q=${slug}`).expect(200);
  return res.body.items.find((b: { slug: string }) => b.slug === slug);
}

async function auditRows(t: TestApp, businessId: string, action: string) {
  return t.db.query(
    `SELECT actor_id, outcome, status, impersonation_id, target_id, changes, details FROM audit_events WHERE business_id = $1 AND action = $2 ORDER BY occurred_at, id`,
    [businessId, action],
  );
}

describe('SUPPORT_ACCESS=open (the default): operators may always enter', () => {
  let t: TestApp;
  let op: CookieSession;
  beforeAll(async () => {
    t = await startTestApp(onScratch());
    op = await signIn(t, DEMO_LOGINS.operator);
  });
  afterAll(() => t?.close());

  it('enters without any grant; the list says open; there is nothing to request and no break-glass', async () => {
    const { biz, slug, owner } = await freshBusiness(t, op);
    expect((await listed(op, slug)).supportAccess).toEqual({ state: 'open', grantedUntil: null, breakGlassAvailable: false, lastRequestAt: null });
    expect((await owner.get(`/api/businesses/${biz.id}/settings/support-access`).expect(200)).body).toEqual({
      mode: 'open',
      grantedUntil: null,
      grantedAt: null,
      grantedBy: null,
      breakGlassAvailable: false,
    });
    const request = await op.post(`/api/businesses/${biz.id}/support-access/requests`, { reason: 'Ticket #1' }).expect(409);
    expect(request.body.code).toBe('support_access_not_needed');
    const glass = await op.post('/api/impersonation', { businessId: biz.id, breakGlass: true, reason: 'Outage' }).expect(403);
    expect(glass.body.code).toBe('break_glass_disabled');
    await op.post('/api/impersonation', { businessId: biz.id }).expect(201);
    await op.get(`/api/businesses/${biz.id}/dashboard`).expect(200);
    await op.delete('/api/impersonation').expect(200);
    expect(await t.db.query(`SELECT 1 FROM support_access_requests WHERE business_id = $1`, [biz.id])).toEqual([]);
  });

  it('an owner may still grant (it applies if the platform switches to granted), and it is audited', async () => {
    const { biz, owner } = await freshBusiness(t, op);
    const res = await owner.put(`/api/businesses/${biz.id}/settings/support-access`, { duration: 'P1D' }).expect(200);
    expect(res.body.mode).toBe('open');
    expect(new Date(res.body.grantedUntil).getTime() - new Date(res.body.grantedAt).getTime()).toBe(86_400_000);
    expect(await auditRows(t, biz.id, 'support_access.grant')).toHaveLength(1);
  });
});

describe('SUPPORT_ACCESS=granted', () => {
  let t: TestApp;
  let op: CookieSession;
  beforeAll(async () => {
    // Time limits longer than an hour's grant, so the grant runs out before the impersonation does.
    t = await startTestApp({
      SUPPORT_ACCESS: 'granted',
      SMTP_URL: sink.url,
      IMPERSONATION_TTL_MINUTES: '240',
      IMPERSONATION_IDLE_MINUTES: '240',
      ...onScratch(),
    });
    op = await signIn(t, DEMO_LOGINS.operator);
  });
  afterAll(() => t?.close());

  it('refuses to start without a grant (403 support_access_required, nothing starts, nobody is told), and starts with one', async () => {
    const { biz, slug, owner } = await freshBusiness(t, op);
    expect((await listed(op, slug)).supportAccess).toEqual({ state: 'closed', grantedUntil: null, breakGlassAvailable: false, lastRequestAt: null });
    const refused = await op.post('/api/impersonation', { businessId: biz.id, reason: 'Ticket #2' }).expect(403);
    expect(refused.body.code).toBe('support_access_required');
    expect((await op.get('/api/auth/me').expect(200)).body.impersonation).toBeNull();
    expect(await t.db.query(`SELECT 1 FROM impersonations WHERE business_id = $1`, [biz.id])).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM notices WHERE business_id = $1`, [biz.id])).toEqual([]);
    const [denied] = await auditRows(t, biz.id, 'impersonation.start');
    expect(denied).toMatchObject({ outcome: 'denied', status: 403 });

    const granted = (await owner.put(`/api/businesses/${biz.id}/settings/support-access`, { duration: 'PT1H' }).expect(200)).body;
    expect(granted).toMatchObject({ mode: 'granted', grantedBy: { id: owner.userId, name: 'Ola Owner' }, breakGlassAvailable: false });
    expect(new Date(granted.grantedUntil).getTime() - new Date(granted.grantedAt).getTime()).toBe(3_600_000);
    expect((await owner.get(`/api/businesses/${biz.id}/settings/support-access`).expect(200)).body).toEqual(granted);
    expect((await listed(op, slug)).supportAccess).toMatchObject({ state: 'granted', grantedUntil: granted.grantedUntil });
    const [grantRow] = await auditRows(t, biz.id, 'support_access.grant');
    expect(grantRow).toMatchObject({ actor_id: owner.userId, outcome: 'success', changes: { grantedUntil: { before: null, after: granted.grantedUntil } } });

    await op.post('/api/impersonation', { businessId: biz.id, reason: 'Ticket #2' }).expect(201);
    await op.get(`/api/businesses/${biz.id}/dashboard`).expect(200);
    await op.delete('/api/impersonation').expect(200);
  });

  it('a revoke ends the live impersonation at the operator’s next request, and says why', async () => {
    const { biz, owner } = await freshBusiness(t, op);
    await owner.put(`/api/businesses/${biz.id}/settings/support-access`, { duration: 'P7D' }).expect(200);
    const imp = (await op.post('/api/impersonation', { businessId: biz.id }).expect(201)).body.impersonation;
    await op.get(`/api/businesses/${biz.id}/bookings`).expect(200);

    const revoked = (await owner.put(`/api/businesses/${biz.id}/settings/support-access`, { duration: null }).expect(200)).body;
    expect(revoked).toMatchObject({ grantedUntil: null, grantedBy: null });
    const [revokeRow] = await auditRows(t, biz.id, 'support_access.revoke');
    expect(revokeRow).toMatchObject({ actor_id: owner.userId, outcome: 'success' });

    const ended = await op.get(`/api/businesses/${biz.id}/bookings`).expect(403);
    expect(ended.body).toMatchObject({ code: 'impersonation_expired', limit: 'support_access_revoked', business: { id: biz.id } });
    expect(ended.body.detail).toMatch(/revoked support access/);
    const [row] = await t.db.query(`SELECT ended_at, end_reason FROM impersonations WHERE id = $1`, [imp.id]);
    expect(row.end_reason).toBe('support_access_revoked');
    const [endRow] = await auditRows(t, biz.id, 'impersonation.end');
    expect(endRow).toMatchObject({ impersonation_id: imp.id, details: { endReason: 'support_access_revoked' } });
    // A write still carrying the ended visit's CSRF token is told the same, not "reload the page".
    const stale = await op.post(`/api/businesses/${biz.id}/customers`, { name: 'Late Write' }).expect(403);
    expect(stale.body).toMatchObject({ code: 'impersonation_expired', limit: 'support_access_revoked' });
    expect(await t.db.query(`SELECT 1 FROM customers WHERE business_id = $1 AND name = 'Late Write'`, [biz.id])).toEqual([]);
    // The operator's own session carries on, outside the business.
    expect((await op.get('/api/auth/me').expect(200)).body.impersonation).toBeNull();
    await op.get('/api/businesses').expect(200);
    expect((await op.post('/api/impersonation', { businessId: biz.id }).expect(403)).body.code).toBe('support_access_required');
    // Revoking again changes (and records) nothing.
    await owner.put(`/api/businesses/${biz.id}/settings/support-access`, { duration: null }).expect(200);
    expect(await auditRows(t, biz.id, 'support_access.revoke')).toHaveLength(1);
  });

  it('a grant running out ends the live impersonation at the next request', async () => {
    const { biz, owner } = await freshBusiness(t, op);
    await owner.put(`/api/businesses/${biz.id}/settings/support-access`, { duration: 'PT1H' }).expect(200);
    const imp = (await op.post('/api/impersonation', { businessId: biz.id }).expect(201)).body.impersonation;
    try {
      t.clock.advance(30 * 60_000);
      await op.get(`/api/businesses/${biz.id}/dashboard`).expect(200);
      t.clock.advance(31 * 60_000);
      const ended = await op.get(`/api/businesses/${biz.id}/dashboard`).expect(403);
      expect(ended.body).toMatchObject({ code: 'impersonation_expired', limit: 'support_access_expired' });
      const [row] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [imp.id]);
      expect(row.end_reason).toBe('support_access_expired');
      expect((await owner.get(`/api/businesses/${biz.id}/settings/support-access`).expect(200)).body.grantedUntil).toBeNull();
      // As the admin does on this answer: re-read the session (which re-issues the CSRF token outside the business).
      expect((await op.get('/api/auth/me').expect(200)).body.impersonation).toBeNull();
    } finally {
      t.clock.reset();
    }
  });

  it('only the business’s own owners grant: not staff, not another business’s owner, not an operator impersonating the owner; odd bodies are refused', async () => {
    const { biz, slug, owner, staff } = await freshBusiness(t, op);
    const url = `/api/businesses/${biz.id}/settings/support-access`;
    expect((await staff.put(url, { duration: 'P7D' }).expect(403)).body.code).toBe('owner_required');
    expect((await staff.get(url).expect(403)).body.code).toBe('owner_required');
    const otherOwner = await signIn(t, DEMO_LOGINS.acmeOwner);
    expect((await otherOwner.put(url, { duration: 'P7D' }).expect(403)).body.code).toBe('forbidden');
    for (const body of [
      {},
      { duration: 'PT2H' },
      { duration: 'P30D' },
      { duration: 3600 },
      { grantedUntil: '2099-01-01T00:00:00Z' },
      { duration: 'PT1H', grantedUntil: '2099-01-01T00:00:00Z' },
    ]) {
      const res = await owner.put(url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect(await t.db.query(`SELECT 1 FROM support_access_grants WHERE business_id = $1`, [biz.id])).toEqual([]);

    // Inside the business (granted for a day), the operator can see the setting but not extend or keep it.
    await owner.put(url, { duration: 'P1D' }).expect(200);
    await op.post('/api/impersonation', { businessId: biz.id }).expect(201);
    expect((await op.get(url).expect(200)).body.grantedUntil).not.toBeNull();
    for (const duration of ['P7D', null]) {
      const res = await op.put(url, { duration }).expect(403);
      expect(res.body.code).toBe('not_while_impersonating');
    }
    expect(await auditRows(t, biz.id, 'support_access.grant')).toHaveLength(1);
    await op.delete('/api/impersonation').expect(200);
    // A plain operator is not a member either.
    expect((await op.put(url, { duration: 'P7D' }).expect(403)).body.code).toBe('impersonation_required');
    expect((await listed(op, slug)).supportAccess.state).toBe('granted');
  });

  it('an access request tells each owner (notice + e-mail), is audited, and is throttled', async () => {
    const { biz, slug, owner, staff, ownerEmail, secondEmail } = await freshBusiness(t, op);
    const url = `/api/businesses/${biz.id}/support-access/requests`;
    expect((await op.post(url, {}).expect(400)).body.code).toBe('validation_failed');
    expect((await op.post(url, { reason: '   ' }).expect(400)).body.code).toBe('reason_required');
    expect((await op.post(`/api/businesses/00000000-0000-4000-8000-000000000000/support-access/requests`, { reason: 'x' }).expect(404)).body.code).toBe(
      'not_found',
    );
    expect((await owner.post(url, { reason: 'I am the owner' }).expect(403)).body.code).toBe('operator_only');

    const sent = (await op.post(url, { reason: 'Ticket #77: the calendar shows no bookings' }).expect(201)).body;
    expect(sent).toMatchObject({ businessId: biz.id, reason: 'Ticket #77: the calendar shows no bookings' });
    expect(new Date(sent.nextAllowedAt).getTime() - new Date(sent.createdAt).getTime()).toBe(3_600_000);

    const notices = (await owner.get('/api/notifications').expect(200)).body.items;
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: 'support_access.requested',
      business: { id: biz.id },
      facts: { operator: { email: DEMO_LOGINS.operator.email }, reason: 'Ticket #77: the calendar shows no bookings' },
      canDismiss: true,
    });
    expect((await staff.get('/api/notifications').expect(200)).body.items).toEqual([]);

    await t.app.get(OutboxWorker).drain();
    for (const to of [ownerEmail, secondEmail]) {
      const mails = sink.to(to).filter((m) => m.subject.includes('asks to enter'));
      expect(mails, to).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`Platform support asks to enter Studio ${slug}'s admin`);
      expect(mails[0]!.text).toContain('Their reason: Ticket #77: the calendar shows no bookings');
      expect(mails[0]!.text).toContain(`${t.config.publicUrl}/b/${slug}/settings/support-access`);
    }
    expect(sink.to(`staff@${slug}.example.test`).filter((m) => m.subject.includes('asks to enter'))).toEqual([]);
    const [audited] = await auditRows(t, biz.id, 'support_access.request');
    expect(audited).toMatchObject({ outcome: 'success', status: 201, target_id: sent.id, details: { reason: 'Ticket #77: the calendar shows no bookings' } });
    expect((await listed(op, slug)).supportAccess).toMatchObject({ state: 'closed', lastRequestAt: sent.createdAt });

    // Asking again within the hour is refused and tells no one.
    const again = await op.post(url, { reason: 'Please?' }).expect(429);
    expect(again.body.code).toBe('access_request_throttled');
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    expect(again.body.retryAfterSeconds).toBe(Number(again.headers['retry-after']));
    expect(await t.db.query(`SELECT 1 FROM support_access_requests WHERE business_id = $1`, [biz.id])).toHaveLength(1);
    expect((await owner.get('/api/notifications').expect(200)).body.items).toHaveLength(1);

    // Once granted there is nothing to ask for.
    await owner.put(`/api/businesses/${biz.id}/settings/support-access`, { duration: 'PT1H' }).expect(200);
    expect((await op.post(url, { reason: 'still?' }).expect(409)).body.code).toBe('support_access_not_needed');
  });

  it('refuses break-glass when SUPPORT_BREAK_GLASS is off', async () => {
    const { biz } = await freshBusiness(t, op);
    const res = await op.post('/api/impersonation', { businessId: biz.id, breakGlass: true, reason: 'Outage' }).expect(403);
    expect(res.body.code).toBe('break_glass_disabled');
    expect(await t.db.query(`SELECT 1 FROM impersonations WHERE business_id = $1`, [biz.id])).toEqual([]);
  });
});

describe('SUPPORT_ACCESS=granted with SUPPORT_BREAK_GLASS=true', () => {
  let t: TestApp;
  let op: CookieSession;
  beforeAll(async () => {
    t = await startTestApp({ SUPPORT_ACCESS: 'granted', SUPPORT_BREAK_GLASS: 'true', SMTP_URL: sink.url, ...onScratch() });
    op = await signIn(t, DEMO_LOGINS.operator);
  });
  afterAll(() => t?.close());

  it('enters without a grant only with a reason; the owners are told at once; it is audited and not ended by the missing grant', async () => {
    const { biz, slug, owner, ownerEmail, secondEmail } = await freshBusiness(t, op);
    expect((await listed(op, slug)).supportAccess).toMatchObject({ state: 'closed', breakGlassAvailable: true });
    expect((await owner.get(`/api/businesses/${biz.id}/settings/support-access`).expect(200)).body.breakGlassAvailable).toBe(true);
    expect((await op.post('/api/impersonation', { businessId: biz.id }).expect(403)).body.code).toBe('support_access_required');
    for (const body of [
      { businessId: biz.id, breakGlass: true },
      { businessId: biz.id, breakGlass: true, reason: '  ' },
    ]) {
      expect((await op.post('/api/impersonation', body).expect(400)).body.code).toBe('reason_required');
    }
    expect(await t.db.query(`SELECT 1 FROM impersonations WHERE business_id = $1`, [biz.id])).toEqual([]);

    const imp = (await op.post('/api/impersonation', { businessId: biz.id, breakGlass: true, reason: 'Incident 42: double bookings' }).expect(201)).body
      .impersonation;
    const [row] = await t.db.query(`SELECT break_glass FROM impersonations WHERE id = $1`, [imp.id]);
    expect(row.break_glass).toBe(true);
    const [glass] = await auditRows(t, biz.id, 'support_access.break_glass');
    expect(glass).toMatchObject({ actor_id: op.userId, impersonation_id: imp.id, outcome: 'success', details: { reason: 'Incident 42: double bookings' } });

    const [notice] = (await owner.get('/api/notifications').expect(200)).body.items;
    expect(notice).toMatchObject({
      kind: 'impersonation.started',
      facts: { breakGlass: true, reason: 'Incident 42: double bookings', impersonationId: imp.id },
    });
    await t.app.get(OutboxWorker).drain();
    for (const to of [ownerEmail, secondEmail]) {
      const mails = sink.to(to).filter((m) => m.subject.startsWith('Emergency access:'));
      expect(mails, to).toHaveLength(1);
      expect(mails[0]!.text).toContain('emergency (break-glass) access');
      expect(mails[0]!.text).toContain('Reason: Incident 42: double bookings');
    }

    // No grant, yet the emergency visit carries on until it is exited or its time limits end it.
    await op.get(`/api/businesses/${biz.id}/dashboard`).expect(200);
    await op.get(`/api/businesses/${biz.id}/bookings`).expect(200);
    await op.delete('/api/impersonation').expect(200);
  });
});
