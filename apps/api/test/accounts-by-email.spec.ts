import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../src/messages/outbox.worker.js';
import { DEMO_LOGINS, scratchDatabase, signIn, startTestApp, unique, type CookieSession, type TestApp, createBusiness } from './harness.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from './support/smtp-sink.js';

/**
 * Accounts by e-mail, end to end through a real SMTP server: invitations (no owner-typed passwords,
 * nothing revealed to the inviter, no orphan accounts) and "forgot password".
 */
let t: TestApp;
let sink: SmtpSink;
let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
let op: CookieSession;

beforeAll(async () => {
  sink = await startSmtpSink();
  scratch = await scratchDatabase();
  t = await startTestApp({ SMTP_URL: sink.url, MAIL_FROM: 'Bookings <bookings@platform.test>', ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
  op = await signIn(t, DEMO_LOGINS.operator);
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
  await scratch?.drop();
});

/** Delivers what is due and returns the newest mail to `to`. */
async function mailTo(to: string): Promise<ReceivedMail> {
  await t.app.get(OutboxWorker).drain();
  const got = sink.to(to);
  if (!got.length) throw new Error(`no mail to ${to}`);
  return got[got.length - 1]!;
}

function linkToken(mail: ReceivedMail, path: string): string {
  const origin = t.config.publicUrl;
  const match = new RegExp(`${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${path}#token=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in:\n${mail.text}`);
  expect(mail.html).toContain(`${origin}${path}#token=${match[1]}`);
  return match[1]!;
}

async function freshBusiness(zone = 'Europe/Paris') {
  const slug = unique('acc');
  const login = { email: `owner@${slug}.example.test`, password: 'owner-password' };
  const biz = await createBusiness(t, op, { name: `Studio ${slug}`, slug, timeZone: zone, owner: { name: 'Olga Owner', ...login } });
  await (await signIn(t, login)).put(`/api/businesses/${biz.id}/settings/branding`, { primaryColor: '#b4235a', logoUrl: null }).expect(200);
  return { biz, slug, owner: await signIn(t, login), team: `/api/businesses/${biz.id}/team` };
}

describe('team invitations by e-mail', () => {
  it('invite → the e-mail arrives in the business’s branding → set password → sign in', async () => {
    const { biz, owner, team, slug } = await freshBusiness();
    const email = `newbie@${slug}.example.test`;
    await owner.post(team, { name: 'Nia Newbie', email, role: 'staff' }).expect(201);
    const mail = await mailTo(email);
    expect(mail.subject).toBe(`You're invited to join Studio ${slug}`);
    expect(mail.from).toContain(`Studio ${slug}`);
    expect(mail.from).toContain('bookings@platform.test');
    expect(mail.html).toContain('#b4235a');
    expect(mail.text).toContain('Olga Owner has invited you');
    expect(mail.text).toMatch(/expires .*\(Europe\/Paris\)/);
    const token = linkToken(mail, '/accept-invite');

    const lookup = await t.http().post('/api/team-invitations/lookup').send({ token }).expect(200);
    expect(lookup.body).toMatchObject({ business: { name: `Studio ${slug}`, slug }, email, role: 'staff', account: 'new', name: 'Nia Newbie' });
    const short = await t.http().post('/api/team-invitations/accept').send({ token, password: 'short' }).expect(400);
    expect(short.body.code).toBe('validation_failed');
    await t.http().post('/api/team-invitations/accept').send({ token, password: 'nias-own-password', name: 'Nia N.' }).expect(200);
    const nia = await signIn(t, { email, password: 'nias-own-password' });
    const me = (await nia.get('/api/auth/me').expect(200)).body;
    expect(me.user.name).toBe('Nia N.');
    expect(me.memberships).toEqual([expect.objectContaining({ role: 'staff', business: expect.objectContaining({ id: biz.id }) })]);
    // The link works once.
    expect((await t.http().post('/api/team-invitations/accept').send({ token, password: 'another-password' }).expect(400)).body.code).toBe('token_invalid');
    expect((await t.http().post('/api/team-invitations/lookup').send({ token }).expect(400)).body.code).toBe('token_invalid');
  });

  it('reveals nothing to the inviter: an address with an account elsewhere gets the same answer as a new one, and no account is created', async () => {
    const { owner, team, slug, biz } = await freshBusiness();
    const fresh = `fresh@${slug}.example.test`;
    const a = await owner.post(team, { name: 'Fresh Person', email: fresh, role: 'staff' });
    const b = await owner.post(team, { name: 'Known Person', email: 'staff@bright-dental.demo.test', role: 'staff' });
    const c = await owner.post(team, { name: 'An Operator', email: DEMO_LOGINS.operator.email, role: 'staff' });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort();
    expect(shape(b.body)).toEqual(shape(a.body));
    expect(shape(c.body)).toEqual(shape(a.body));
    for (const res of [a, b, c]) expect(res.body.expired).toBe(false);
    // The pending list looks alike for all three, and no account was made for the fresh address.
    const pending = (await owner.get(`${team}/invitations`).expect(200)).body as { email: string }[];
    expect(pending.map((p) => p.email).sort()).toEqual([fresh, DEMO_LOGINS.operator.email, 'staff@bright-dental.demo.test'].sort());
    expect(await t.db.query(`SELECT 1 FROM users WHERE email = $1`, [fresh])).toHaveLength(0);
    // The mails themselves are worded alike too (only the names differ).
    const norm = (m: ReceivedMail) => m.text.replace(/Hello [^,]+,/, 'Hello X,').replace(/token=[A-Za-z0-9_-]+/, 'token=T');
    expect(norm(await mailTo('staff@bright-dental.demo.test'))).toBe(norm(await mailTo(fresh)));

    // The existing person accepts with their own password (a wrong one is refused) and keeps their other business.
    const token = linkToken(await mailTo('staff@bright-dental.demo.test'), '/accept-invite');
    expect((await t.http().post('/api/team-invitations/lookup').send({ token }).expect(200)).body.account).toBe('existing');
    expect((await t.http().post('/api/team-invitations/accept').send({ token, password: 'not-their-password' }).expect(401)).body.code).toBe(
      'invalid_credentials',
    );
    await t.http().post('/api/team-invitations/accept').send({ token, password: DEMO_LOGINS.brightStaff.password }).expect(200);
    const staff = await signIn(t, DEMO_LOGINS.brightStaff);
    const slugs = (await staff.get('/api/auth/me').expect(200)).body.memberships.map((m: { business: { slug: string } }) => m.business.slug).sort();
    expect(slugs).toEqual(['bright-dental', slug].sort());
    // An operator account cannot become a member.
    const opToken = linkToken(await mailTo(DEMO_LOGINS.operator.email), '/accept-invite');
    expect((await t.http().post('/api/team-invitations/accept').send({ token: opToken, password: DEMO_LOGINS.operator.password }).expect(409)).body.code).toBe(
      'account_unavailable',
    );
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM memberships WHERE business_id = $1`, [biz.id]);
    expect(n).toBe(2);
  });

  it('removing the last membership leaves no orphan account: signed out, cannot sign in; a later invitation reopens it with a new password', async () => {
    const { owner, team, slug } = await freshBusiness();
    const email = `leaver@${slug}.example.test`;
    await owner.post(team, { name: 'Lee Leaver', email, role: 'staff' }).expect(201);
    await t
      .http()
      .post('/api/team-invitations/accept')
      .send({ token: linkToken(await mailTo(email), '/accept-invite'), password: 'leaver-password' })
      .expect(200);
    const lee = await signIn(t, { email, password: 'leaver-password' });
    const [{ id }] = await t.db.query(`SELECT id FROM users WHERE email = $1`, [email]);
    await owner.delete(`${team}/${id}`).expect(204);
    expect((await lee.get('/api/auth/me').expect(401)).body.code).toBe('session_revoked');
    expect((await t.http().post('/api/auth/login').send({ email, password: 'leaver-password' }).expect(401)).body.code).toBe('invalid_credentials');
    const [closed] = await t.db.query(`SELECT closed_at, disabled_at FROM users WHERE id = $1`, [id]);
    expect(closed.closed_at).not.toBeNull();
    // A reset link is not sent to a closed account (the answer is the same as always).
    await t.http().post('/api/auth/password-reset').send({ email }).expect(202);
    const before = sink.to(email).length;
    await t.app.get(OutboxWorker).drain();
    expect(sink.to(email).length).toBe(before);

    await owner.post(team, { name: 'Lee Again', email, role: 'staff' }).expect(201);
    const token = linkToken(await mailTo(email), '/accept-invite');
    expect((await t.http().post('/api/team-invitations/lookup').send({ token }).expect(200)).body.account).toBe('new');
    await t.http().post('/api/team-invitations/accept').send({ token, password: 'a-fresh-start' }).expect(200);
    await signIn(t, { email, password: 'a-fresh-start' });
    const [reopened] = await t.db.query(`SELECT id, closed_at, disabled_at FROM users WHERE email = $1`, [email]);
    expect(reopened).toEqual({ id, closed_at: null, disabled_at: null });
  });

  it('a withdrawn or expired invitation link does nothing', async () => {
    const { owner, team, slug } = await freshBusiness();
    const email = `maybe@${slug}.example.test`;
    const inv = (await owner.post(team, { name: 'May Be', email, role: 'owner' }).expect(201)).body;
    const token = linkToken(await mailTo(email), '/accept-invite');
    await owner.delete(`${team}/invitations/${inv.id}`).expect(204);
    expect((await t.http().post('/api/team-invitations/accept').send({ token, password: 'whatever-1' }).expect(400)).body.code).toBe('token_invalid');
    // Withdrawn before delivery: the message is cancelled, not sent.
    const later = `later@${slug}.example.test`;
    const inv2 = (await owner.post(team, { name: 'Lay Ter', email: later, role: 'staff' }).expect(201)).body;
    await owner.delete(`${team}/invitations/${inv2.id}`).expect(204);
    await t.app.get(OutboxWorker).drain();
    expect(sink.to(later)).toHaveLength(0);
    // Expired after 7 days.
    const third = `third@${slug}.example.test`;
    await owner.post(team, { name: 'Third', email: third, role: 'staff' }).expect(201);
    const token3 = linkToken(await mailTo(third), '/accept-invite');
    t.clock.advance(7 * 24 * 3600_000 + 1000);
    try {
      expect((await t.http().post('/api/team-invitations/accept').send({ token: token3, password: 'too-late-1' }).expect(400)).body.code).toBe('token_invalid');
      expect((await owner.get(`${team}/invitations`)).status).toBe(401);
    } finally {
      t.clock.reset();
    }
    // Tampered tokens.
    for (const bad of [token3.slice(0, -1) + (token3.endsWith('A') ? 'B' : 'A'), 'x'.repeat(87), '', 'a/b']) {
      const res = await t.http().post('/api/team-invitations/accept').send({ token: bad, password: 'whatever-1' });
      expect([400]).toContain(res.status);
    }
  });
});

describe('a business made by an operator', () => {
  it('its owner is invited by e-mail (no typed password) → sets their own password → signs in as owner', async () => {
    const slug = unique('opbiz');
    const email = `first-owner@${slug}.example.test`;
    const created = (
      await op.post('/api/businesses', { name: `Clinic ${slug}`, slug, timeZone: 'Asia/Tokyo', owner: { name: 'Fumi First', email } }).expect(201)
    ).body;
    expect(created).toMatchObject({ owner: null, ownerInvitation: { name: 'Fumi First', email, expired: false } });
    const mail = await mailTo(email);
    expect(mail.subject).toBe(`You're invited to join Clinic ${slug}`);
    expect(mail.from).toContain(`Clinic ${slug}`);
    expect(mail.text).toMatch(/Hello Fumi First,\n\n.+ from the platform team has invited you to join Clinic .+ as owner\./);
    expect(mail.text).toMatch(/expires .*\(Asia\/Tokyo\)/);
    const token = linkToken(mail, '/accept-invite');
    expect((await t.http().post('/api/team-invitations/lookup').send({ token }).expect(200)).body).toMatchObject({ role: 'owner', account: 'new', email });
    await t.http().post('/api/team-invitations/accept').send({ token, password: 'fumis-own-password' }).expect(200);
    const owner = await signIn(t, { email, password: 'fumis-own-password' });
    const me = (await owner.get('/api/auth/me').expect(200)).body;
    expect(me.memberships).toEqual([expect.objectContaining({ role: 'owner', business: expect.objectContaining({ id: created.id }) })]);
    // The owner has the owner's powers, and the operator now sees them as the owner.
    await owner.put(`/api/businesses/${created.id}/settings/branding`, { primaryColor: '#123456', logoUrl: null }).expect(200);
    expect((await op.get(`/api/businesses/${created.id}`).expect(200)).body).toMatchObject({ owner: { email, name: 'Fumi First' }, ownerInvitation: null });
  });
});

describe('forgot password', () => {
  it('reset flow: one link by e-mail, new password works, old one and every session stop, the link works once', async () => {
    const { slug, team, owner } = await freshBusiness();
    const email = `forgetful@${slug}.example.test`;
    await owner.post(team, { name: 'Fay Forgetful', email, role: 'staff' }).expect(201);
    await t
      .http()
      .post('/api/team-invitations/accept')
      .send({ token: linkToken(await mailTo(email), '/accept-invite'), password: 'first-password' })
      .expect(200);
    const elsewhere = await signIn(t, { email, password: 'first-password' });

    const res = await t.http().post('/api/auth/password-reset').send({ email: email.toUpperCase() }).expect(202);
    expect(res.body.accepted).toBe(true);
    const mail = await mailTo(email);
    expect(mail.subject).toBe('Reset your password');
    const token = linkToken(mail, '/reset-password');
    const [stored] = await t.db.query(`SELECT token_hash FROM password_resets WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [email]);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await t.db.query(`SELECT * FROM password_resets`))).not.toContain(token.slice(22));

    const done = await t.http().post('/api/auth/password-reset/confirm').send({ token, password: 'second-password' }).expect(200);
    expect(done.body).toEqual({ email });
    expect((await elsewhere.get('/api/auth/me').expect(401)).body.code).toBe('session_revoked');
    await t.http().post('/api/auth/login').send({ email, password: 'first-password' }).expect(401);
    await signIn(t, { email, password: 'second-password' });
    expect((await t.http().post('/api/auth/password-reset/confirm').send({ token, password: 'third-password' }).expect(400)).body.code).toBe('token_invalid');
    const [audit] = await t.db.query(
      `SELECT actor_id, details FROM audit_events WHERE action = 'auth.password_reset' AND target_id = (SELECT id::text FROM users WHERE email = $1)`,
      [email],
    );
    expect(audit.details).toMatchObject({ sessionsRevoked: true });
  });

  it('answers alike whether or not the address has an account, and mails nobody for an unknown one', async () => {
    const unknown = `${unique('nobody')}@example.test`;
    const known = await t.http().post('/api/auth/password-reset').send({ email: DEMO_LOGINS.acmeStaff.email });
    const none = await t.http().post('/api/auth/password-reset').send({ email: unknown });
    expect([known.status, none.status]).toEqual([202, 202]);
    expect(none.body).toEqual(known.body);
    await t.app.get(OutboxWorker).drain();
    expect(sink.to(unknown)).toHaveLength(0);
    expect(sink.to(DEMO_LOGINS.acmeStaff.email).length).toBeGreaterThanOrEqual(1);
  });

  it('expires after an hour', async () => {
    const email = DEMO_LOGINS.brightOwner.email;
    t.clock.advance(2 * 3600_000); // past the per-account hour of earlier tests
    try {
      await t.http().post('/api/auth/password-reset').send({ email }).expect(202);
      const token = linkToken(await mailTo(email), '/reset-password');
      t.clock.advance(61 * 60_000);
      expect((await t.http().post('/api/auth/password-reset/confirm').send({ token, password: 'never-set-1' }).expect(400)).body.code).toBe('token_invalid');
    } finally {
      t.clock.reset();
    }
    await signIn(t, DEMO_LOGINS.brightOwner);
  });

  it('is throttled: three links an hour per account (then the same answer and no mail), and a burst of 50 from one address lets exactly 10 through', async () => {
    t.clock.advance(24 * 3600_000); // a quiet window of its own
    try {
      const email = DEMO_LOGINS.acmeOwner.email;
      const before = sink.to(email).length;
      for (let i = 0; i < 5; i++) await t.http().post('/api/auth/password-reset').send({ email }).expect(202);
      await t.app.get(OutboxWorker).drain();
      expect(sink.to(email).length - before).toBe(3);

      t.clock.advance(3600_000);
      const burst = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t
            .http()
            .post('/api/auth/password-reset')
            .send({ email: i % 2 ? `${unique('b')}@example.test` : email }),
        ),
      );
      const codes = burst.map((r) => r.status);
      expect(codes.filter((c) => c === 202)).toHaveLength(10);
      expect(codes.filter((c) => c === 429)).toHaveLength(40);
      const limited = burst.find((r) => r.status === 429)!;
      expect(limited.body.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      t.clock.reset();
    }
  });
});
