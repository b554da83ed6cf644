import { createHash } from 'node:crypto';
import type { SqlRunner } from '../common/sql.js';

export interface ChainBreak {
  chainKey: string;
  chainSeq: string;
  id: string;
  problem: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap';
}

export interface ChainReport {
  chains: number;
  rows: number;
  breaks: ChainBreak[];
  /** Last hash of each chain: anchor these outside the database to detect a wholesale rewrite. */
  heads: Record<string, string>;
}

/**
 * Walks every audit chain in order and recomputes each row's hash in Node from the canonical text
 * the database builds with built-in functions only. An edited row breaks its own hash; a deleted
 * row leaves a sequence gap and a prev-hash mismatch; rows are read in batches, so memory stays flat.
 */
export async function verifyAuditChains(db: SqlRunner, batchSize = 5000): Promise<ChainReport> {
  const report: ChainReport = { chains: 0, rows: 0, breaks: [], heads: {} };
  let lastKey: string | null = null;
  let lastSeq = 0n;
  let lastHash: string | null = null;
  let cursor: [string, string] = ['', '0'];
  for (;;) {
    const rows: { id: string; chain_key: string; chain_seq: string; prev_hash: string | null; hash: string; canonical: string }[] = await db.query(
      `SELECT e.id::text, e.chain_key, e.chain_seq::text, e.prev_hash, e.hash,
              (jsonb_build_array(
                e.chain_key, e.chain_seq, e.prev_hash,
                to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                e.request_id, e.actor_id, e.actor_kind, e.impersonation_id, e.business_id, e.action,
                e.target_type, e.target_id, e.outcome, e.method, e.path, e.status, e.ip, e.user_agent,
                e.changes, e.details
              ) || CASE WHEN e.upstream_request_id IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(e.upstream_request_id) END)::text AS canonical
         FROM audit_events e
        WHERE (e.chain_key, e.chain_seq) > ($1, $2::bigint)
        ORDER BY e.chain_key, e.chain_seq
        LIMIT ${batchSize}`,
      cursor,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.chain_key !== lastKey) {
        if (lastKey !== null && lastHash) report.heads[lastKey] = lastHash;
        report.chains++;
        lastKey = row.chain_key;
        lastSeq = 0n;
        lastHash = null;
      }
      report.rows++;
      const seq = BigInt(row.chain_seq);
      const at = { chainKey: row.chain_key, chainSeq: row.chain_seq, id: row.id };
      if (seq !== lastSeq + 1n) report.breaks.push({ ...at, problem: 'sequence_gap' });
      if ((row.prev_hash ?? null) !== lastHash) report.breaks.push({ ...at, problem: 'prev_hash_mismatch' });
      const expected = createHash('sha256')
        .update((row.prev_hash ?? '') + row.canonical, 'utf8')
        .digest('hex');
      if (expected !== row.hash) report.breaks.push({ ...at, problem: 'hash_mismatch' });
      lastSeq = seq;
      lastHash = row.hash;
    }
    const tail = rows[rows.length - 1]!;
    cursor = [tail.chain_key, tail.chain_seq];
  }
  if (lastKey !== null && lastHash) report.heads[lastKey] = lastHash;
  return report;
}
