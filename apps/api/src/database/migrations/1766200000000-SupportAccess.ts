import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Support access on the owner's terms (`SUPPORT_ACCESS=granted`).
 *
 * `support_access_grants`: one row per grant an owner made (for a fixed 1 hour, 1 day or 1 week,
 * so never longer than 7 days), closed early by a revoke. A business's access is open while it has
 * a row that is neither revoked nor past `expires_at`. History is kept: who granted, who revoked.
 *
 * `support_access_requests`: an operator asked the owners for access, with a reason; the rows also
 * throttle repeats (one request per operator and business per hour).
 *
 * Both are tenant rows keyed `(business_id, id)`, distributed by `business_id`.
 *
 * `impersonations.break_glass`: an emergency entry without a grant (`SUPPORT_BREAK_GLASS=true`),
 * which a missing grant does not end. Two new end reasons: the grant was revoked, or it ran out.
 */
export class SupportAccess1766200000000 implements MigrationInterface {
  name = 'SupportAccess1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE support_access_grants (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        granted_by uuid NOT NULL REFERENCES users (id),
        granted_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users (id),
        PRIMARY KEY (business_id, id),
        CHECK (expires_at > granted_at AND expires_at <= granted_at + interval '7 days'),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      );
      CREATE INDEX support_access_grants_open ON support_access_grants (business_id, expires_at DESC) WHERE revoked_at IS NULL;
      CREATE INDEX support_access_grants_recent ON support_access_grants (business_id, granted_at DESC);

      CREATE TABLE support_access_requests (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        operator_id uuid NOT NULL REFERENCES users (id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (business_id, id)
      );
      CREATE INDEX support_access_requests_recent ON support_access_requests (business_id, created_at DESC);
      CREATE INDEX support_access_requests_by_operator ON support_access_requests (business_id, operator_id, created_at DESC);

      INSERT INTO schema_distribution (table_name, kind, distribution_column, reason) VALUES
        ('support_access_grants', 'distributed', 'business_id', 'tenant data: an owner''s support-access grants, read by business on each impersonated request in granted mode'),
        ('support_access_requests', 'distributed', 'business_id', 'tenant data: operators'' access requests to one business');

      ALTER TABLE impersonations ADD COLUMN break_glass boolean NOT NULL DEFAULT false;
      ALTER TABLE impersonations DROP CONSTRAINT impersonations_end_reason_check;
      ALTER TABLE impersonations ADD CONSTRAINT impersonations_end_reason_check
        CHECK (end_reason IN ('exit', 'sign_out', 'expired', 'switched', 'revoked', 'support_access_revoked', 'support_access_expired'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE impersonations SET end_reason = 'revoked' WHERE end_reason IN ('support_access_revoked', 'support_access_expired');
      ALTER TABLE impersonations DROP CONSTRAINT impersonations_end_reason_check;
      ALTER TABLE impersonations ADD CONSTRAINT impersonations_end_reason_check CHECK (end_reason IN ('exit', 'sign_out', 'expired', 'switched', 'revoked'));
      ALTER TABLE impersonations DROP COLUMN break_glass;
      DELETE FROM schema_distribution WHERE table_name IN ('support_access_grants', 'support_access_requests');
      DROP TABLE support_access_requests;
      DROP TABLE support_access_grants;
    `);
  }
}
