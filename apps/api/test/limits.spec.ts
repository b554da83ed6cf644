import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '#contracts';
import { bearer, businessBySlug, DEMO_LOGINS, startTestApp, unique, type TestApp } from './harness.js';

/**
 * One set of limits (libs/contracts/src/limits.ts): the API accepts a value at the limit and refuses
 * one past it with 400 `validation_failed`, and the database's CHECK constraints say the same
 * numbers, so a row the API would refuse cannot be written by anything else either.
 */
let t: TestApp;
let owner: Awaited<ReturnType<typeof bearer>>;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  owner = await bearer(t, DEMO_LOGINS.acmeOwner);
  base = `/api/businesses/${(await businessBySlug(t, 'acme-hair')).id}`;
});
afterAll(() => t.close());

/** A deliverable-looking address of exactly `length` characters (a 64-character local part, labels of at most 63). */
const email = (length: number) => {
  const head = `${'a'.repeat(64)}@${unique('l')}.`;
  const labels: string[] = [];
  let left = length - head.length - '.test'.length;
  while (left > 0) {
    const label = Math.min(60, left);
    labels.push('b'.repeat(label));
    left -= label + 1;
  }
  return `${head}${labels.join('.')}.test`;
};

describe('the API and the limits table', () => {
  it.each([
    ['name', () => 'N'.repeat(LIMITS.name.max), () => 'N'.repeat(LIMITS.name.max + 1)],
    ['email', () => email(LIMITS.email.max), () => email(LIMITS.email.max + 1)],
    ['phone', () => '1'.repeat(LIMITS.phone.max), () => '1'.repeat(LIMITS.phone.max + 1)],
    ['notes', () => 'x'.repeat(LIMITS.notes.max), () => 'x'.repeat(LIMITS.notes.max + 1)],
  ] as const)("a customer's %s: at the limit is kept, one past it is 400 and stores nothing", async (field, at, past) => {
    const value = at();
    expect(value).toHaveLength(LIMITS[field].max);
    const kept = await owner.post(`${base}/customers`, { name: 'Limit Case', [field]: value });
    expect([kept.status, kept.body[field]]).toEqual([201, value]);
    const refused = await owner.post(`${base}/customers`, { name: 'Limit Refused', [field]: past() });
    expect([refused.status, refused.body.code]).toEqual([400, 'validation_failed']);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it("a service's duration: a whole day is allowed, a minute more is not", async () => {
    const day = await owner.post(`${base}/services`, { name: unique('Day long'), durationMinutes: LIMITS.serviceDurationMinutes.max, priceCents: 0 });
    expect([day.status, day.body.durationMinutes]).toEqual([201, 1440]);
    for (const minutes of [LIMITS.serviceDurationMinutes.min - 1, LIMITS.serviceDurationMinutes.max + 1]) {
      const res = await owner.post(`${base}/services`, { name: unique('Too long'), durationMinutes: minutes, priceCents: 0 });
      expect([minutes, res.status, res.body.code]).toEqual([minutes, 400, 'validation_failed']);
    }
  });
});

describe('the database CHECKs and the limits table', () => {
  const checks = async () => {
    const rows: { table: string; def: string }[] = await t.db.query(
      `SELECT conrelid::regclass::text AS table, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace`,
    );
    return rows;
  };
  /** The CHECK on `table` that names `column`, as PostgreSQL prints it. */
  const checkOn = (rows: { table: string; def: string }[], table: string, column: string) =>
    rows
      .filter((r) => r.table === table && new RegExp(`\\b${column}\\b`).test(r.def))
      .map((r) => r.def)
      .join(' | ');

  it('say the same numbers', async () => {
    const rows = await checks();
    const wrong: string[] = [];
    const expectIn = (table: string, column: string, ...numbers: number[]) => {
      const def = checkOn(rows, table, column);
      for (const n of numbers) if (!new RegExp(`\\b${n}\\b`).test(def)) wrong.push(`${table}.${column}: expected ${n} in ${def || 'no CHECK'}`);
    };
    for (const table of ['users', 'businesses', 'customers', 'services', 'resources']) expectIn(table, 'name', LIMITS.name.min, LIMITS.name.max);
    for (const [table, column] of [
      ['users', 'email'],
      ['customers', 'email'],
      ['businesses', 'contact_email'],
    ] as const)
      expectIn(table, column, LIMITS.email.max);
    for (const [table, column] of [
      ['customers', 'phone'],
      ['businesses', 'contact_phone'],
    ] as const)
      expectIn(table, column, LIMITS.phone.max);
    for (const table of ['customers', 'bookings']) expectIn(table, 'notes', LIMITS.notes.max);
    expectIn('businesses', 'logo_url', LIMITS.url.max);
    expectIn('services', 'duration_minutes', LIMITS.serviceDurationMinutes.min, LIMITS.serviceDurationMinutes.max);
    expectIn('services', 'price_cents', LIMITS.priceCents.max);
    expectIn('services', 'buffer_before_minutes', LIMITS.bufferMinutes.max);
    expectIn('services', 'buffer_after_minutes', LIMITS.bufferMinutes.max);
    expectIn('businesses', 'min_notice_minutes', LIMITS.minNoticeMinutes.max);
    expectIn('businesses', 'booking_horizon_days', LIMITS.bookingHorizonDays.min, LIMITS.bookingHorizonDays.max);
    expectIn('businesses', 'cancellation_window_hours', LIMITS.cancellationWindowHours.max);
    expectIn('impersonations', 'reason', LIMITS.reason.max);
    expect(wrong).toEqual([]);
  });

  it('refuse a row past a limit written around the API', async () => {
    const [{ id }] = await t.db.query(`SELECT id FROM businesses WHERE slug = 'acme-hair'`);
    await expect(
      t.db.query(`INSERT INTO customers (business_id, name, notes, created_at, updated_at) VALUES ($1, 'Around the API', $2, now(), now())`, [
        id,
        'x'.repeat(LIMITS.notes.max + 1),
      ]),
    ).rejects.toThrow(/customers_notes_length/);
    await expect(
      t.db.query(`INSERT INTO customers (business_id, name, phone, created_at, updated_at) VALUES ($1, 'Around the API', $2, now(), now())`, [
        id,
        '1'.repeat(LIMITS.phone.max + 1),
      ]),
    ).rejects.toThrow(/customers_phone_length/);
  });
});
