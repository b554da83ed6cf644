import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryRunner } from 'typeorm';
import { checkAnchors, createAnchor, listAnchors, writeAnchor } from '../src/audit/anchors.js';
import { verifyAuditChains } from '../src/audit/chain-verifier.js';
import { auditVerify } from '../src/cli/cli.js';
import { grantAppRole } from '../src/database/roles.js';
import { bearer, DEMO_LOGINS, startTestApp, unique, type TestApp, createBusiness } from './harness.js';

/**
 * The audit's own credentials (issue 7, item 7), attacked as the app's runtime role would be: with
 * MIGRATION_DATABASE_URL (CI) that is the app's real connection; otherwise (one role, embedded) a
 * role granted exactly what grantAppRole grants the app, entered with SET ROLE on one connection.
 */
let t: TestApp;
let businessId: string;
const temporaryRole = `audit_app_${unique('r').replace(/-/g, '_')}`;
const KEY = 'anchor-key-0123456789-abcdefghijklmnopqrstuvwxyz';

beforeAll(async () => {
  t = await startTestApp();
  if (!t.config.migrationDatabaseUrl) {
    await t.owner.query(`CREATE ROLE ${temporaryRole} NOLOGIN`);
    await grantAppRole(t.owner, temporaryRole);
  }
  const op = await bearer(t, DEMO_LOGINS.operator);
  const slug = unique('aud');
  businessId = (
    await createBusiness(t, op, {
      name: `Audit ${slug}`,
      slug,
      timeZone: 'Europe/Paris',
      owner: { name: 'A', email: `a@${slug}.example.test`, password: 'owner-password' },
    })
  ).id;
  await op.post('/api/impersonation', { businessId }).expect(201);
  await op.post(`/api/businesses/${businessId}/customers`, { name: 'Chained One' }).expect(201);
  await op.post(`/api/businesses/${businessId}/customers`, { name: 'Chained Two' }).expect(201);
  await op.delete('/api/impersonation').expect(200);
});
afterAll(async () => {
  if (!t.config.migrationDatabaseUrl) await t.owner.query(`DROP OWNED BY ${temporaryRole}; DROP ROLE ${temporaryRole}`).catch(() => undefined);
  await t.close();
});

/** Runs `fn` on one connection as the app's runtime role, inside a transaction that is rolled back. */
async function asAppRole<T>(fn: (q: QueryRunner) => Promise<T>): Promise<T> {
  const runner = t.db.createQueryRunner();
  await runner.connect();
  try {
    if (!t.config.migrationDatabaseUrl) await runner.query(`SET ROLE ${temporaryRole}`);
    return await fn(runner);
  } finally {
    if (!t.config.migrationDatabaseUrl) await runner.query('RESET ROLE').catch(() => undefined);
    await runner.release();
  }
}

/** The SQLSTATE of the statement's failure as the app role (it must fail), the transaction rolled back. */
async function refusal(sql: string, params: unknown[] = []): Promise<string> {
  return asAppRole(async (q) => {
    await q.query('BEGIN');
    try {
      await q.query(sql, params);
      return 'accepted';
    } catch (err) {
      return String((err as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (err as { code?: string }).code);
    } finally {
      await q.query('ROLLBACK');
    }
  });
}

const snapshot = async () =>
  JSON.stringify(
    await t.owner.query(`SELECT id, chain_seq, hash, actor_id, occurred_at FROM audit_events WHERE business_id = $1 ORDER BY chain_seq`, [businessId]),
  );

describe('the app role cannot rewrite the audit (item 7)', () => {
  const victim = () => `(SELECT id FROM audit_events WHERE business_id = '${businessId}' ORDER BY chain_seq LIMIT 1)`;
  it.each([
    ['DISABLE TRIGGER', () => `ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`],
    ['DISABLE TRIGGER ALL', () => `ALTER TABLE audit_events DISABLE TRIGGER ALL`],
    ['DROP TRIGGER', () => `DROP TRIGGER audit_events_no_update_delete ON audit_events`],
    ['ALTER TABLE', () => `ALTER TABLE audit_events ADD COLUMN note text`],
    ['UPDATE (re-attribute an impersonated write)', () => `UPDATE audit_events SET actor_id = NULL, impersonation_id = NULL WHERE id = ${victim()}`],
    [
      'UPDATE (re-chain with the canonical function)',
      () =>
        `UPDATE audit_events e SET hash = encode(sha256(convert_to(coalesce(e.prev_hash, '') || audit_event_canonical(e), 'UTF8')), 'hex') WHERE business_id = '${businessId}'`,
    ],
    ['DELETE the impersonation rows', () => `DELETE FROM audit_events WHERE business_id = '${businessId}' AND impersonation_id IS NOT NULL`],
    ['TRUNCATE', () => `TRUNCATE audit_events`],
    [
      'replace the canonical function',
      () => `CREATE OR REPLACE FUNCTION audit_event_canonical(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'x' $$`,
    ],
    [
      'replace the chain trigger function',
      () => `CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
    ],
    ['session_replication_role = replica (skips triggers)', () => `SET session_replication_role = replica`],
    ['a function of its own in the schema', () => `CREATE FUNCTION public.sha256(bytea) RETURNS bytea LANGUAGE sql AS $$ SELECT '\\x00'::bytea $$`],
    ['write the migrations table', () => `DELETE FROM schema_migrations`],
  ])('%s is refused (insufficient privilege)', async (_label, sql) => {
    const before = await snapshot();
    expect(await refusal(sql())).toBe('42501');
    expect(await snapshot()).toBe(before);
  });

  it('an INSERT with client-chosen chain fields and a back-dated occurred_at is neutralised by the trigger', async () => {
    const [last] = await t.owner.query(`SELECT chain_seq::text AS seq, hash FROM audit_events WHERE business_id = $1 ORDER BY chain_seq DESC LIMIT 1`, [
      businessId,
    ]);
    const row = await asAppRole(async (q) => {
      const [dbNow] = await q.query(`SELECT now() AS now`);
      const [inserted] = await q.query(
        `INSERT INTO audit_events (chain_key, chain_seq, prev_hash, hash, occurred_at, actor_kind, business_id, action, outcome, chain_business_id)
         VALUES ('platform', 1, NULL, 'forged', '2001-01-01T00:00:00Z', 'system', $1, 'forged.backdated', 'success', $1)
         RETURNING chain_key, chain_seq::text AS seq, prev_hash, hash, occurred_at`,
        [businessId],
      );
      return { ...inserted, dbNow: new Date(dbNow.now) };
    });
    expect(row.chain_key).toBe(businessId);
    expect(row.seq).toBe(String(BigInt(last.seq) + 1n));
    expect(row.prev_hash).toBe(last.hash);
    expect(row.hash).not.toBe('forged');
    expect(Math.abs(new Date(row.occurred_at).getTime() - row.dbNow.getTime())).toBeLessThan(60_000);
    expect(new Date(row.occurred_at).getFullYear()).toBeGreaterThan(2020);
    expect((await verifyAuditChains(t.owner)).breaks.filter((b) => b.chainKey === businessId)).toEqual([]);
  });

  it('the app role can still do its job: INSERT and SELECT audit rows, write domain tables', async () => {
    await asAppRole(async (q) => {
      await q.query('BEGIN');
      try {
        await q.query(
          `INSERT INTO audit_events (chain_key, chain_seq, hash, occurred_at, actor_kind, action, outcome, chain_business_id) VALUES ('', 0, '', now(), 'system', 'role.probe', 'success', '00000000-0000-0000-0000-000000000000')`,
        );
        expect((await q.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'role.probe'`))[0].n).toBeGreaterThan(0);
        await q.query(`UPDATE businesses SET updated_at = now() WHERE id = $1`, [businessId]);
      } finally {
        await q.query('ROLLBACK');
      }
    });
  });
});

