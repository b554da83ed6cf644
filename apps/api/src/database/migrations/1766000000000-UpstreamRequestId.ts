import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `audit_events.request_id` is always the id this app minted for the request; an id sent by the
 * client is never it (a client could otherwise make its rows look like someone else's request).
 * An `X-Request-Id` from a trusted proxy (TRUST_PROXY) is kept beside it in `upstream_request_id`,
 * so a row can still be matched with the proxy's logs.
 *
 * The new column is part of the hashed canonical text only when it is set: rows written before this
 * migration (all NULL) keep exactly the canonical text, and so the hash, they were chained with.
 */
export class UpstreamRequestId1766000000000 implements MigrationInterface {
  name = 'UpstreamRequestId1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_events ADD COLUMN upstream_request_id text CHECK (length(upstream_request_id) <= 100);
      CREATE OR REPLACE FUNCTION audit_event_canonical(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE
        SET search_path = pg_catalog, public AS $$
        SELECT (jsonb_build_array(
          e.chain_key, e.chain_seq, e.prev_hash,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.request_id, e.actor_id, e.actor_kind, e.impersonation_id, e.business_id, e.action,
          e.target_type, e.target_id, e.outcome, e.method, e.path, e.status, e.ip, e.user_agent,
          e.changes, e.details
        ) || CASE WHEN e.upstream_request_id IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(e.upstream_request_id) END)::text
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_canonical(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE
        SET search_path = pg_catalog, public AS $$
        SELECT jsonb_build_array(
          e.chain_key, e.chain_seq, e.prev_hash,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.request_id, e.actor_id, e.actor_kind, e.impersonation_id, e.business_id, e.action,
          e.target_type, e.target_id, e.outcome, e.method, e.path, e.status, e.ip, e.user_agent,
          e.changes, e.details
        )::text
      $$;
      ALTER TABLE audit_events DROP COLUMN upstream_request_id;
    `);
  }
}
