import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { BusinessRole } from '#contracts';

/**
 * An invitation to join a business (migration 1765800001000): only the link's secret's hash is
 * stored. Open while neither accepted nor revoked and not run out. Written only through BusinessesRepository.
 */
@Entity('team_invitations')
export class TeamInvitation {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Lower-cased. */
  @Column('text') email: string;
  @Column('text') name: string;
  @Column('text') role: BusinessRole;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('uuid', { name: 'invited_by' }) invitedBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'accepted_at', nullable: true }) acceptedAt: Date | null;
  @Column('uuid', { name: 'accepted_user_id', nullable: true }) acceptedUserId: string | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
