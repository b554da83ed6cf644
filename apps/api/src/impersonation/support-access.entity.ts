import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An owner's grant of support access (docs/ARCHITECTURE.md §4): for a fixed time, revocable. */
@Entity('support_access_grants')
export class SupportAccessGrant {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'granted_by' }) grantedBy: string;
  @Column('timestamptz', { name: 'granted_at' }) grantedAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('uuid', { name: 'revoked_by', nullable: true }) revokedBy: string | null;
}

/** An operator's request to a business's owners for support access, with the reason they read. */
@Entity('support_access_requests')
export class SupportAccessRequest {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'operator_id' }) operatorId: string;
  @Column('text') reason: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
