import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain trigger sets `occurred_at` from the database clock (`clock_timestamp()`, taken after
 * the chain's lock, so times never go backwards along a chain): a client-set value, back-dated or
 * not, is overwritten. The audit functions also pin their search_path, so no schema earlier in a
 * session's path can stand in for the canonical-text or hash functions they call.
 */
export class AuditDatabaseClock1765200002000 implements MigrationInterface {
  name = 'AuditDatabaseClock1765200002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, public AS $$
      DECLARE
        last_seq bigint;
        last_hash text;
      BEGIN
        NEW.chain_key := coalesce(NEW.business_id::text, 'platform');
        -- Serialise appends to this chain only, until the writing transaction ends.
        PERFORM pg_advisory_xact_lock(hashtextextended('audit_events:' || NEW.chain_key, 0));
        NEW.occurred_at := clock_timestamp();
        SELECT chain_seq, hash INTO last_seq, last_hash
          FROM audit_events WHERE chain_key = NEW.chain_key ORDER BY chain_seq DESC LIMIT 1;
        NEW.chain_seq := coalesce(last_seq, 0) + 1;
        NEW.prev_hash := last_hash;
        NEW.hash := encode(sha256(convert_to(coalesce(last_hash, '') || audit_event_canonical(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$;
      ALTER FUNCTION audit_event_canonical(audit_events) SET search_path = pg_catalog, public;
      ALTER FUNCTION audit_events_append_only() SET search_path = pg_catalog, public;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        last_seq bigint;
        last_hash text;
      BEGIN
        NEW.chain_key := coalesce(NEW.business_id::text, 'platform');
        PERFORM pg_advisory_xact_lock(hashtextextended('audit_events:' || NEW.chain_key, 0));
        SELECT chain_seq, hash INTO last_seq, last_hash
          FROM audit_events WHERE chain_key = NEW.chain_key ORDER BY chain_seq DESC LIMIT 1;
        NEW.chain_seq := coalesce(last_seq, 0) + 1;
        NEW.prev_hash := last_hash;
        NEW.hash := encode(sha256(convert_to(coalesce(last_hash, '') || audit_event_canonical(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$;
      ALTER FUNCTION audit_event_canonical(audit_events) RESET search_path;
      ALTER FUNCTION audit_events_append_only() RESET search_path;
    `);
  }
}
