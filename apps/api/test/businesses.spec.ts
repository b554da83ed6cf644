import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorBusinessView } from '#contracts';
import {
  bearer,
  businessBySlug,
  createBusiness,
  DEMO_LOGINS,
  oneTimeToken,
  signIn,
  startTestApp,
  unique,
  type CookieSession,
  type TestApp,
} from './harness.js';

let t: TestApp;
let op: CookieSession;
beforeAll(async () => {
  t = await startTestApp();
  op = await signIn(t, DEMO_LOGINS.operator);
});
afterAll(() => t.close());

function newBusiness(overrides: Partial<{ name: string; slug: string; timeZone: string }> = {}) {
  const slug = overrides.slug ?? unique('biz');
  return {
    name: overrides.name ?? `Biz ${slug}`,
    slug,
    timeZone: overrides.timeZone ?? 'Europe/Berlin',
    owner: { name: `Owner ${slug}`, email: `owner@${slug}.example.test` },
  };
}

/** A business whose owner has accepted the invitation and chosen `owner-password`. */
const withOwner = (body: ReturnType<typeof newBusiness>) => createBusiness(t, op, { ...body, owner: { ...body.owner, password: 'owner-password' } });

const auditRows = (action: string, targetId: string) =>
  t.db.query(`SELECT actor_id, actor_kind, business_id, outcome, changes, details FROM audit_events WHERE action = $1 AND target_id = $2`, [action, targetId]);

