import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each business prices in one ISO 4217 currency (a general setting). Existing businesses get EUR;
 * the list of codes a business may choose is the API's (libs/contracts currencies.ts), so the
 * column only holds the shape: three upper-case letters.
 */
export class BusinessCurrency1766400000000 implements MigrationInterface {
  name = 'BusinessCurrency1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE businesses ADD COLUMN currency text NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE businesses DROP COLUMN currency`);
  }
}
