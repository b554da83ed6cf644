import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fixed-window hit counters for the public booking routes, shared by every replica: one row per
 * (key, window length, window start), bumped by one atomic upsert per request. UNLOGGED: a counter
 * is worth nothing after a crash (PostgreSQL empties unlogged tables on recovery, which at worst
 * gives every client a fresh window) and skipping the WAL keeps the per-request write cheap. Rows of
 * ended windows are deleted by the replicas themselves (apps/api/src/public/public-rate-limit.guard.ts).
 */
export class PublicRateLimits1766300000000 implements MigrationInterface {
  name = 'PublicRateLimits1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE public_rate_limits (
        key text NOT NULL CHECK (length(key) <= 200),
        window_seconds integer NOT NULL CHECK (window_seconds > 0),
        window_start timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits > 0),
        PRIMARY KEY (key, window_seconds, window_start)
      );
      CREATE INDEX public_rate_limits_window ON public_rate_limits (window_start);
      INSERT INTO schema_distribution (table_name, kind, reason) VALUES
        ('public_rate_limits', 'local', 'anonymous request counters keyed by client address or business slug, bumped by every replica on the coordinator so a budget holds once across replicas');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM schema_distribution WHERE table_name = 'public_rate_limits'; DROP TABLE public_rate_limits;`);
  }
}