describe('creating a business', () => {
  it('creates the business and invites its first owner, who chooses their own password, signs in and sees the membership', async () => {
    const body = newBusiness({ timeZone: 'America/Chicago' });
    const res = await op.post('/api/businesses', body).expect(201);
    const view: OperatorBusinessView = res.body;
    expect(view).toMatchObject({
      slug: body.slug,
      name: body.name,
      status: 'active',
      timeZone: 'America/Chicago',
      owner: null,
      ownerInvitation: { name: body.owner.name, email: body.owner.email, expired: false },
      bookingsToday: 0,
    });
    expect(Date.parse(view.createdAt)).not.toBeNaN();
    expect(Date.parse(view.ownerInvitation!.expiresAt) - Date.parse(view.ownerInvitation!.invitedAt)).toBe(7 * 24 * 3600_000);
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash|token/i);
    // No account exists until the owner accepts.
    expect(await t.db.query(`SELECT 1 FROM users WHERE email = $1`, [body.owner.email])).toHaveLength(0);

    // The invitation is in the outbox, from the business, naming the operator as the platform team.
    const [message] = await t.db.query(`SELECT subject, body_text FROM outbox_messages WHERE recipient = $1 AND kind = 'team.invite'`, [body.owner.email]);
    expect(message.subject).toBe(`You're invited to join ${body.name}`);
    expect(message.body_text).toMatch(/from the platform team has invited you to join .* as owner/);
    const token = await oneTimeToken(t, body.owner.email, 'team.invite');
    const lookup = await t.http().post('/api/team-invitations/lookup').send({ token }).expect(200);
    expect(lookup.body).toMatchObject({ role: 'owner', account: 'new', email: body.owner.email });
    await t.http().post('/api/team-invitations/accept').send({ token, password: 'my-own-owner-password' }).expect(200);

    const owner = await signIn(t, { email: body.owner.email, password: 'my-own-owner-password' });
    const me = (await owner.get('/api/auth/me').expect(200)).body;
    expect(me.user).toMatchObject({ kind: 'business', email: body.owner.email });
    expect(me.memberships).toEqual([
      expect.objectContaining({ role: 'owner', business: expect.objectContaining({ id: view.id, slug: body.slug, timeZone: 'America/Chicago' }) }),
    ]);
    const after = (await op.get(`/api/businesses/${view.id}`).expect(200)).body;
    expect(after).toMatchObject({ owner: { id: me.user.id, name: body.owner.name, email: body.owner.email }, ownerInvitation: null });

    // Default opening hours: Mon–Fri 09:00–17:00.
    const hours = await t.db.query(`SELECT weekday, opens::text AS opens, closes::text AS closes FROM opening_hours WHERE business_id = $1 ORDER BY weekday`, [
      view.id,
    ]);
    expect(hours).toEqual([1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00:00', closes: '17:00:00' })));

    const audit = await auditRows('business.create', view.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: op.userId, actor_kind: 'operator', business_id: view.id, outcome: 'success' });
    expect(audit[0].changes.slug).toEqual({ before: null, after: body.slug });
    expect(audit[0].details.ownerInvitation).toMatchObject({ name: body.owner.name, email: body.owner.email });
  });

  it('stores the owner e-mail lower-cased', async () => {
    const body = newBusiness();
    const res = await op.post('/api/businesses', { ...body, owner: { ...body.owner, email: body.owner.email.toUpperCase() } }).expect(201);
    expect(res.body.ownerInvitation.email).toBe(body.owner.email);
    await oneTimeToken(t, body.owner.email, 'team.invite');
  });

  it('refuses a taken slug with 409 slug_taken and creates nothing', async () => {
    const body = { ...newBusiness(), slug: 'acme-hair' };
    const res = await op.post('/api/businesses', body).expect(409);
    expect(res.body.code).toBe('slug_taken');
    expect(await t.db.query(`SELECT 1 FROM outbox_messages WHERE recipient = $1`, [body.owner.email])).toHaveLength(0);
  });

  it('an address that already has an account gets the same answer as a new one; that person accepts with their own password and keeps their other business', async () => {
    const fresh = newBusiness();
    // Someone who has an account already: the owner of another business.
    const elsewhere = newBusiness();
    await withOwner(elsewhere);
    const existing = { email: elsewhere.owner.email, password: 'owner-password' };
    const known = { ...newBusiness(), owner: { name: 'Known Person', email: existing.email } };
    const a = await op.post('/api/businesses', fresh).expect(201);
    const b = await op.post('/api/businesses', known).expect(201);
    const shape = (v: OperatorBusinessView) => ({
      ...v,
      id: 'X',
      slug: 'X',
      name: 'X',
      createdAt: 'X',
      ownerInvitation: { ...v.ownerInvitation!, name: 'X', email: 'X', invitedAt: 'X', expiresAt: 'X' },
    });
    expect(shape(b.body)).toEqual(shape(a.body));
    const norm = (text: string) =>
      text
        .replace(/Hello [^,]+,/, 'Hello X,')
        .replace(/Biz \S+/g, 'Biz X')
        .replace(/expires [^.]+\./, 'expires X.');
    const [ma] = await t.db.query(`SELECT body_text FROM outbox_messages WHERE recipient = $1 AND kind = 'team.invite'`, [fresh.owner.email]);
    const [mb] = await t.db.query(`SELECT body_text FROM outbox_messages WHERE recipient = $1 AND kind = 'team.invite' AND business_id = $2`, [
      known.owner.email,
      b.body.id,
    ]);
    expect(norm(mb.body_text)).toBe(norm(ma.body_text));

    // The invitee alone learns that the address has an account, and accepts with its own password.
    const token = await oneTimeToken(t, known.owner.email, 'team.invite');
    expect((await t.http().post('/api/team-invitations/lookup').send({ token }).expect(200)).body.account).toBe('existing');
    expect((await t.http().post('/api/team-invitations/accept').send({ token, password: 'a-guessed-password' }).expect(401)).body.code).toBe(
      'invalid_credentials',
    );
    await t.http().post('/api/team-invitations/accept').send({ token, password: existing.password }).expect(200);
    const person = await signIn(t, existing);
    const memberships = (await person.get('/api/auth/me').expect(200)).body.memberships
      .map((m: { role: string; business: { slug: string } }) => `${m.business.slug}:${m.role}`)
      .sort();
    expect(memberships).toEqual([`${elsewhere.slug}:owner`, `${known.slug}:owner`].sort());
    expect((await op.get(`/api/businesses/${b.body.id}`).expect(200)).body.owner.email).toBe(existing.email);
  });

  it('refuses an unknown time zone with 400 invalid_time_zone and creates nothing', async () => {
    const body = { ...newBusiness(), timeZone: 'Mars/Olympus_Mons' };
    const res = await op.post('/api/businesses', body).expect(400);
    expect(res.body.code).toBe('invalid_time_zone');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['timeZone']);
    expect(await businessBySlug(t, body.slug)).toBeUndefined();
  });

  it.each([
    ['a slug with upper case', { slug: 'Bad-Slug' }, 'slug'],
    ['a slug with a double hyphen', { slug: 'bad--slug' }, 'slug'],
    ['a slug with a trailing hyphen', { slug: 'bad-' }, 'slug'],
    ['a one-letter slug', { slug: 'a' }, 'slug'],
    ['a blank name', { name: '   ' }, 'name'],
  ])('refuses %s with 400 validation_failed', async (_label, patch, field) => {
    const body = { ...newBusiness(), ...patch };
    const res = await op.post('/api/businesses', body).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a typed owner password (the owner chooses it), a bad owner e-mail, and unknown fields (status, id)', async () => {
    const body = newBusiness();
    const typed = await op.post('/api/businesses', { ...body, owner: { ...body.owner, password: 'owner-password' } }).expect(400);
    expect(typed.body.code).toBe('validation_failed');
    expect(typed.body.errors).toEqual([
      expect.objectContaining({ field: 'owner.password', messages: [expect.stringMatching(/invitation and chooses their own password/)] }),
    ]);
    const email = await op.post('/api/businesses', { ...body, owner: { ...body.owner, email: 'nope' } }).expect(400);
    expect(email.body.errors.map((e: { field: string }) => e.field)).toContain('owner.email');
    const extra = await op.post('/api/businesses', { ...body, status: 'suspended', id: '00000000-0000-4000-8000-000000000000' }).expect(400);
    expect(extra.body.code).toBe('validation_failed');
    const noOwner = await op.post('/api/businesses', { name: body.name, slug: body.slug, timeZone: body.timeZone }).expect(400);
    expect(noOwner.body.code).toBe('validation_failed');
    expect(await businessBySlug(t, body.slug)).toBeUndefined();
    expect(await t.db.query(`SELECT 1 FROM outbox_messages WHERE recipient = $1`, [body.owner.email])).toHaveLength(0);
  });
});

