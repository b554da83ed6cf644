import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys a sharded PostgreSQL (Citus, distributed by business) can keep: every primary key, unique
 * constraint, exclusion constraint and tenant-to-tenant foreign key of a tenant table now starts
 * with the tenant, so each one can be enforced inside a single shard. Which tables are tenant data
 * (distributed), platform data read everywhere (reference) or coordinator-only (local) is recorded
 * in `schema_distribution`; a test reads the catalog against it. docs/SCALING.md has the plan.
 *
 * audit_events holds the per-business chains and the platform chain in one table. A distribution
 * column may not be NULL, so each row also carries `chain_business_id`: its business, or the nil
 * UUID for the platform chain. Every row of a chain then lives on one shard, beside its business's
 * bookings, and the chain's advisory lock is taken on the node that holds that shard.
 */
export class TenantKeysForDistribution1765400000000 implements MigrationInterface {
  name = 'TenantKeysForDistribution1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE schema_distribution (
        table_name text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('distributed', 'reference', 'local')),
        distribution_column text,
        reason text NOT NULL CHECK (length(reason) > 0),
        CHECK ((kind = 'distributed') = (distribution_column IS NOT NULL))
      );
      COMMENT ON TABLE schema_distribution IS
        'How each table distributes on Citus. A table with a business_id column and no row here is distributed by business_id.';

      INSERT INTO schema_distribution (table_name, kind, distribution_column, reason) VALUES
        ('schema_distribution', 'local', NULL, 'metadata of the schema itself'),
        ('schema_migrations', 'local', NULL, 'TypeORM''s record of applied migrations; only the migrating process reads it'),
        ('users', 'reference', NULL, 'platform accounts; every tenant table names its creator (created_by) and joins the name'),
        ('businesses', 'reference', NULL, 'the tenant directory: small, read with every tenant query, unique slug across all tenants'),
        ('memberships', 'reference', NULL, 'looked up by user on every request (which businesses may I enter), small'),
        ('auth_sessions', 'reference', NULL, 'read by id on every request; written at sign-in and at most once a minute per session'),
        ('login_throttle', 'local', NULL, 'sign-in throttling counters, keyed by account/address, read and written under row locks by the coordinator''s clients'),
        ('impersonations', 'reference', NULL, 'read by session on every request and referenced by tenant rows (created_in_impersonation); written only by operators'),
        ('customers', 'distributed', 'business_id', 'tenant data'),
        ('services', 'distributed', 'business_id', 'tenant data'),
        ('resources', 'distributed', 'business_id', 'tenant data'),
        ('opening_hours', 'distributed', 'business_id', 'tenant data'),
        ('closed_dates', 'distributed', 'business_id', 'tenant data'),
        ('bookings', 'distributed', 'business_id', 'tenant data'),
        ('audit_events', 'distributed', 'chain_business_id', 'one chain per business beside its data; the platform chain (nil UUID) is one more shard key');

      -- Tenant tables: the primary key becomes (business_id, id); the old (business_id, id) unique
      -- constraints that the composite foreign keys pointed at are replaced by those keys.
      ALTER TABLE bookings
        DROP CONSTRAINT bookings_business_id_customer_id_fkey,
        DROP CONSTRAINT bookings_business_id_service_id_fkey,
        DROP CONSTRAINT bookings_business_id_resource_id_fkey;

      ALTER TABLE customers DROP CONSTRAINT customers_pkey, DROP CONSTRAINT customers_business_id_id_key, ADD CONSTRAINT customers_pkey PRIMARY KEY (business_id, id);
      ALTER TABLE services DROP CONSTRAINT services_pkey, DROP CONSTRAINT services_business_id_id_key, ADD CONSTRAINT services_pkey PRIMARY KEY (business_id, id);
      ALTER TABLE resources DROP CONSTRAINT resources_pkey, DROP CONSTRAINT resources_business_id_id_key, ADD CONSTRAINT resources_pkey PRIMARY KEY (business_id, id);
      ALTER TABLE opening_hours DROP CONSTRAINT opening_hours_pkey, ADD CONSTRAINT opening_hours_pkey PRIMARY KEY (business_id, id);
      ALTER TABLE bookings DROP CONSTRAINT bookings_pkey, ADD CONSTRAINT bookings_pkey PRIMARY KEY (business_id, id);

      ALTER TABLE bookings
        ADD CONSTRAINT bookings_customer_fkey FOREIGN KEY (business_id, customer_id) REFERENCES customers (business_id, id),
        ADD CONSTRAINT bookings_service_fkey FOREIGN KEY (business_id, service_id) REFERENCES services (business_id, id),
        ADD CONSTRAINT bookings_resource_fkey FOREIGN KEY (business_id, resource_id) REFERENCES resources (business_id, id);

      -- Overlap is per resource, and a resource belongs to one business: naming the business as
      -- well changes nothing today and lets each shard enforce it alone.
      ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;
      ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
        business_id WITH =, resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
      ) WHERE (status <> 'cancelled');

      -- audit_events: the chain's business as a column of its own (filled without an UPDATE, which
      -- the append-only trigger would refuse: a generated column, then its expression dropped).
      ALTER TABLE audit_events ADD COLUMN chain_business_id uuid
        GENERATED ALWAYS AS (coalesce(business_id, '00000000-0000-0000-0000-000000000000'::uuid)) STORED;
      ALTER TABLE audit_events ALTER COLUMN chain_business_id DROP EXPRESSION;
      ALTER TABLE audit_events ALTER COLUMN chain_business_id SET NOT NULL;
      ALTER TABLE audit_events ADD CONSTRAINT audit_events_chain_business
        CHECK (chain_business_id = coalesce(business_id, '00000000-0000-0000-0000-000000000000'::uuid));

      -- A sharded insert is routed before any trigger runs, so writers name the column themselves
      -- (AuditService does); this keeps every other writer consistent with it.
      CREATE FUNCTION audit_events_chain_business() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.chain_business_id := coalesce(NEW.business_id, '00000000-0000-0000-0000-000000000000'::uuid);
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_events_chain_business BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain_business();

      ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey, ADD CONSTRAINT audit_events_pkey PRIMARY KEY (chain_business_id, id);
      ALTER TABLE audit_events DROP CONSTRAINT audit_events_chain_key_chain_seq_key,
        ADD CONSTRAINT audit_events_chain_seq_key UNIQUE (chain_business_id, chain_seq);
      -- The chain trigger finds a chain's last row by chain_key; lists page by id alone.
      CREATE INDEX audit_events_chain_tail ON audit_events (chain_key, chain_seq);
      CREATE INDEX audit_events_id ON audit_events (id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX audit_events_id;
      DROP INDEX audit_events_chain_tail;
      ALTER TABLE audit_events DROP CONSTRAINT audit_events_chain_seq_key, ADD CONSTRAINT audit_events_chain_key_chain_seq_key UNIQUE (chain_key, chain_seq);
      ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey, ADD CONSTRAINT audit_events_pkey PRIMARY KEY (id);
      DROP TRIGGER audit_events_chain_business ON audit_events;
      DROP FUNCTION audit_events_chain_business();
      ALTER TABLE audit_events DROP COLUMN chain_business_id;

      ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;
      ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
        resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
      ) WHERE (status <> 'cancelled');
      ALTER TABLE bookings DROP CONSTRAINT bookings_customer_fkey, DROP CONSTRAINT bookings_service_fkey, DROP CONSTRAINT bookings_resource_fkey;
      ALTER TABLE bookings DROP CONSTRAINT bookings_pkey, ADD CONSTRAINT bookings_pkey PRIMARY KEY (id);
      ALTER TABLE opening_hours DROP CONSTRAINT opening_hours_pkey, ADD CONSTRAINT opening_hours_pkey PRIMARY KEY (id);
      ALTER TABLE resources DROP CONSTRAINT resources_pkey, ADD CONSTRAINT resources_pkey PRIMARY KEY (id), ADD CONSTRAINT resources_business_id_id_key UNIQUE (business_id, id);
      ALTER TABLE services DROP CONSTRAINT services_pkey, ADD CONSTRAINT services_pkey PRIMARY KEY (id), ADD CONSTRAINT services_business_id_id_key UNIQUE (business_id, id);
      ALTER TABLE customers DROP CONSTRAINT customers_pkey, ADD CONSTRAINT customers_pkey PRIMARY KEY (id), ADD CONSTRAINT customers_business_id_id_key UNIQUE (business_id, id);
      ALTER TABLE bookings
        ADD CONSTRAINT bookings_business_id_customer_id_fkey FOREIGN KEY (business_id, customer_id) REFERENCES customers (business_id, id),
        ADD CONSTRAINT bookings_business_id_service_id_fkey FOREIGN KEY (business_id, service_id) REFERENCES services (business_id, id),
        ADD CONSTRAINT bookings_business_id_resource_id_fkey FOREIGN KEY (business_id, resource_id) REFERENCES resources (business_id, id);
      DROP TABLE schema_distribution;
    `);
  }
}
