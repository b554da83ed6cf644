import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityMetadata } from 'typeorm';
import { LoginThrottleKey } from '../src/auth/login-throttle.entity.js';
import { PasswordReset } from '../src/auth/password-reset.entity.js';
import { User } from '../src/auth/user.entity.js';
import { PublicRateLimit } from '../src/public/public-rate-limit.entity.js';
import { Resource, ResourceWorkingHours, ServiceResource } from '../src/catalog/resource.entity.js';
import { BookableService } from '../src/catalog/service.entity.js';
import { Customer } from '../src/customers/customer.entity.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The entity classes are the one description of each table (docs/ARCHITECTURE.md §8) while the
 * migrations create them (synchronize is off): this reads the migrated tables back and compares
 * columns (type, nullability, whether the database fills a default), primary keys, CHECK
 * constraints and indexes with each entity's metadata.
 */
const ENTITIES = [User, LoginThrottleKey, PasswordReset, PublicRateLimit, Customer, BookableService, Resource, ResourceWorkingHours, ServiceResource];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface ColumnRow {
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
  has_default: boolean;
}

const byName = (a: { column_name: string }, b: { column_name: string }) => (a.column_name < b.column_name ? -1 : a.column_name > b.column_name ? 1 : 0);

const described = (meta: EntityMetadata) =>
  meta.columns
    .map((c) => ({
      column_name: c.databaseName,
      data_type: t.db.driver.normalizeType(c),
      is_nullable: c.isNullable ? 'YES' : 'NO',
      has_default: c.default !== undefined || c.isGenerated,
    }))
    .sort(byName);

describe('entities describe their tables as migrated', () => {
  it.each(ENTITIES.map((e) => [e.name, e] as const))('%s', async (_name, entity) => {
    const meta = t.db.getMetadata(entity);
    const table = meta.tableName;
    const columns: ColumnRow[] = await t.db.query(
      `SELECT column_name, data_type, is_nullable, column_default IS NOT NULL AS has_default
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 `,
      [table],
    );
    expect(columns.map((c) => ({ ...c, has_default: Boolean(c.has_default) })).sort(byName)).toEqual(described(meta));

    const [{ key }] = await t.db.query(
      `SELECT array_to_string(ARRAY(SELECT a.attname FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k ORDER BY a.attname), ',') AS key
         FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype = 'p'`,
      [table],
    );
    expect(String(key).split(',').sort()).toEqual(meta.primaryColumns.map((c) => c.databaseName).sort());

    const checks: { name: string }[] = await t.db.query(`SELECT conname AS name FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`, [table]);
    expect(checks.map((c) => c.name).sort()).toEqual(meta.checks.map((c) => c.name).sort());

    const indexes: { name: string }[] = await t.db.query(
      `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = $1::regclass AND NOT x.indisprimary`,
      [table],
    );
    expect(indexes.map((i) => i.name).sort()).toEqual(meta.indices.map((i) => i.name).sort());
  });
});
