import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * In-app notices to a business's owners (an operator entered their admin; an operator asks for
 * support access). Tenant rows, keyed `(business_id, id)`. A notice stays until an owner dismisses
 * it; who dismissed it and when is kept.
 */
export class Notices1765800002000 implements MigrationInterface {
  name = 'Notices1765800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notices (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('impersonation.started', 'support_access.requested')),
        impersonation_id uuid REFERENCES impersonations (id),
        facts jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        dismissed_at timestamptz,
        dismissed_by uuid REFERENCES users (id),
        PRIMARY KEY (business_id, id),
        CHECK ((dismissed_at IS NULL) = (dismissed_by IS NULL))
      );
      CREATE INDEX notices_open ON notices (business_id, created_at DESC) WHERE dismissed_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notices`);
  }
}
