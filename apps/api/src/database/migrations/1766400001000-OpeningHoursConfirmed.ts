import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A new business starts with default opening hours (Mon–Fri 09:00–17:00), so "has opening hours"
 * cannot tell the set-up checklist whether anyone looked at them. `hours_confirmed_at` is set when
 * an owner saves the availability settings; businesses that existed before count as confirmed.
 */
export class OpeningHoursConfirmed1766400001000 implements MigrationInterface {
  name = 'OpeningHoursConfirmed1766400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE businesses ADD COLUMN hours_confirmed_at timestamptz`);
    await q.query(`UPDATE businesses SET hours_confirmed_at = created_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE businesses DROP COLUMN hours_confirmed_at`);
  }
}
