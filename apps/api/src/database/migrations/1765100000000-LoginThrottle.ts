import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttling state, one row per key: an (account, address) pair, an account, an address.
 * Attempts are reserved under the row's lock before the password is checked, so a burst cannot
 * evaluate more than the limit; rows idle for longer than the window are swept.
 */
export class LoginThrottle1765100000000 implements MigrationInterface {
  name = 'LoginThrottle1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_throttle (
        key text PRIMARY KEY CHECK (length(key) <= 400),
        failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
        last_failure_at timestamptz,
        in_flight integer NOT NULL DEFAULT 0 CHECK (in_flight >= 0),
        in_flight_until timestamptz,
        next_allowed_at timestamptz,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX login_throttle_updated ON login_throttle (updated_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_throttle`);
  }
}
