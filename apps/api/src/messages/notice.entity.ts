import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { NoticeView } from '#contracts';

/** An in-app notice for a business's owners (the platform entered, or asks to). */
@Entity('notices')
export class Notice {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') kind: NoticeView['kind'];
  @Column('uuid', { name: 'impersonation_id', nullable: true }) impersonationId: string | null;
  @Column('jsonb') facts: NoticeView['facts'];
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'dismissed_at', nullable: true }) dismissedAt: Date | null;
  @Column('uuid', { name: 'dismissed_by', nullable: true }) dismissedBy: string | null;
}
