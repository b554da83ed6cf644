import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BusinessStatus } from '#contracts';

@Entity('businesses')
export class Business {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column('text') name: string;
  @Column('text') status: BusinessStatus;
  @Column('text', { name: 'time_zone' }) timeZone: string;
  @Column('text', { name: 'contact_email', nullable: true }) contactEmail: string | null;
  @Column('text', { name: 'contact_phone', nullable: true }) contactPhone: string | null;
  @Column('text', { name: 'primary_color', nullable: true }) primaryColor: string | null;
  @Column('text', { name: 'logo_url', nullable: true }) logoUrl: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
