import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What a booking occupies: a chair, a room, a practitioner. */
@Entity('resources')
export class Resource {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'business_id' }) businessId: string;
  @Column('text') name: string;
  @Column('boolean') active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
