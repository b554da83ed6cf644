import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface IdempotencyRecord {
  fingerprint: string;
  state: 'in_flight' | 'done';
  responseStatus: number | null;
  responseBody: string | null;
}

export interface IdempotencyClaim {
  scope: string;
  key: string;
  fingerprint: string;
  method: string;
  path: string;
  token: string;
}

/** The one reader and writer of `idempotency_keys`. Each statement commits on its own: the claim must be visible to other replicas at once. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Drops this scope's expired answers, and this key's claim if its holder's lease ran out (the holder died). */
  async removeStale(scope: string, key: string, now: Date): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE scope = $1 AND (expires_at <= $3 OR (key = $2 AND state = 'in_flight' AND locked_until <= $3))`,
      [scope, key, now],
    );
  }

  /** True when this request now holds the key (it inserted the row); false when another request got there first. */
  async claim(c: IdempotencyClaim, now: Date, leaseMs: number, ttlMs: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, method, path, state, claim_token, locked_until, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'in_flight', $6, $7, $8, $9)
       ON CONFLICT (scope, key) DO NOTHING
       RETURNING claim_token`,
      [c.scope, c.key, c.fingerprint, c.method, c.path, c.token, new Date(now.getTime() + leaseMs), now, new Date(now.getTime() + ttlMs)],
    );
    return rows.length === 1;
  }

  async find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const [row] = (await this.db.query(
      `SELECT fingerprint, state, response_status AS "responseStatus", response_body AS "responseBody" FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    )) as IdempotencyRecord[];
    return row ?? null;
  }

  /** Stores the answer, only if the claim is still ours. */
  async complete(c: IdempotencyClaim, status: number, body: string): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $4, response_body = $5 WHERE scope = $1 AND key = $2 AND claim_token = $3`,
      [c.scope, c.key, c.token, status, body],
    );
  }

  /** Gives the key up after a failure (nothing was done, so a retry may do the work). */
  async release(c: IdempotencyClaim): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND claim_token = $3 AND state = 'in_flight'`, [c.scope, c.key, c.token]);
  }
}
