import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disabling a user revokes every session of theirs and ends their live impersonations, in the same
 * statement, whoever disables them (the app, a script, an operator in psql). Sessions are never
 * revived: re-enabling the account does not bring back a token issued before the disable.
 */
export class DisablingUserRevokesSessions1765100001000 implements MigrationInterface {
  name = 'DisablingUserRevokesSessions1765100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION users_disable_revokes_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE impersonations SET ended_at = now(), end_reason = 'revoked' WHERE operator_id = NEW.id AND ended_at IS NULL;
        UPDATE auth_sessions SET revoked_at = now() WHERE user_id = NEW.id AND revoked_at IS NULL;
        RETURN NEW;
      END $$;
      CREATE TRIGGER users_disable_revokes_sessions AFTER UPDATE OF disabled_at ON users
        FOR EACH ROW WHEN (OLD.disabled_at IS NULL AND NEW.disabled_at IS NOT NULL)
        EXECUTE FUNCTION users_disable_revokes_sessions();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_disable_revokes_sessions ON users; DROP FUNCTION users_disable_revokes_sessions();`);
  }
}
