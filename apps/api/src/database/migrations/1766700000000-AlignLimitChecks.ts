import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database refuses what the API refuses (libs/contracts/src/limits.ts): length CHECKs on the
 * free-text columns that had none, and the price's upper bound. Every value is what the API has
 * enforced on writes all along, so stored rows already satisfy them. The constraints are added
 * NOT VALID and validated in a second step, which scans the table without blocking writes.
 */
export class AlignLimitChecks1766700000000 implements MigrationInterface {
  name = 'AlignLimitChecks1766700000000';

  async up(q: QueryRunner): Promise<void> {
    const checks: [table: string, name: string, check: string][] = [
      ['customers', 'customers_email_length', 'length(email) <= 254'],
      ['customers', 'customers_phone_length', 'length(phone) <= 50'],
      ['customers', 'customers_notes_length', 'length(notes) <= 2000'],
      ['bookings', 'bookings_notes_length', 'length(notes) <= 2000'],
      ['businesses', 'businesses_contact_email_length', 'length(contact_email) <= 254'],
      ['businesses', 'businesses_contact_phone_length', 'length(contact_phone) <= 50'],
      ['businesses', 'businesses_logo_url_length', 'length(logo_url) <= 2048'],
      ['services', 'services_price_cents_max', 'price_cents <= 2000000000'],
    ];
    for (const [table, name, check] of checks) {
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${check}) NOT VALID`);
      await q.query(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${name}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customers DROP CONSTRAINT customers_email_length, DROP CONSTRAINT customers_phone_length, DROP CONSTRAINT customers_notes_length;
      ALTER TABLE bookings DROP CONSTRAINT bookings_notes_length;
      ALTER TABLE businesses DROP CONSTRAINT businesses_contact_email_length, DROP CONSTRAINT businesses_contact_phone_length, DROP CONSTRAINT businesses_logo_url_length;
      ALTER TABLE services DROP CONSTRAINT services_price_cents_max;
    `);
  }
}
