import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts by e-mail. A team invitation is a tenant row (key `(business_id, id)`) holding only the
 * SHA-256 of its link's secret; the account is created (or an existing person's membership added)
 * only when the invitee accepts, so an invite never squats an address. A password reset keeps only
 * the hash of its token too, and a row per request (also for unknown addresses, by the address's
 * hash) so requests can be throttled without answering differently for addresses that exist.
 *
 * `users.closed_at`: an account whose last membership was removed is closed (no password, signed
 * out everywhere) rather than left behind as an orphan; accepting a later invitation reopens it.
 */
export class InvitationsAndPasswordResets1765800001000 implements MigrationInterface {
  name = 'InvitationsAndPasswordResets1765800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN closed_at timestamptz;
      ALTER TABLE users ADD CONSTRAINT users_closed_is_disabled CHECK (closed_at IS NULL OR disabled_at IS NOT NULL);

      CREATE TABLE team_invitations (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        role text NOT NULL CHECK (role IN ('owner', 'staff')),
        token_hash text NOT NULL CHECK (length(token_hash) = 64),
        invited_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_user_id uuid REFERENCES users (id),
        revoked_at timestamptz,
        PRIMARY KEY (business_id, id),
        CHECK ((accepted_at IS NULL) = (accepted_user_id IS NULL)),
        CHECK (accepted_at IS NULL OR revoked_at IS NULL)
      );
      -- One open invitation per address and business: inviting again replaces it.
      CREATE UNIQUE INDEX team_invitations_open ON team_invitations (business_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL;
      CREATE INDEX team_invitations_list ON team_invitations (business_id, created_at DESC);

      CREATE TABLE password_resets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users (id),
        account_hash text NOT NULL CHECK (length(account_hash) = 64),
        token_hash text CHECK (length(token_hash) = 64),
        ip text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CHECK ((user_id IS NULL) = (token_hash IS NULL))
      );
      CREATE INDEX password_resets_account ON password_resets (account_hash, created_at DESC);
      CREATE INDEX password_resets_ip ON password_resets (ip, created_at DESC);
      CREATE INDEX password_resets_user_open ON password_resets (user_id) WHERE used_at IS NULL AND user_id IS NOT NULL;
      INSERT INTO schema_distribution (table_name, kind, reason) VALUES
        ('password_resets', 'local', 'password reset links and request counters, per account (platform-wide); read and written only at reset time');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM schema_distribution WHERE table_name = 'password_resets';
      DROP TABLE password_resets;
      DROP TABLE team_invitations;
      ALTER TABLE users DROP CONSTRAINT users_closed_is_disabled;
      ALTER TABLE users DROP COLUMN closed_at;
    `);
  }
}