describe('reading and updating a business', () => {
  it('GET returns the view; unknown id is 404', async () => {
    const created = (await op.post('/api/businesses', newBusiness()).expect(201)).body;
    const res = await op.get(`/api/businesses/${created.id}`).expect(200);
    expect(res.body).toEqual(created);
    const missing = await op.get('/api/businesses/00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.body.code).toBe('not_found');
    await op.patch('/api/businesses/00000000-0000-4000-8000-000000000000', { name: 'x' }).expect(404);
  });

  it('PATCH changes name, slug and status, with one audit row holding before/after', async () => {
    const created = await withOwner(newBusiness());
    const slug = unique('renamed');
    const res = await op.patch(`/api/businesses/${created.id}`, { name: 'Renamed Biz', slug, status: 'suspended' }).expect(200);
    expect(res.body).toMatchObject({ id: created.id, name: 'Renamed Biz', slug, status: 'suspended', owner: created.owner });
    const audit = await auditRows('business.update', created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(op.userId);
    expect(audit[0].changes).toEqual({
      name: { before: created.name, after: 'Renamed Biz' },
      slug: { before: created.slug, after: slug },
      status: { before: 'active', after: 'suspended' },
    });
    const back = await op.patch(`/api/businesses/${created.id}`, { status: 'active' }).expect(200);
    expect(back.body).toMatchObject({ name: 'Renamed Biz', slug, status: 'active' });
  });

  it('PATCH refuses a taken slug (409), a bad slug or status (400), and fields the operator cannot set (400)', async () => {
    const created = await withOwner(newBusiness());
    expect((await op.patch(`/api/businesses/${created.id}`, { slug: 'acme-hair' }).expect(409)).body.code).toBe('slug_taken');
    expect((await op.patch(`/api/businesses/${created.id}`, { slug: 'Not A Slug' }).expect(400)).body.code).toBe('validation_failed');
    expect((await op.patch(`/api/businesses/${created.id}`, { status: 'deleted' }).expect(400)).body.code).toBe('validation_failed');
    expect((await op.patch(`/api/businesses/${created.id}`, { timeZone: 'Mars/Olympus_Mons' }).expect(400)).body.code).toBe('invalid_time_zone');
    expect((await op.patch(`/api/businesses/${created.id}`, { ownerId: created.owner.id }).expect(400)).body.code).toBe('validation_failed');
    expect((await op.get(`/api/businesses/${created.id}`).expect(200)).body).toEqual(created);
    expect(await auditRows('business.update', created.id)).toHaveLength(0);
  });

  it("a suspended business's owner is refused (403 business_suspended) while the operator list still shows it", async () => {
    const body = newBusiness();
    const created = await withOwner(body);
    const owner = await signIn(t, { email: body.owner.email, password: 'owner-password' });
    await owner.get(`/api/businesses/${created.id}/settings/general`).expect(200);
    await op.patch(`/api/businesses/${created.id}`, { status: 'suspended' }).expect(200);
    const refused = await owner.get(`/api/businesses/${created.id}/settings/general`).expect(403);
    expect(refused.body.code).toBe('business_suspended');
    // The owner's session says why there is nothing to open: the business is named as suspended.
    const me = (await owner.get('/api/auth/me').expect(200)).body;
    expect(me.memberships).toEqual([]);
    expect(me.suspendedBusinesses).toEqual([{ id: created.id, slug: created.slug, name: created.name }]);
    const list = await op.get(`/api/businesses?q=${body.slug}`).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: created.id, status: 'suspended' })]);
    const suspendedOnly = await op.get(`/api/businesses?q=${body.slug}&status=suspended`).expect(200);
    expect(suspendedOnly.body.items.map((b: OperatorBusinessView) => b.id)).toEqual([created.id]);
    const activeOnly = await op.get(`/api/businesses?q=${body.slug}&status=active`).expect(200);
    expect(activeOnly.body.items).toEqual([]);
  });
});

