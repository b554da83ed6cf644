import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that keep each read's cost bounded by its answer, not by the history behind it:
 * - trigram (pg_trgm) indexes for the contains-searches (customers, bookings by customer, audit
 *   targets and paths): `ILIKE '%text%'` then reads only the rows that share the text's trigrams;
 * - the audit action prefix as a range over a "C"-collated index (under a linguistic collation a
 *   prefix is not one contiguous range, so `LIKE 'x%'` could not use the old index);
 * - partial and covering indexes for rare audit outcomes, time ranges and dashboard counts;
 * - a longest span for a booking (24 hours, the longest service), so "bookings overlapping
 *   [from, to)" has an index-usable lower bound: starts_at > from − 24 h.
 * PGlite loads pg_trgm from its contrib bundle (database/data-source.ts), the server from its own.
 */
export class IndexesForBoundedReads1765400001000 implements MigrationInterface {
  name = 'IndexesForBoundedReads1765400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;

      ALTER TABLE bookings ADD CONSTRAINT bookings_span_at_most_a_day CHECK (ends_at - starts_at <= interval '24 hours');

      CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);
      CREATE INDEX customers_email_trgm ON customers USING gin (email gin_trgm_ops);
      CREATE INDEX customers_phone_trgm ON customers USING gin (phone gin_trgm_ops);

      CREATE INDEX audit_events_target_trgm ON audit_events USING gin (target_id gin_trgm_ops);
      CREATE INDEX audit_events_path_trgm ON audit_events USING gin (path gin_trgm_ops);

      DROP INDEX audit_events_action;
      CREATE INDEX audit_events_action_prefix ON audit_events ((action COLLATE "C"), id);
      -- Refusals and errors are rare: found by index, not by walking every success.
      CREATE INDEX audit_events_outcome ON audit_events (outcome, id) WHERE outcome <> 'success';
      CREATE INDEX audit_events_occurred ON audit_events (occurred_at);

      -- Counts (dashboards) read the status from the index alone (index-only scans).
      DROP INDEX bookings_business_starts;
      CREATE INDEX bookings_business_starts ON bookings (business_id, starts_at, id) INCLUDE (status);
      DROP INDEX bookings_starts_desc;
      CREATE INDEX bookings_starts_desc ON bookings (starts_at DESC, id DESC) INCLUDE (business_id, status);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX bookings_starts_desc;
      CREATE INDEX bookings_starts_desc ON bookings (starts_at DESC, id DESC);
      DROP INDEX bookings_business_starts;
      CREATE INDEX bookings_business_starts ON bookings (business_id, starts_at, id);
      DROP INDEX audit_events_occurred;
      DROP INDEX audit_events_outcome;
      DROP INDEX audit_events_action_prefix;
      CREATE INDEX audit_events_action ON audit_events (action, id DESC);
      DROP INDEX audit_events_path_trgm;
      DROP INDEX audit_events_target_trgm;
      DROP INDEX customers_phone_trgm;
      DROP INDEX customers_email_trgm;
      DROP INDEX customers_name_trgm;
      ALTER TABLE bookings DROP CONSTRAINT bookings_span_at_most_a_day;
    `);
  }
}
