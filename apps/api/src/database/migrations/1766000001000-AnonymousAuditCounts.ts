import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters for floods of anonymous refusals (throttled sign-ins, anonymous 403s and 5xx), so a flood
 * neither grows the audit chain without bound nor queues every sign-in behind the platform chain's
 * lock (apps/api/src/audit/anonymous-events.ts). Unchained and short-lived: each closed minute's rows
 * are folded into one chained summary row per (action, outcome) and deleted in the same transaction.
 *
 * `scope`: 'event' counts one (action, outcome, status, code, address, target); 'address' and 'all'
 * count per address and for everyone, to cap how many of the minute's events get a full row.
 */
export class AnonymousAuditCounts1766000001000 implements MigrationInterface {
  name = 'AnonymousAuditCounts1766000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_anonymous_counts (
        bucket timestamptz NOT NULL,
        scope text NOT NULL CHECK (scope IN ('event', 'address', 'all')),
        action text NOT NULL CHECK (length(action) <= 200),
        outcome text NOT NULL CHECK (length(outcome) <= 20),
        status integer NOT NULL,
        code text NOT NULL CHECK (length(code) <= 100),
        ip text NOT NULL CHECK (length(ip) <= 100),
        target text NOT NULL CHECK (length(target) <= 254),
        count integer NOT NULL CHECK (count >= 1),
        chained integer NOT NULL DEFAULT 0 CHECK (chained >= 0),
        first_at timestamptz NOT NULL,
        last_at timestamptz NOT NULL,
        PRIMARY KEY (bucket, scope, action, outcome, status, code, ip, target)
      );
      INSERT INTO schema_distribution (table_name, kind, reason) VALUES
        ('audit_anonymous_counts', 'local', 'per-minute counters of anonymous refusals (platform data, no business), folded into the platform audit chain by any replica');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM schema_distribution WHERE table_name = 'audit_anonymous_counts'; DROP TABLE audit_anonymous_counts;`);
  }
}
