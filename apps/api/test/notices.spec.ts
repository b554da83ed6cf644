import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../src/messages/outbox.worker.js';
import { addTeamMember, DEMO_LOGINS, scratchDatabase, signIn, startTestApp, unique, type CookieSession, type TestApp, createBusiness } from './harness.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

/** The business always knows when the platform enters: an in-app notice and an e-mail to each owner. */
let t: TestApp;
let sink: SmtpSink;
let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
let op: CookieSession;

beforeAll(async () => {
  sink = await startSmtpSink();
  scratch = await scratchDatabase();
  t = await startTestApp({ SMTP_URL: sink.url, ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
  op = await signIn(t, DEMO_LOGINS.operator);
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
  await scratch?.drop();
});

async function freshBusiness() {
  const slug = unique('ntc');
  const login = { email: `owner@${slug}.example.test`, password: 'owner-password' };
  const biz = await createBusiness(t, op, { name: `Salon ${slug}`, slug, timeZone: 'Asia/Tokyo', owner: { name: 'Oda Owner', ...login } });
  const owner = await signIn(t, login);
  const second = await addTeamMember(t, owner, biz.id, {
    name: 'Second Owner',
    email: `second@${slug}.example.test`,
    role: 'owner',
    password: 'second-password',
  });
  await addTeamMember(t, owner, biz.id, { name: 'Sam Staff', email: `staff@${slug}.example.test`, role: 'staff', password: 'staff-password' });
  return {
    biz,
    slug,
    owner,
    ownerEmail: login.email,
    secondEmail: second.email,
    staff: await signIn(t, { email: `staff@${slug}.example.test`, password: 'staff-password' }),
  };
}

describe('impersonation notices', () => {
  it('each owner gets an e-mail with who, when (in the business’s zone), role, read-only, reason and the access-log link', async () => {
    const { biz, slug, ownerEmail, secondEmail } = await freshBusiness();
    const started = (
      await op.post('/api/impersonation', { businessId: biz.id, role: 'staff', readOnly: true, reason: 'Ticket #4711: calendar looks empty' }).expect(201)
    ).body;
    await t.app.get(OutboxWorker).drain();
    for (const to of [ownerEmail, secondEmail]) {
      const mails = sink.to(to).filter((m) => m.subject.includes('Platform support entered'));
      expect(mails, to).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.subject).toBe(`Platform support entered Salon ${slug}'s admin`);
      expect(mail.text).toMatch(/Who: [^\n]+ <operator@demo\.test>/);
      expect(mail.text).toMatch(/When: .*\(Asia\/Tokyo\)/);
      expect(mail.text).toContain('Acting as: staff');
      expect(mail.text).toContain('Access: read-only');
      expect(mail.text).toContain('Reason: Ticket #4711: calendar looks empty');
      expect(mail.text).toContain(`${t.config.publicUrl}/b/${slug}/access-log?visit=${started.impersonation.id}`);
    }
    // Staff are not told (the access log is the owners').
    expect(sink.to(`staff@${slug}.example.test`).filter((m) => m.subject.includes('Platform support'))).toHaveLength(0);
    await op.delete('/api/impersonation').expect(200);
  });

  it('owners see the notice and only they can dismiss it; an impersonating operator sees it but cannot clear it', async () => {
    const { biz, slug, owner, staff } = await freshBusiness();
    const startRes = await op.post('/api/impersonation', { businessId: biz.id, reason: 'Checking the branding' });
    expect(startRes.status, JSON.stringify(startRes.body)).toBe(201);
    const imp = startRes.body.impersonation;
    const seenByOwner = (await owner.get('/api/notifications').expect(200)).body.items;
    expect(seenByOwner).toHaveLength(1);
    expect(seenByOwner[0]).toMatchObject({
      kind: 'impersonation.started',
      business: { id: biz.id, slug },
      canDismiss: true,
      accessLogPath: `/b/${slug}/access-log?visit=${imp.id}`,
      facts: { operator: { email: DEMO_LOGINS.operator.email }, role: 'owner', readOnly: false, reason: 'Checking the branding', impersonationId: imp.id },
    });
    expect((await staff.get('/api/notifications').expect(200)).body.items).toEqual([]);

    // The operator, still impersonating as owner, sees the same notice and cannot dismiss it.
    const seenByOperator = (await op.get('/api/notifications').expect(200)).body.items;
    expect(seenByOperator.map((n: { id: string }) => n.id)).toEqual([seenByOwner[0].id]);
    expect(seenByOperator[0].canDismiss).toBe(false);
    expect((await op.post(`/api/notifications/${seenByOwner[0].id}/dismiss`).expect(403)).body.code).toBe('owner_required');
    // Nor as read-only, nor a staff member, nor an owner of another business.
    await op.post('/api/impersonation', { businessId: biz.id, readOnly: true }).expect(201);
    expect((await op.post(`/api/notifications/${seenByOwner[0].id}/dismiss`)).status).toBe(403);
    expect((await staff.post(`/api/notifications/${seenByOwner[0].id}/dismiss`)).status).toBe(404);
    const other = await signIn(t, DEMO_LOGINS.acmeOwner);
    expect((await other.post(`/api/notifications/${seenByOwner[0].id}/dismiss`)).status).toBe(404);
    const [still] = await t.db.query(`SELECT dismissed_at FROM notices WHERE id = $1`, [seenByOwner[0].id]);
    expect(still.dismissed_at).toBeNull();
    const [refusal] = await t.db.query(
      `SELECT actor_id, outcome, status FROM audit_events WHERE action = 'notice.dismiss' AND outcome = 'denied' AND business_id = $1`,
      [biz.id],
    );
    expect(refusal).toMatchObject({ outcome: 'denied', status: 403 });
    await op.delete('/api/impersonation').expect(200);

    // The owner dismisses both notices (two visits): each is audited and gone for every owner.
    const open = (await owner.get('/api/notifications').expect(200)).body.items as { id: string }[];
    expect(open).toHaveLength(2);
    for (const n of open) await owner.post(`/api/notifications/${n.id}/dismiss`).expect(204);
    expect((await owner.get('/api/notifications').expect(200)).body.items).toEqual([]);
    await owner.post(`/api/notifications/${open[0]!.id}/dismiss`).expect(404);
    const dismissed = await t.db.query(`SELECT actor_id FROM audit_events WHERE action = 'notice.dismiss' AND outcome = 'success' AND business_id = $1`, [
      biz.id,
    ]);
    expect(dismissed).toHaveLength(2);
    expect(dismissed.every((r: { actor_id: string }) => r.actor_id === owner.userId)).toBe(true);
  });
});

describe('a reason may be required to enter', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await startTestApp({ IMPERSONATION_REASON_REQUIRED: 'true', ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
  });
  afterAll(() => strict?.close());

  it('refuses to start without one (400 reason_required, nothing starts, nobody is told), and starts with one', async () => {
    const operator = await signIn(strict, DEMO_LOGINS.operator);
    const [acme] = await strict.db.query(`SELECT id FROM businesses WHERE slug = 'acme-hair'`);
    const [{ n: before }] = await strict.db.query(`SELECT count(*)::int AS n FROM notices WHERE business_id = $1`, [acme.id]);
    for (const body of [{ businessId: acme.id }, { businessId: acme.id, reason: '   ' }]) {
      const res = await operator.post('/api/impersonation', body).expect(400);
      expect(res.body.code).toBe('reason_required');
    }
    expect((await operator.get('/api/auth/me').expect(200)).body.impersonation).toBeNull();
    const [{ n: after }] = await strict.db.query(`SELECT count(*)::int AS n FROM notices WHERE business_id = $1`, [acme.id]);
    expect(after).toBe(before);
    await operator.post('/api/impersonation', { businessId: acme.id, reason: 'Ticket #1' }).expect(201);
    await operator.delete('/api/impersonation').expect(200);
  });
});
