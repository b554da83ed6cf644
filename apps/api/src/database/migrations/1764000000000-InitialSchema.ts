import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, businesses, memberships, sessions, impersonations and the append-only, hash-chained audit
 * trail. The audit chain is per chain key (a business id, or 'platform' for events outside any
 * business): inserts lock only their own chain with a transaction-scoped advisory lock, so writes in
 * different businesses never wait for each other, while each chain stays strictly ordered.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('operator', 'business')),
        password_hash text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (email);

      CREATE TABLE businesses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](-?[a-z0-9])+$' AND length(slug) <= 63),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        time_zone text NOT NULL,
        contact_email text,
        contact_phone text,
        primary_color text CHECK (primary_color ~ '^#[0-9a-fA-F]{6}$'),
        logo_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX businesses_name ON businesses (lower(name), id);

      CREATE TABLE memberships (
        business_id uuid NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'staff')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships (user_id);

      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        transport text NOT NULL CHECK (transport IN ('cookie', 'bearer')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text
      );
      CREATE INDEX auth_sessions_user ON auth_sessions (user_id) WHERE revoked_at IS NULL;

      CREATE TABLE impersonations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operator_id uuid NOT NULL REFERENCES users (id),
        auth_session_id uuid NOT NULL REFERENCES auth_sessions (id),
        business_id uuid NOT NULL REFERENCES businesses (id),
        role text NOT NULL CHECK (role IN ('owner', 'staff')),
        read_only boolean NOT NULL DEFAULT false,
        reason text CHECK (length(reason) <= 500),
        entry_point text,
        started_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        end_reason text CHECK (end_reason IN ('exit', 'sign_out', 'expired', 'switched', 'revoked')),
        ip text,
        user_agent text,
        CHECK ((ended_at IS NULL) = (end_reason IS NULL))
      );
      -- One live impersonation per session: a second start must end the first (switched).
      CREATE UNIQUE INDEX impersonations_one_live_per_session ON impersonations (auth_session_id) WHERE ended_at IS NULL;
      CREATE INDEX impersonations_business ON impersonations (business_id, started_at DESC);
      CREATE INDEX impersonations_operator ON impersonations (operator_id, started_at DESC);

      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        chain_key text NOT NULL,
        chain_seq bigint NOT NULL,
        prev_hash text,
        hash text NOT NULL,
        occurred_at timestamptz NOT NULL,
        request_id text,
        actor_id uuid REFERENCES users (id),
        actor_kind text CHECK (actor_kind IN ('operator', 'business', 'anonymous', 'system')),
        impersonation_id uuid REFERENCES impersonations (id),
        business_id uuid REFERENCES businesses (id),
        action text NOT NULL,
        target_type text,
        target_id text,
        outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'error')),
        method text,
        path text,
        status integer,
        ip text,
        user_agent text,
        changes jsonb,
        details jsonb,
        UNIQUE (chain_key, chain_seq)
      );
      CREATE INDEX audit_events_business ON audit_events (business_id, id DESC);
      CREATE INDEX audit_events_actor ON audit_events (actor_id, id DESC);
      CREATE INDEX audit_events_impersonation ON audit_events (impersonation_id, id) WHERE impersonation_id IS NOT NULL;
      CREATE INDEX audit_events_action ON audit_events (action, id DESC);
      CREATE INDEX audit_events_login_failures ON audit_events (action, target_id, occurred_at) WHERE outcome = 'denied';
      CREATE INDEX audit_events_login_failures_ip ON audit_events (action, ip, occurred_at) WHERE outcome = 'denied';

      -- The text a row's hash covers: every column but id and hash, in a fixed order, as jsonb text
      -- (jsonb's text form is canonical, so the verifier can rebuild it byte for byte).
      CREATE FUNCTION audit_event_canonical(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT jsonb_build_array(
          e.chain_key, e.chain_seq, e.prev_hash,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.request_id, e.actor_id, e.actor_kind, e.impersonation_id, e.business_id, e.action,
          e.target_type, e.target_id, e.outcome, e.method, e.path, e.status, e.ip, e.user_agent,
          e.changes, e.details
        )::text
      $$;

      CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        last_seq bigint;
        last_hash text;
      BEGIN
        NEW.chain_key := coalesce(NEW.business_id::text, 'platform');
        -- Serialise appends to this chain only, until the writing transaction ends.
        PERFORM pg_advisory_xact_lock(hashtextextended('audit_events:' || NEW.chain_key, 0));
        SELECT chain_seq, hash INTO last_seq, last_hash
          FROM audit_events WHERE chain_key = NEW.chain_key ORDER BY chain_seq DESC LIMIT 1;
        NEW.chain_seq := coalesce(last_seq, 0) + 1;
        NEW.prev_hash := last_hash;
        NEW.hash := encode(sha256(convert_to(coalesce(last_hash, '') || audit_event_canonical(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_events;
      DROP FUNCTION audit_events_chain();
      DROP FUNCTION audit_events_append_only();
      DROP FUNCTION audit_event_canonical(audit_events);
      DROP TABLE impersonations;
      DROP TABLE auth_sessions;
      DROP TABLE memberships;
      DROP TABLE businesses;
      DROP TABLE users;
    `);
  }
}