describe('listing businesses', () => {
  it('searches by name or slug and pages by name with a keyset cursor, each business exactly once', async () => {
    const tag = unique('list').replace('-', '');
    const names = [`alpha ${tag}`, `Bravo ${tag}`, `bravo ${tag}`, `Charlie ${tag}`, `delta ${tag}`, `Echo ${tag}`, `echo ${tag} two`];
    const ids: string[] = [];
    for (const name of names) ids.push((await op.post('/api/businesses', newBusiness({ name })).expect(201)).body.id);

    const seen: OperatorBusinessView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { items: OperatorBusinessView[]; nextCursor: string | null } } = await op
        .get(`/api/businesses?q=${encodeURIComponent(tag.toUpperCase())}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.map((b) => b.id).sort()).toEqual([...ids].sort());
    expect(new Set(seen.map((b) => b.id)).size).toBe(names.length);
    const keys = seen.map((b) => b.name.toLowerCase());
    expect(keys).toEqual([...keys].sort());
    expect(pages).toBe(4);

    // By slug too.
    const bySlug = await op.get(`/api/businesses?q=${seen[0]!.slug}`).expect(200);
    expect(bySlug.body.items.map((b: OperatorBusinessView) => b.id)).toEqual([seen[0]!.id]);
  });

  it('treats % and _ in the search literally', async () => {
    const tag = unique('lit').replace('-', '');
    const plain = (await op.post('/api/businesses', newBusiness({ name: `Plain ${tag}x` })).expect(201)).body;
    const percent = (await op.post('/api/businesses', newBusiness({ name: `Per%cent ${tag}` })).expect(201)).body;
    const wildcard = await op.get(`/api/businesses?q=${encodeURIComponent(`${tag}%`)}`).expect(200);
    expect(wildcard.body.items).toEqual([]);
    const underscore = await op.get(`/api/businesses?q=${encodeURIComponent(`${tag}_`)}`).expect(200);
    expect(underscore.body.items).toEqual([]);
    const literal = await op.get(`/api/businesses?q=${encodeURIComponent('per%cent')}`).expect(200);
    expect(literal.body.items.map((b: OperatorBusinessView) => b.id)).toContain(percent.id);
    expect(literal.body.items.map((b: OperatorBusinessView) => b.id)).not.toContain(plain.id);
  });

  it('shows the demo businesses with their owners and live bookings today', async () => {
    const res = await op.get('/api/businesses?q=acme-hair').expect(200);
    const acme: OperatorBusinessView = res.body.items[0];
    expect(acme).toMatchObject({ slug: 'acme-hair', timeZone: 'Europe/London', owner: { email: 'owner@acme-hair.demo.test' } });
    expect(typeof acme.bookingsToday).toBe('number');
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM bookings WHERE business_id = $1 AND status <> 'cancelled'
         AND (starts_at AT TIME ZONE 'Europe/London')::date = ($2::timestamptz AT TIME ZONE 'Europe/London')::date`,
      [acme.id, t.clock.now()],
    );
    expect(acme.bookingsToday).toBe(n);
  });

  it('refuses a tampered cursor with 400 invalid_cursor, and a bad status with 400', async () => {
    for (const cursor of [
      'not-base64!',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["a","not-a-uuid"]').toString('base64url'),
      'x'.repeat(600),
    ]) {
      const res = await op.get(`/api/businesses?cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
      expect(['invalid_cursor', 'validation_failed']).toContain(res.body.code);
    }
    expect((await op.get(`/api/businesses?cursor=${Buffer.from('[1,2]').toString('base64url')}`)).body.code).toBe('invalid_cursor');
    expect((await op.get('/api/businesses?status=closed').expect(400)).body.code).toBe('validation_failed');
  });
});

describe('who may manage businesses', () => {
  const OPERATOR_ROUTES = (id: string) =>
    [
      ['get', '/api/businesses'],
      ['post', '/api/businesses'],
      ['get', `/api/businesses/${id}`],
      ['patch', `/api/businesses/${id}`],
      ['get', '/api/bookings'],
      ['get', '/api/operator/dashboard'],
    ] as const;

  it('staff and owners get 403 operator_only, anonymous 401, an impersonating operator 403 impersonation_active', async () => {
    const acme = await businessBySlug(t, 'acme-hair');
    const staff = await bearer(t, DEMO_LOGINS.acmeStaff);
    const owner = await bearer(t, DEMO_LOGINS.acmeOwner);
    const impersonating = await bearer(t, DEMO_LOGINS.operator);
    await impersonating.post('/api/impersonation', { businessId: acme.id }).expect(201);
    const body = newBusiness();
    for (const [method, path] of OPERATOR_ROUTES(acme.id)) {
      for (const [who, client, code] of [
        ['staff', staff, 'operator_only'],
        ['owner', owner, 'operator_only'],
        ['impersonating operator', impersonating, 'impersonation_active'],
      ] as const) {
        const res = method === 'get' ? await client.get(path) : await client[method](path, method === 'post' ? body : { name: 'Hijacked' });
        expect([res.status, res.body.code], `${who} ${method} ${path}`).toEqual([403, code]);
      }
      const agent = t.http();
      const anon = await agent[method](path).send(method === 'get' ? undefined : body);
      expect([anon.status, anon.body.code], `anonymous ${method} ${path}`).toEqual([401, 'authentication_required']);
    }
    expect(await businessBySlug(t, body.slug)).toBeUndefined();
    expect((await op.get(`/api/businesses/${acme.id}`).expect(200)).body.name).toBe('Acme Hair');
  });

  it('a plain operator gets 403 impersonation_required on business settings and team', async () => {
    const acme = await businessBySlug(t, 'acme-hair');
    for (const path of ['settings/general', 'settings/branding', 'team']) {
      const res = await op.get(`/api/businesses/${acme.id}/${path}`).expect(403);
      expect(res.body.code).toBe('impersonation_required');
    }
    const put = await op.put(`/api/businesses/${acme.id}/settings/branding`, { primaryColor: '#000000', logoUrl: null }).expect(403);
    expect(put.body.code).toBe('impersonation_required');
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    for (const p of [
      '/api/businesses',
      '/api/businesses/{businessId}',
      '/api/businesses/{businessId}/settings/general',
      '/api/businesses/{businessId}/team/{userId}',
      '/api/bookings',
      '/api/operator/dashboard',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(doc.paths['/api/businesses'].post.tags).toEqual(['businesses']);
  });
});
