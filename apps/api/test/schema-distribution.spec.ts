import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config.js';
import { openDataSource, ownerConfig } from '../src/database/data-source.js';
import { distributionProblems } from '../src/database/distribution-check.js';

/**
 * The schema stays distributable by tenant (docs/SCALING.md): every key of a tenant table names its
 * business, and every table is classified. Reads the migrated catalog (embedded, or DATABASE_URL).
 */
let db: DataSource;
beforeAll(async () => {
  const databaseUrl = process.env.DATABASE_URL;
  const migrationUrl = process.env.MIGRATION_DATABASE_URL;
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'x'.repeat(48),
    DATA_DIR: '/tmp/booking-test-unused',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(databaseUrl && migrationUrl ? { MIGRATION_DATABASE_URL: migrationUrl } : {}),
  });
  // The probes create tables: in two-role runs only the owner role may (the app role has no DDL).
  db = await openDataSource(ownerConfig(config), { memory: !databaseUrl });
});
afterAll(() => db.destroy());

/** Runs DDL in a transaction that is always rolled back, so parallel test files never see it. */
async function problemsWith(ddl: string): Promise<string[]> {
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.query(ddl);
    return await distributionProblems(runner);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

const sorted = (lines: string[]) => [...lines].sort();

describe('Citus-ready schema', () => {
  it('every tenant primary key, unique, exclusion constraint and tenant foreign key includes the distribution column; every table is classified', async () => {
    expect(await distributionProblems(db)).toEqual([]);
  });

  it('classifies the platform tables and distributes the tenant ones', async () => {
    const rows: { table_name: string; kind: string; distribution_column: string | null }[] = await db.query(
      `SELECT table_name, kind, distribution_column FROM schema_distribution WHERE table_name = ANY($1) ORDER BY table_name COLLATE "C"`,
      [['users', 'auth_sessions', 'businesses', 'impersonations', 'bookings', 'audit_events']],
    );
    expect(rows).toEqual([
      { table_name: 'audit_events', kind: 'distributed', distribution_column: 'chain_business_id' },
      { table_name: 'auth_sessions', kind: 'reference', distribution_column: null },
      { table_name: 'bookings', kind: 'distributed', distribution_column: 'business_id' },
      { table_name: 'businesses', kind: 'reference', distribution_column: null },
      { table_name: 'impersonations', kind: 'reference', distribution_column: null },
      { table_name: 'users', kind: 'reference', distribution_column: null },
    ]);
  });

  it('names the constraint that lacks business_id', async () => {
    const problems = await problemsWith(`
      CREATE TABLE zz_gadgets (id uuid PRIMARY KEY, business_id uuid NOT NULL REFERENCES businesses (id), code text UNIQUE);
      CREATE UNIQUE INDEX zz_gadgets_code_lower ON zz_gadgets (lower(code), id);`);
    expect(problems).toEqual(
      sorted([
        'zz_gadgets: primary key zz_gadgets_pkey PRIMARY KEY (id) lacks business_id',
        'zz_gadgets: unique constraint zz_gadgets_code_key UNIQUE (code) lacks business_id',
        'zz_gadgets: unique index zz_gadgets_code_lower (CREATE UNIQUE INDEX zz_gadgets_code_lower ON public.zz_gadgets USING btree (lower(code), id)) lacks business_id',
      ]),
    );
  });

  it('refuses a foreign key to a tenant table that does not join on business_id, and an exclusion constraint without it', async () => {
    const problems = await problemsWith(`
      CREATE TABLE zz_notes (business_id uuid NOT NULL, id uuid NOT NULL, booking_id uuid, at tstzrange NOT NULL,
        PRIMARY KEY (business_id, id),
        CONSTRAINT zz_notes_booking_fkey FOREIGN KEY (booking_id, business_id) REFERENCES bookings (business_id, id),
        CONSTRAINT zz_notes_no_overlap EXCLUDE USING gist (id WITH =, at WITH &&));`);
    expect(problems).toEqual(
      sorted([
        'zz_notes: exclusion constraint zz_notes_no_overlap EXCLUDE USING gist (id WITH =, at WITH &&) lacks "business_id WITH ="',
        'zz_notes: foreign key zz_notes_booking_fkey FOREIGN KEY (booking_id, business_id) REFERENCES bookings(business_id, id) lacks business_id (it must join business_id to bookings.business_id)',
      ]),
    );
  });

  it('refuses an unclassified platform table and a reference table pointing at tenant data', async () => {
    const problems = await problemsWith(`
      CREATE TABLE zz_platform_notes (id uuid PRIMARY KEY, body text);
      CREATE TABLE zz_ref (id uuid PRIMARY KEY, business_id uuid, customer_id uuid,
        CONSTRAINT zz_ref_customer_fkey FOREIGN KEY (business_id, customer_id) REFERENCES customers (business_id, id));
      INSERT INTO schema_distribution (table_name, kind, reason) VALUES ('zz_ref', 'reference', 'test');`);
    expect(problems).toEqual(
      sorted([
        `table "zz_platform_notes" has no business_id and is not classified: if it is tenant data give it business_id; otherwise INSERT INTO schema_distribution (table_name, kind, reason) VALUES ('zz_platform_notes', 'reference' | 'local', '…') in its migration (docs/SCALING.md)`,
        'zz_ref: foreign key zz_ref_customer_fkey FOREIGN KEY (business_id, customer_id) REFERENCES customers(business_id, id): a reference table may not reference tenant table customers',
      ]),
    );
  });
});
