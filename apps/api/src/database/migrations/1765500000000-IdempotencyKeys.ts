import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key claims and answers (a platform table: keyed by who asked, not by business). The
 * primary key is the claim: whichever request inserts (scope, key) first does the work, on any
 * replica; the others wait for its answer and replay it. Rows expire after 24 hours.
 */
export class IdempotencyKeys1765500000000 implements MigrationInterface {
  name = 'IdempotencyKeys1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL CHECK (length(scope) BETWEEN 1 AND 200),
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        fingerprint text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight', 'done')),
        claim_token uuid NOT NULL,
        locked_until timestamptz NOT NULL,
        response_status integer,
        response_body text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key),
        CHECK (state = 'in_flight' OR (response_status IS NOT NULL AND response_body IS NOT NULL))
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
