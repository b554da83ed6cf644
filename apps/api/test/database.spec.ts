import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('migrations', () => {
  it('running them again is a no-op', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM schema_migrations`);
    const ran = await t.db.runMigrations({ transaction: 'each' });
    expect(ran).toEqual([]);
    expect(await t.db.showMigrations()).toBe(false);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM schema_migrations`)).toEqual(before);
  });
});

describe('audit_events is append-only', () => {
  it.each([
    ['UPDATE', `UPDATE audit_events SET action = 'tampered' WHERE id = (SELECT min(id) FROM audit_events)`],
    ['DELETE', `DELETE FROM audit_events WHERE id = (SELECT min(id) FROM audit_events)`],
    ['TRUNCATE', `TRUNCATE audit_events`],
  ])('refuses %s', async (_op, sql) => {
    const before = await t.db.query(`SELECT count(*)::int AS n, max(hash) AS h FROM audit_events`);
    // The trigger refuses it; with two roles the app role lacks the privilege before any trigger runs.
    await expect(t.db.query(sql)).rejects.toThrow(t.config.migrationDatabaseUrl ? /permission denied/ : /append-only/);
    expect(await t.db.query(`SELECT count(*)::int AS n, max(hash) AS h FROM audit_events`)).toEqual(before);
  });
});
