-- Distributes the booking platform's schema on Citus, by tenant. Run once on the coordinator,
-- after the app has run its migrations there (docs/SCALING.md). Idempotent: tables already
-- distributed are skipped, so it can be re-run after a migration adds a table.
--
--   psql "$COORDINATOR_URL" -v ON_ERROR_STOP=1 -f docs/citus/distribute.sql
--
-- Order matters: a foreign key may only point at a table that is already a Citus table, so
-- reference tables go first (parents before children), then the tenant tables (parents first),
-- each colocated with `businesses`' tenants through the first distributed table.
\set ON_ERROR_STOP on

-- Triggers on distributed tables (audit chain, append-only refusals) run on the shards.
ALTER SYSTEM SET citus.enable_unsafe_triggers = on;
SELECT pg_reload_conf();
-- Distributing tables with foreign keys to reference tables in one transaction needs one
-- connection per node, not parallel ones.
SET citus.multi_shard_modify_mode TO 'sequential';

DO $$
DECLARE
  t record;
  anchor text;
BEGIN
  -- Every table must be classified; the schema-distribution test holds the same rule in CI.
  PERFORM 1 FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
      AND c.relname NOT IN (SELECT table_name FROM schema_distribution)
      AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'business_id');
  IF FOUND THEN
    RAISE EXCEPTION 'an unclassified table exists: run the schema-distribution test against this database first';
  END IF;

  -- Reference tables, referenced ones first (a topological order over their foreign keys).
  FOR t IN
    WITH RECURSIVE refs AS (
      SELECT d.table_name, 0 AS depth FROM schema_distribution d WHERE d.kind = 'reference'
      UNION ALL
      SELECT child.relname::text COLLATE "default", refs.depth + 1
        FROM refs
        JOIN pg_constraint con ON con.contype = 'f' AND con.confrelid = refs.table_name::regclass
        JOIN pg_class child ON child.oid = con.conrelid
        JOIN schema_distribution cd ON cd.table_name = child.relname AND cd.kind = 'reference'
       WHERE child.relname::text <> refs.table_name AND refs.depth < 20
    )
    SELECT table_name, max(depth) AS depth FROM refs GROUP BY table_name ORDER BY max(depth), table_name
  LOOP
    -- (A plain table that references a reference table may have become a Citus local table
    -- meanwhile, partmethod 'n' too: only replication model 't' is a reference table.)
    IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t.table_name::regclass AND partmethod = 'n' AND repmodel = 't') THEN
      RAISE NOTICE 'create_reference_table(%)', t.table_name;
      PERFORM create_reference_table(t.table_name);
    END IF;
  END LOOP;

  -- Tenant tables: declared ones and every table with business_id that is not declared otherwise.
  -- Parents (referenced by other tenant tables) first; all in one colocation group.
  FOR t IN
    WITH RECURSIVE tenant AS (
      SELECT c.relname::text AS table_name, coalesce(d.distribution_column, 'business_id') AS column_name
        FROM pg_class c LEFT JOIN schema_distribution d ON d.table_name = c.relname
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
         AND (d.kind = 'distributed' OR (d.kind IS NULL AND EXISTS (
               SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'business_id')))
    ), depth AS (
      SELECT tenant.table_name, tenant.column_name, 0 AS depth FROM tenant
      UNION ALL
      SELECT child.table_name, child.column_name, depth.depth + 1
        FROM depth
        JOIN pg_constraint con ON con.contype = 'f' AND con.confrelid = depth.table_name::regclass
        JOIN tenant child ON child.table_name = (SELECT relname FROM pg_class WHERE oid = con.conrelid)
       WHERE child.table_name <> depth.table_name AND depth.depth < 20
    )
    SELECT table_name, column_name, max(depth) AS depth FROM depth GROUP BY table_name, column_name ORDER BY max(depth), table_name
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t.table_name::regclass AND partmethod = 'h') THEN
      RAISE NOTICE 'create_distributed_table(%, %) colocate_with %', t.table_name, t.column_name, coalesce(anchor, 'default');
      PERFORM create_distributed_table(t.table_name, t.column_name, colocate_with => coalesce(anchor, 'default'));
    END IF;
    anchor := coalesce(anchor, t.table_name);
  END LOOP;
END $$;

-- What it did: every tenant table in one colocation group, every platform table a reference table.
SELECT logicalrelid::text AS table_name,
       CASE WHEN partmethod = 'h' THEN 'distributed' WHEN repmodel = 't' THEN 'reference' ELSE 'citus local' END AS kind,
       column_to_column_name(logicalrelid, partkey) AS distribution_column, colocationid
  FROM pg_dist_partition ORDER BY colocationid, logicalrelid::text;
