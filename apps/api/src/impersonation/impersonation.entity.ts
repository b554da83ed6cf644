import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BusinessRole, ImpersonationEndReason } from '#contracts';

@Entity('impersonations')
export class Impersonation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'operator_id' }) operatorId: string;
  @Column('uuid', { name: 'auth_session_id' }) authSessionId: string;
  @Column('uuid', { name: 'business_id' }) businessId: string;
  @Column('text') role: BusinessRole;
  @Column('boolean', { name: 'read_only' }) readOnly: boolean;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text', { name: 'entry_point', nullable: true }) entryPoint: string | null;
  /** Entered without the owner's grant (SUPPORT_BREAK_GLASS): a missing grant does not end it. */
  @Column('boolean', { name: 'break_glass', default: false }) breakGlass: boolean;
  @Column('timestamptz', { name: 'started_at' }) startedAt: Date;
  @Column('timestamptz', { name: 'last_seen_at' }) lastSeenAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  @Column('text', { name: 'end_reason', nullable: true }) endReason: ImpersonationEndReason | null;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent: string | null;
}
