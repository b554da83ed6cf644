import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A bookable service (e.g. "Haircut, 45 min"). Named BookableService to avoid clashing with Nest's
 * vocabulary. Primary key (business_id, id) (migrations BookingDomain, TenantKeysForDistribution, OnlineBooking).
 */
@Entity('services')
export class BookableService {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('integer', { name: 'duration_minutes' }) durationMinutes: number;
  @Column('integer', { name: 'price_cents' }) priceCents: number;
  @Column('boolean', { default: true }) active: boolean;
  /** Kept free before each booking of this service (preparation), on the same resource. */
  @Column('integer', { name: 'buffer_before_minutes', default: 0 }) bufferBeforeMinutes: number;
  /** Kept free after each booking of this service (clean-up), on the same resource. */
  @Column('integer', { name: 'buffer_after_minutes', default: 0 }) bufferAfterMinutes: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
