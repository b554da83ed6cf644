import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { verifyAuditChains } from '../src/audit/chain-verifier.js';
import { loadConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { MIGRATIONS } from '../src/database/migrations/index.js';
import { UploadedLogos1766000002000 } from '../src/database/migrations/1766000002000-UploadedLogos.js';
import { TEST_JWT_SECRET } from './harness.js';

/**
 * The UploadedLogos migration on a database that still has linked logos (an in-memory database of
 * this test's own, migrated up to just before it): every external URL is dropped, not fetched, and
 * each drop leaves a row in that business's chain naming the URL it had.
 */
let db: DataSource;
beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: '/tmp/booking-test-unused', DATABASE_URL: '' });
  const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(UploadedLogos1766000002000));
  db = new DataSource({ ...(await dataSourceOptions({ ...config, databaseUrl: null }, { memory: true, maintenance: true })), migrations: before } as never);
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
});
afterAll(() => db?.destroy());

describe('UploadedLogos on existing linked logos', () => {
  it('drops every external logo URL, records each drop in the business chain, and the chains verify', async () => {
    const [linked] = await db.query(
      `INSERT INTO businesses (slug, name, time_zone, logo_url) VALUES ('linked-logo', 'Linked', 'UTC', 'https://tracker.example.test/logo.png?who=operator') RETURNING id`,
    );
    const [plain] = await db.query(`INSERT INTO businesses (slug, name, time_zone) VALUES ('no-logo', 'Plain', 'UTC') RETURNING id`);
    const runner = db.createQueryRunner();
    try {
      await runner.startTransaction();
      await new UploadedLogos1766000002000().up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await db.query(`SELECT slug, logo_url FROM businesses WHERE id IN ($1, $2) ORDER BY slug`, [linked.id, plain.id])).toEqual([
      { slug: 'linked-logo', logo_url: null },
      { slug: 'no-logo', logo_url: null },
    ]);
    const rows = await db.query(`SELECT business_id, action, actor_kind, changes FROM audit_events WHERE action = 'settings.branding.logo_dropped'`);
    expect(rows).toEqual([
      {
        business_id: linked.id,
        action: 'settings.branding.logo_dropped',
        actor_kind: 'system',
        changes: { logoUrl: { before: 'https://tracker.example.test/logo.png?who=operator', after: null } },
      },
    ]);
    expect((await verifyAuditChains(db)).breaks).toEqual([]);
    await expect(db.query(`UPDATE businesses SET logo_url = 'https://tracker.example.test/x.png' WHERE id = $1`, [plain.id])).rejects.toThrow();
  });
});
