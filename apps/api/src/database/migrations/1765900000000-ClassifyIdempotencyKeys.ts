import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `idempotency_keys` holds one claim per (principal scope, key): platform data, not a tenant's
 * (a key belongs to a person or an address, across businesses), so on a distributed cluster it
 * stays local to the coordinator, where every replica's claim meets the others'.
 */
export class ClassifyIdempotencyKeys1765900000000 implements MigrationInterface {
  name = 'ClassifyIdempotencyKeys1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO schema_distribution (table_name, kind, reason) VALUES
        ('idempotency_keys', 'local', 'retry claims scoped to a person or a client address, not to a business; checked on the coordinator by every replica')
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM schema_distribution WHERE table_name = 'idempotency_keys'`);
  }
}
