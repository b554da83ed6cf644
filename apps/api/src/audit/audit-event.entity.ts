import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuditOutcome } from '#contracts';

/** The shard key of the platform chain (rows outside any business): a distribution column may not be NULL. */
export const PLATFORM_CHAIN_BUSINESS_ID = '00000000-0000-0000-0000-000000000000';

/** bigint as its decimal text on both databases (PGlite's driver would hand back a JS number). */
const BIGINT_TEXT = { from: (v: string | number | bigint | null) => (v === null ? v : String(v)), to: (v: unknown) => v };

/** Read model of the append-only audit table; rows are only ever inserted (by AuditService). */
@Entity('audit_events')
export class AuditEvent {
  /** The chain's business, or PLATFORM_CHAIN_BUSINESS_ID: the table's distribution column (docs/SCALING.md). */
  @PrimaryColumn('uuid', { name: 'chain_business_id' }) chainBusinessId: string;
  @PrimaryColumn('bigint', { transformer: BIGINT_TEXT }) id: string;
  @Column('text', { name: 'chain_key' }) chainKey: string;
  @Column('bigint', { name: 'chain_seq', transformer: BIGINT_TEXT }) chainSeq: string;
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash: string | null;
  @Column('text') hash: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('text', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text', { name: 'actor_kind', nullable: true }) actorKind: string | null;
  @Column('uuid', { name: 'impersonation_id', nullable: true }) impersonationId: string | null;
  @Column('uuid', { name: 'business_id', nullable: true }) businessId: string | null;
  @Column('text') action: string;
  @Column('text', { name: 'target_type', nullable: true }) targetType: string | null;
  @Column('text', { name: 'target_id', nullable: true }) targetId: string | null;
  @Column('text') outcome: AuditOutcome;
  @Column('text', { nullable: true }) method: string | null;
  @Column('text', { nullable: true }) path: string | null;
  @Column('integer', { nullable: true }) status: number | null;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent: string | null;
  @Column('jsonb', { nullable: true }) changes: Record<string, { before: unknown; after: unknown }> | null;
  @Column('jsonb', { nullable: true }) details: Record<string, unknown> | null;
  /** X-Request-Id from a trusted proxy; `requestId` is always our own. */
  @Column('text', { name: 'upstream_request_id', nullable: true }) upstreamRequestId: string | null;
}
