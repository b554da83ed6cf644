import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BusinessRole } from '#contracts';

/** A business user's place in one business (migration 1764000000000). Written only through BusinessesRepository. */
@Entity('memberships')
export class Membership {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @Index('memberships_user')
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;
  @Column('text') role: BusinessRole;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
