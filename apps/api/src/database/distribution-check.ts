import type { EntityManager } from 'typeorm';
import { SchemaDistribution } from './schema-distribution.entity.js';

/**
 * Reads the live catalog and lists every way the schema could not be distributed by tenant (Citus):
 * a tenant table's primary key, unique constraint or index, or exclusion constraint that does not
 * include its distribution column; a foreign key between tenant tables that does not join on it; a
 * foreign key Citus refuses (reference → tenant, tenant → local); a table nobody classified.
 *
 * Classification: a row in `schema_distribution`, else a table with a `business_id` column is tenant
 * data distributed by it. A table without one must be listed as 'reference' or 'local'.
 */
export async function distributionProblems(on: { manager: EntityManager }): Promise<string[]> {
  const sql = on.manager;
  const problems: string[] = [];
  const tables: { name: string; has_business_id: boolean }[] = await sql.query(
    `SELECT c.relname AS name,
            EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'business_id' AND NOT a.attisdropped) AS has_business_id
       FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  const declared = await sql.getRepository(SchemaDistribution).find({ order: { tableName: 'ASC' } });
  const kinds = new Map<string, { kind: Kind; column: string | null }>();
  for (const row of declared) kinds.set(row.tableName, { kind: row.kind, column: row.distributionColumn });
  const existing = new Set(tables.map((t) => t.name));
  for (const row of declared) {
    if (!existing.has(row.tableName))
      problems.push(`schema_distribution lists "${row.tableName}", which does not exist: remove or rename the row in a new migration`);
  }
  for (const t of tables) {
    if (kinds.has(t.name)) continue;
    if (t.has_business_id) kinds.set(t.name, { kind: 'distributed', column: 'business_id' });
    else {
      problems.push(
        `table "${t.name}" has no business_id and is not classified: if it is tenant data give it business_id; otherwise ` +
          `INSERT INTO schema_distribution (table_name, kind, reason) VALUES ('${t.name}', 'reference' | 'local', '…') in its migration (docs/SCALING.md)`,
      );
    }
  }

  const columns: { table_name: string; column_name: string; type: string; not_null: boolean }[] = await sql.query(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  const column = (table: string, name: string) => columns.find((c) => c.table_name === table && c.column_name === name);
  const distributionTypes = new Set<string>();
  for (const [table, k] of kinds) {
    if (k.kind !== 'distributed' || !existing.has(table)) continue;
    const c = column(table, k.column!);
    if (!c) problems.push(`${table}: distribution column ${k.column} does not exist`);
    else {
      if (!c.not_null) problems.push(`${table}: distribution column ${k.column} may be NULL (a shard key must always have a value)`);
      distributionTypes.add(c.type);
    }
  }
  // Tables colocate (joins and foreign keys stay on one node) only when their shard keys share a type.
  if (distributionTypes.size > 1)
    problems.push(`distribution columns have different types (${[...distributionTypes].join(', ')}): tenant tables would not colocate`);

  const constraints: {
    name: string;
    type: 'p' | 'u' | 'x' | 'f';
    table_name: string;
    ref_table: string | null;
    cols: string[];
    ref_cols: string[];
    ops: string[];
    def: string;
  }[] = await sql.query(
    `SELECT con.conname AS name, con.contype AS type, rel.relname AS table_name, frel.relname AS ref_table,
              ARRAY(SELECT coalesce(a.attname::text, '(expression)') FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
                      LEFT JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i) AS cols,
              ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i) AS ref_cols,
              ARRAY(SELECT o.oprname::text FROM unnest(con.conexclop) WITH ORDINALITY e(op, i)
                      JOIN pg_operator o ON o.oid = e.op ORDER BY e.i) AS ops,
              pg_get_constraintdef(con.oid) AS def
         FROM pg_constraint con
         JOIN pg_class rel ON rel.oid = con.conrelid
         LEFT JOIN pg_class frel ON frel.oid = con.confrelid
        WHERE con.connamespace = current_schema()::regnamespace AND con.contype IN ('p', 'u', 'x', 'f')
        ORDER BY rel.relname, con.conname`,
  );
  const what = { p: 'primary key', u: 'unique constraint', x: 'exclusion constraint', f: 'foreign key' } as const;
  for (const con of constraints) {
    const own = kinds.get(con.table_name);
    if (!own) continue;
    const label = `${con.table_name}: ${what[con.type]} ${con.name} ${con.def}`;
    if (own.kind === 'distributed') {
      const key = own.column!;
      if (con.type === 'p' || con.type === 'u') {
        if (!con.cols.includes(key)) problems.push(`${label} lacks ${key}`);
      } else if (con.type === 'x') {
        const at = con.cols.indexOf(key);
        if (at < 0 || con.ops[at] !== '=') problems.push(`${label} lacks "${key} WITH ="`);
      } else {
        const target = kinds.get(con.ref_table!);
        if (target?.kind === 'local')
          problems.push(`${label} points at local table ${con.ref_table}: a tenant table may reference only tenant or reference tables`);
        if (target?.kind === 'distributed') {
          const at = con.cols.indexOf(key);
          if (at < 0 || con.ref_cols[at] !== target.column) problems.push(`${label} lacks ${key} (it must join ${key} to ${con.ref_table}.${target.column})`);
        }
      }
    } else if (con.type === 'f') {
      const target = kinds.get(con.ref_table!);
      if (target?.kind === 'distributed') problems.push(`${label}: a ${own.kind} table may not reference tenant table ${con.ref_table}`);
      if (own.kind === 'reference' && target?.kind === 'local') problems.push(`${label}: a reference table may not reference local table ${con.ref_table}`);
    }
  }

  // Unique indexes that back no constraint (partial or expression ones) bind a shard just the same.
  const uniqueIndexes: { name: string; table_name: string; cols: string[]; def: string }[] = await sql.query(
    `SELECT ic.relname AS name, t.relname AS table_name,
            ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) k(n) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n) AS cols,
            pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relnamespace = current_schema()::regnamespace AND i.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid)
      ORDER BY t.relname, ic.relname`,
  );
  for (const idx of uniqueIndexes) {
    const own = kinds.get(idx.table_name);
    if (own?.kind === 'distributed' && !idx.cols.includes(own.column!))
      problems.push(`${idx.table_name}: unique index ${idx.name} (${idx.def}) lacks ${own.column}`);
  }
  // Code-point order, whatever the database's collation.
  return problems.sort();
}

type Kind = 'distributed' | 'reference' | 'local';
