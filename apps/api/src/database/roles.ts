import type { SqlRunner } from '../common/sql.js';

/** The role name in a postgres:// URL (its user), or null when it names none. */
export function roleOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return decodeURIComponent(new URL(url).username) || null;
  } catch {
    return null;
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * What the app's runtime role may do, granted by the owner role after every migration run (so tables
 * added later are covered): read and write the domain tables, but on `audit_events` only INSERT and
 * SELECT; no ownership of anything (so no ALTER, DROP, DISABLE TRIGGER), no TRIGGER, TRUNCATE or
 * REFERENCES privilege, no DDL in the schema, and read-only on the migrations table. The
 * append-only triggers then hold against the app itself: rewriting history needs the owner role,
 * which the app does not hold at run time (and which `audit:anchor` checkpoints catch).
 * Idempotent. Running as the app role itself (one-role mode) is a no-op.
 */
export async function grantAppRole(owner: SqlRunner, appRole: string): Promise<void> {
  const [{ me }] = await owner.query(`SELECT current_user AS me`);
  if (me === appRole) return;
  const app = quote(appRole);
  await owner.query(`
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app};
    GRANT USAGE ON SCHEMA public TO ${app};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app};
    REVOKE UPDATE, DELETE ON audit_events FROM ${app};
    REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ${app};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app};
  `);
}
