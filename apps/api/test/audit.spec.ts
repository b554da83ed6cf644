import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../src/audit/chain-verifier.js';
import { auditVerify } from '../src/cli/cli.js';
import { bearer, businessBySlug, DEMO_LOGINS, signIn, startTestApp, unique, type TestApp } from './harness.js';

let t: TestApp;
let acmeId: string;
beforeAll(async () => {
  t = await startTestApp();
  acmeId = (await businessBySlug(t, 'acme-hair')).id;
  // Some activity across chains: sign-ins (platform chain), an impersonation of acme (acme's chain).
  const op = await bearer(t, DEMO_LOGINS.operator);
  await op.post('/api/impersonation', { businessId: acmeId, reason: 'audit test' }).expect(201);
  await op.get(`/api/businesses/${acmeId}/access-log`).expect(200);
  await op.delete('/api/impersonation').expect(200);
});
afterAll(() => t.close());

/**
 * Runs `fn` as the owner role (the only one that can disable the triggers; the app role cannot) in
 * a transaction that is always rolled back: tampering never outlives the test.
 */
async function inRolledBackTransaction(fn: (em: import('typeorm').EntityManager) => Promise<void>): Promise<void> {
  const runner = t.owner.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await fn(runner.manager);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe('hash chain', () => {
  it('verifies intact chains', async () => {
    const report = await verifyAuditChains(t.db);
    expect(report.breaks).toEqual([]);
    expect(report.rows).toBeGreaterThan(3);
    expect(report.heads['platform']).toMatch(/^[0-9a-f]{64}$/);
    expect(report.heads[acmeId]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds a row edited behind the app’s back (triggers disabled by a superuser)', async () => {
    await inRolledBackTransaction(async (em) => {
      const [victim] = await em.query(`SELECT id::text AS id, chain_key FROM audit_events WHERE chain_key = $1 ORDER BY chain_seq LIMIT 1 OFFSET 1`, [acmeId]);
      await em.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
      await em.query(`UPDATE audit_events SET action = 'nothing.to.see' WHERE id = $1`, [victim.id]);
      const report = await verifyAuditChains(em);
      expect(report.breaks).toContainEqual(expect.objectContaining({ id: victim.id, chainKey: acmeId, problem: 'hash_mismatch' }));
    });
    expect((await verifyAuditChains(t.db)).breaks).toEqual([]);
  });

  it('npm run audit:verify says where the chain breaks and exits 2', async () => {
    await inRolledBackTransaction(async (em) => {
      const [victim] = await em.query(`SELECT id::text AS id, chain_seq::text AS seq FROM audit_events WHERE chain_key = $1 ORDER BY chain_seq LIMIT 1`, [
        acmeId,
      ]);
      await em.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
      await em.query(`UPDATE audit_events SET actor_id = NULL WHERE id = $1`, [victim.id]);
      const lines: string[] = [];
      expect(await auditVerify(em, (l) => lines.push(l))).toBe(2);
      expect(lines).toContain(`BROKEN chain ${acmeId} at seq ${victim.seq} (row id ${victim.id}): hash_mismatch`);
    });
    const lines: string[] = [];
    expect(await auditVerify(t.db, (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toBe('Audit chain intact');
  });

  it('finds a row deleted from the middle of a chain', async () => {
    await inRolledBackTransaction(async (em) => {
      const [victim] = await em.query(
        `SELECT id::text AS id, chain_seq::text AS seq FROM audit_events WHERE chain_key = $1 ORDER BY chain_seq LIMIT 1 OFFSET 1`,
        [acmeId],
      );
      await em.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
      await em.query(`DELETE FROM audit_events WHERE id = $1`, [victim.id]);
      const report = await verifyAuditChains(em);
      const problems = report.breaks.filter((b) => b.chainKey === acmeId).map((b) => b.problem);
      expect(problems).toEqual(expect.arrayContaining(['sequence_gap', 'prev_hash_mismatch']));
    });
    expect((await verifyAuditChains(t.db)).breaks).toEqual([]);
  });
});

describe('operator audit search', () => {
  it('filters by impersonation and reads it oldest-first as one story', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    const imp = (await op.post('/api/impersonation', { businessId: acmeId, reason: unique('story') }).expect(201)).body.impersonation;
    await op.get(`/api/businesses/${acmeId}/access-log`).expect(200);
    await op.delete('/api/impersonation').expect(200);
    const res = await op.get(`/api/audit?impersonationId=${imp.id}&order=asc`).expect(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['impersonation.start', 'audit.accessLog', 'impersonation.end']);
    for (const e of res.body.items) expect(e.actor).toMatchObject({ email: 'operator@demo.test', kind: 'operator' });
    expect(res.body.items[0].business).toMatchObject({ slug: 'acme-hair' });
  });

  it('filters by outcome and action prefix, and pages with a keyset cursor', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    const denied = await op.get('/api/audit?outcome=denied&limit=200').expect(200);
    for (const e of denied.body.items) expect(e.outcome).toBe('denied');
    const first = await op.get('/api/audit?action=impersonation.&limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    for (const e of first.body.items) expect(e.action.startsWith('impersonation.')).toBe(true);
    const second = await op.get(`/api/audit?action=impersonation.&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    const ids = [...first.body.items, ...second.body.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await op.get('/api/audit?cursor=not-a-cursor!').expect(400)).body.code).toMatch(/invalid_cursor|validation_failed/);
    expect((await op.get('/api/audit?outcome=bogus').expect(400)).body.code).toBe('validation_failed');
    // Free text finds people by e-mail and treats LIKE wildcards literally.
    const byEmail = await op.get('/api/audit?q=operator%40demo&limit=50').expect(200);
    expect(byEmail.body.items.length).toBeGreaterThan(0);
    for (const e of byEmail.body.items) expect(JSON.stringify([e.actor?.email, e.targetId, e.path])).toContain('operator@demo');
    expect((await op.get('/api/audit?q=%25%25%25_').expect(200)).body.items).toEqual([]);
  });
});

describe('owner access log', () => {
  it('shows who entered, why, for how long and what they changed', async () => {
    const op = await signIn(t, DEMO_LOGINS.operator);
    const reason = unique('ticket');
    const imp = (await op.post('/api/impersonation', { businessId: acmeId, reason }).expect(201)).body.impersonation;
    const email = `${unique('log')}@example.test`;
    await op.post(`/api/businesses/${acmeId}/customers`, { name: 'Access Log Customer', email }).expect(201);
    t.clock.advance(5 * 60_000);
    await op.delete('/api/impersonation').expect(200);
    t.clock.reset();
    const owner = await signIn(t, DEMO_LOGINS.acmeOwner);
    const log = await owner.get(`/api/businesses/${acmeId}/access-log`).expect(200);
    const entry = log.body.items.find((e: { impersonationId: string }) => e.impersonationId === imp.id);
    expect(entry).toMatchObject({ operator: { email: 'operator@demo.test' }, role: 'owner', readOnly: false, reason, endReason: 'exit' });
    expect(entry.durationSeconds).toBeGreaterThanOrEqual(300);
    expect(entry.changes).toHaveLength(1);
    expect(entry.changes[0]).toMatchObject({ action: 'customer.create' });
    expect(entry.changes[0].changes.email.after).toBe(email);
    const staff = await signIn(t, DEMO_LOGINS.acmeStaff);
    expect((await staff.get(`/api/businesses/${acmeId}/access-log`).expect(403)).body.code).toBe('owner_required');
  });
});

describe('action names', () => {
  it('a refused write is recorded under the same action name its success would have', async () => {
    const staff = await signIn(t, DEMO_LOGINS.acmeStaff);
    await staff
      .put(`/api/businesses/${acmeId}/settings/general`, { name: 'Nope', timeZone: 'Europe/London', contactEmail: null, contactPhone: null })
      .expect(403);
    const [row] = await t.db.query(
      `SELECT action, outcome, status, details FROM audit_events WHERE actor_id = $1 AND outcome = 'denied' ORDER BY id DESC LIMIT 1`,
      [staff.userId],
    );
    expect(row).toMatchObject({ action: 'settings.general.update', outcome: 'denied', status: 403, details: { code: 'owner_required' } });
  });
});
