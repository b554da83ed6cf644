import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { BusinessRole } from '#contracts';

@Entity('memberships')
export class Membership {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('text') role: BusinessRole;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
