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
  /** Kept free before each booking of this service (preparation), on the same resource. */
  @Column('integer', { name: 'buffer_before_minutes' }) bufferBeforeMinutes: number;
  /** Kept free after each booking of this service (clean-up), on the same resource. */
  @Column('integer', { name: 'buffer_after_minutes' }) bufferAfterMinutes: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
