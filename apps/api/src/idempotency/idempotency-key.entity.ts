import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One claimed `Idempotency-Key` and, once the first request answered, its answer (docs/ARCHITECTURE.md §6). */
@Entity('idempotency_keys')
export class IdempotencyKey {
  /** The real user (`user:<id>`), or the client address when anonymous (`anon:<ip>`). */
  @PrimaryColumn('text') scope: string;
  @PrimaryColumn('text') key: string;
  /** HMAC of method, path with query and canonical body: the same key with another request is refused. */
  @Column('text') fingerprint: string;
  @Column('text') method: string;
  @Column('text') path: string;
  @Column('text') state: 'in_flight' | 'done';
  /** The holder's own token: only it may complete or release the claim. */
  @Column('uuid', { name: 'claim_token' }) claimToken: string;
  /** The holder's lease; past it the claim is taken to be dead and may be taken over. */
  @Column('timestamptz', { name: 'locked_until' }) lockedUntil: Date;
  @Column('integer', { name: 'response_status', nullable: true }) responseStatus: number | null;
  @Column('text', { name: 'response_body', nullable: true }) responseBody: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
}
