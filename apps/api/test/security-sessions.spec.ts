import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, unique, type TestApp } from './harness.js';

/** Disabling a user ends every session of theirs for good, not only the one that happens to be used next. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function freshUser(kind: 'business' | 'operator', from: string): Promise<{ id: string; login: { email: string; password: string } }> {
  const email = `${unique('dis')}@demo.test`;
  const [{ id }] = await t.db.query(
    `INSERT INTO users (email, name, kind, password_hash) SELECT $1, 'Disable Target', $2, password_hash FROM users WHERE email = $3 RETURNING id`,
    [email, kind, from],
  );
  return { id, login: { email, password: kind === 'operator' ? DEMO_LOGINS.operator.password : DEMO_LOGINS.acmeStaff.password } };
}

describe('disabling a user', () => {
  it('revokes every session: idle tokens from before the disable stay dead after re-enabling', async () => {
    const user = await freshUser('business', DEMO_LOGINS.acmeStaff.email);
    const sessions = await Promise.all([signIn(t, user.login), signIn(t, user.login)]);
    const tokens = await Promise.all(Array.from({ length: 4 }, () => bearer(t, user.login)));
    await sessions[0]!.get('/api/auth/me').expect(200);
    await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [user.id]);
    // Nobody uses any of them while disabled; then the account is enabled again.
    await t.db.query(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [user.id]);
    // 50 replays at once, every session and token among them.
    const replays = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 6 < 2 ? sessions[i % 6]!.get('/api/auth/me') : tokens[(i % 6) - 2]!.get('/api/auth/me'))),
    );
    expect(replays.map((r) => r.status)).toEqual(replays.map(() => 401));
    expect(replays.every((r) => r.body.code === 'session_revoked')).toBe(true);
    const [{ live }] = await t.db.query(`SELECT count(*)::int AS live FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL`, [user.id]);
    expect(live).toBe(0);
    // Signing in again is a new session, and it works.
    await (await signIn(t, user.login)).get('/api/auth/me').expect(200);
  });

  it("ends a disabled operator's live impersonation, which stays ended after re-enabling", async () => {
    const op = await freshUser('operator', DEMO_LOGINS.operator.email);
    const api = await bearer(t, op.login);
    const acme = await businessBySlug(t, 'acme-hair');
    const imp = (await api.post('/api/impersonation', { businessId: acme.id }).expect(201)).body.impersonation;
    await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [op.id]);
    await t.db.query(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [op.id]);
    expect((await api.get(`/api/businesses/${acme.id}/customers`)).status).toBe(401);
    const [row] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [imp.id]);
    expect(row.end_reason).toBe('revoked');
  });

  it('leaves other users’ sessions alone', async () => {
    const a = await freshUser('business', DEMO_LOGINS.acmeStaff.email);
    const b = await freshUser('business', DEMO_LOGINS.acmeStaff.email);
    const sb = await signIn(t, b.login);
    await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [a.id]);
    await sb.get('/api/auth/me').expect(200);
  });
});
