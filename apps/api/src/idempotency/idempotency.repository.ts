import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, LessThanOrEqual, type Repository } from 'typeorm';
import { IdempotencyKey } from './idempotency-key.entity.js';

export type IdempotencyRecord = Pick<IdempotencyKey, 'fingerprint' | 'state' | 'responseStatus' | 'responseBody'>;

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
  private readonly keys: Repository<IdempotencyKey>;

  constructor(@InjectDataSource() db: DataSource) {
    this.keys = db.getRepository(IdempotencyKey);
  }

  /** Drops this scope's expired answers, and this key's claim if its holder's lease ran out (the holder died). */
  async removeStale(scope: string, key: string, now: Date): Promise<void> {
    await this.keys
      .createQueryBuilder()
      .delete()
      .where({ scope })
      .andWhere(
        new Brackets((stale) => stale.where({ expiresAt: LessThanOrEqual(now) }).orWhere({ key, state: 'in_flight', lockedUntil: LessThanOrEqual(now) })),
      )
      .execute();
  }

  /** True when this request now holds the key (it inserted the row); false when another request got there first. */
  async claim(c: IdempotencyClaim, now: Date, leaseMs: number, ttlMs: number): Promise<boolean> {
    const result = await this.keys
      .createQueryBuilder()
      .insert()
      .values({
        scope: c.scope,
        key: c.key,
        fingerprint: c.fingerprint,
        method: c.method,
        path: c.path,
        state: 'in_flight',
        claimToken: c.token,
        lockedUntil: new Date(now.getTime() + leaseMs),
        createdAt: now,
        expiresAt: new Date(now.getTime() + ttlMs),
      })
      .orIgnore()
      .returning('claim_token')
      .updateEntity(false)
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  async find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return this.keys.findOne({ select: { fingerprint: true, state: true, responseStatus: true, responseBody: true }, where: { scope, key } });
  }

  /** Stores the answer, only if the claim is still ours. */
  async complete(c: IdempotencyClaim, status: number, body: string): Promise<void> {
    await this.keys.update({ scope: c.scope, key: c.key, claimToken: c.token }, { state: 'done', responseStatus: status, responseBody: body });
  }

  /** Gives the key up after a failure (nothing was done, so a retry may do the work). */
  async release(c: IdempotencyClaim): Promise<void> {
    await this.keys.delete({ scope: c.scope, key: c.key, claimToken: c.token, state: 'in_flight' });
  }
}