describe('anchors outside the database (item 7)', () => {
  it('audit:verify reports a rewrite made as the owner after an anchor, though the re-chained chain verifies on its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
    writeAnchor(dir, await createAnchor(t.db, KEY));
    const lines: string[] = [];
    expect(await auditVerify(t.db, (l) => lines.push(l), { dir, key: KEY })).toBe(0);
    expect(lines).toContain('Matches 1 anchor');

    const runner = t.owner.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // The owner's rewrite: triggers off, the impersonated customer.create re-attributed to nobody,
      // then the whole chain re-chained with the database's own canonical function.
      await runner.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
      await runner.query(`UPDATE audit_events SET actor_id = NULL, impersonation_id = NULL WHERE business_id = $1 AND action = 'customer.create'`, [
        businessId,
      ]);
      await runner.query(`
        DO $$
        DECLARE r audit_events; prev text := NULL;
        BEGIN
          FOR r IN SELECT * FROM audit_events WHERE chain_key = '${businessId}' ORDER BY chain_seq LOOP
            r.prev_hash := prev;
            prev := encode(sha256(convert_to(coalesce(prev, '') || audit_event_canonical(r), 'UTF8')), 'hex');
            UPDATE audit_events SET prev_hash = r.prev_hash, hash = prev WHERE id = r.id;
          END LOOP;
        END $$`);
      await runner.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
      // The chain alone no longer tells.
      expect((await verifyAuditChains(runner.manager)).breaks).toEqual([]);
      const out: string[] = [];
      expect(await auditVerify(runner.manager, (l) => out.push(l), { dir, key: KEY })).toBe(2);
      expect(out.some((l) => l.startsWith(`REWRITTEN chain ${businessId} at seq`) && l.endsWith(': rewritten'))).toBe(true);
      expect(out).not.toContain('Audit chain intact');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await auditVerify(t.db, () => undefined, { dir, key: KEY })).toBe(0);
  });

  it('an anchor edited to match a rewrite, or checked with another key, is refused; anchors without a key fail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
    const file = writeAnchor(dir, await createAnchor(t.db, KEY));
    expect(await checkAnchors(t.db, listAnchors(dir), 'another-key-0123456789-abcdefghijklmnopq')).toEqual([{ anchor: file, problem: 'bad_signature' }]);
    const anchor = JSON.parse(readFileSync(file, 'utf8'));
    anchor.chains[businessId].hash = '0'.repeat(64);
    writeFileSync(file, JSON.stringify(anchor));
    expect(await checkAnchors(t.db, [file], KEY)).toEqual([{ anchor: file, problem: 'bad_signature' }]);
    const lines: string[] = [];
    expect(await auditVerify(t.db, (l) => lines.push(l), { dir, key: null })).toBe(2);
    expect(lines.at(-1)).toMatch(/no AUDIT_ANCHOR_KEY/);
  });

  it('a chain cut back below an anchored head is reported as a missing row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
    writeAnchor(dir, await createAnchor(t.db, KEY));
    const runner = t.owner.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
      await runner.query(`DELETE FROM audit_events WHERE id = (SELECT id FROM audit_events WHERE chain_key = $1 ORDER BY chain_seq DESC LIMIT 1)`, [
        businessId,
      ]);
      const problems = await checkAnchors(runner.manager, listAnchors(dir), KEY);
      expect(problems).toContainEqual(expect.objectContaining({ chainKey: businessId, problem: 'row_missing' }));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
