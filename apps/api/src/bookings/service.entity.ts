import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A bookable service (e.g. "Haircut, 45 min"). Named BookableService to avoid clashing with Nest's vocabulary. */
@Entity('services')
export class BookableService {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'business_id' }) businessId: string;
  @Column('text') name: string;
  @Column('integer', { name: 'duration_minutes' }) durationMinutes: number;
  @Column('integer', { name: 'price_cents' }) priceCents: number;
  @Column('boolean') active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
