import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlRunner } from '../common/sql.js';

/**
 * Signed checkpoints of the audit chains' heads, kept outside the database (`npm run audit:anchor`).
 *
 * The hash chain proves a row was not edited *unless* someone rewrites the whole chain after it
 * (the database's owner can disable the triggers and re-chain with the same canonical function,
 * and the chain verifies again). An anchor records each chain's head (sequence and hash) at a
 * moment, signed with HMAC-SHA256 under a key the database never holds (`AUDIT_ANCHOR_KEY` or
 * `AUDIT_ANCHOR_KEY_FILE`); `audit:verify` then checks that every anchored row still has the hash
 * it had. A rewrite of anything at or before an anchored head is reported; rows appended after the
 * latest anchor are only as safe as the chain itself until the next anchor.
 */
export interface AuditAnchor {
  version: 1;
  createdAt: string;
  /** chain key → the head at that moment. */
  chains: Record<string, { seq: string; hash: string }>;
  /** HMAC-SHA256 (hex) of the canonical JSON of the fields above. */
  signature: string;
}

export interface AnchorProblem {
  anchor: string;
  chainKey?: string;
  seq?: string;
  problem: 'bad_signature' | 'unreadable' | 'row_missing' | 'rewritten';
}

export const MIN_ANCHOR_KEY_LENGTH = 32;

function canonical(anchor: Omit<AuditAnchor, 'signature'>): string {
  const chains = Object.fromEntries(Object.entries(anchor.chains).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({ version: anchor.version, createdAt: anchor.createdAt, chains });
}

function sign(key: string, anchor: Omit<AuditAnchor, 'signature'>): string {
  return createHmac('sha256', key).update(canonical(anchor)).digest('hex');
}

/** Every chain's current head, read in one pass over the chain-tail index. */
export async function chainHeads(db: SqlRunner): Promise<Record<string, { seq: string; hash: string }>> {
  const rows: { chain_key: string; seq: string; hash: string }[] = await db.query(
    `SELECT DISTINCT ON (chain_key) chain_key, chain_seq::text AS seq, hash FROM audit_events ORDER BY chain_key, chain_seq DESC`,
  );
  return Object.fromEntries(rows.map((r) => [r.chain_key, { seq: r.seq, hash: r.hash }]));
}

export async function createAnchor(db: SqlRunner, key: string, now = new Date()): Promise<AuditAnchor> {
  const body = { version: 1 as const, createdAt: now.toISOString(), chains: await chainHeads(db) };
  return { ...body, signature: sign(key, body) };
}

/** Writes the anchor as `anchor-<time>.json` in `dir` (created 0700) and returns its path. */
export function writeAnchor(dir: string, anchor: AuditAnchor): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `anchor-${anchor.createdAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, JSON.stringify(anchor, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return path;
}

export function listAnchors(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /^anchor-.*\.json$/.test(f))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/**
 * Checks each anchor file's signature, then that every anchored head is still in the database
 * with the same hash. An altered or forged anchor is reported, never trusted.
 */
export async function checkAnchors(db: SqlRunner, files: string[], key: string): Promise<AnchorProblem[]> {
  const problems: AnchorProblem[] = [];
  for (const file of files) {
    let anchor: AuditAnchor;
    try {
      anchor = JSON.parse(readFileSync(file, 'utf8')) as AuditAnchor;
    } catch {
      problems.push({ anchor: file, problem: 'unreadable' });
      continue;
    }
    const { signature, ...body } = anchor;
    const expected = Buffer.from(sign(key, body), 'hex');
    const given = Buffer.from(typeof signature === 'string' ? signature : '', 'hex');
    if (anchor.version !== 1 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      problems.push({ anchor: file, problem: 'bad_signature' });
      continue;
    }
    for (const [chainKey, head] of Object.entries(anchor.chains)) {
      const [row]: { hash: string }[] = await db.query(`SELECT hash FROM audit_events WHERE chain_key = $1 AND chain_seq = $2::bigint`, [chainKey, head.seq]);
      if (!row) problems.push({ anchor: file, chainKey, seq: head.seq, problem: 'row_missing' });
      else if (row.hash !== head.hash) problems.push({ anchor: file, chainKey, seq: head.seq, problem: 'rewritten' });
    }
  }
  return problems;
}

/** The anchor key from AUDIT_ANCHOR_KEY or the file AUDIT_ANCHOR_KEY_FILE names; null when neither is set. */
export function anchorKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const file = env.AUDIT_ANCHOR_KEY_FILE?.trim();
  const key = file ? readFileSync(file, 'utf8').trim() : env.AUDIT_ANCHOR_KEY?.trim() || null;
  if (key !== null && key.length < MIN_ANCHOR_KEY_LENGTH) throw new Error(`the audit anchor key must be at least ${MIN_ANCHOR_KEY_LENGTH} characters`);
  return key;
}
