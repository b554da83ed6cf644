import { Check, Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A bookable service (e.g. "Haircut, 45 min"), the `services` table as the migrations leave it
 * (synchronize is off; this class describes, it does not create). Keyed by (business_id, id) like
 * every tenant table (docs/ARCHITECTURE.md §1). Named BookableService to avoid clashing with Nest's
 * vocabulary. The CHECKs are the limits of libs/contracts/src/limits.ts (docs/ARCHITECTURE.md §6).
 */
@Entity('services')
@Check('services_name_check', `length(name) >= 1 AND length(name) <= 200`)
@Check('services_duration_minutes_check', `duration_minutes >= 5 AND duration_minutes <= 1440`)
@Check('services_price_cents_check', `price_cents >= 0`)
@Check('services_price_cents_max', `price_cents <= 2000000000`)
@Check('services_buffer_before_minutes_check', `buffer_before_minutes >= 0 AND buffer_before_minutes <= 240`)
@Check('services_buffer_after_minutes_check', `buffer_after_minutes >= 0 AND buffer_after_minutes <= 240`)
export class BookableService {
  @PrimaryColumn('uuid', { name: 'business_id' }) businessId: string;
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('integer', { name: 'duration_minutes' }) durationMinutes: number;
  /** Integer cents. */
  @Column('integer', { name: 'price_cents' }) priceCents: number;
  @Column('boolean', { default: true }) active: boolean;
  /** Kept free before each booking of this service (preparation), on the same resource. */
  @Column('integer', { name: 'buffer_before_minutes', default: 0 }) bufferBeforeMinutes: number;
  /** Kept free after each booking of this service (clean-up), on the same resource. */
  @Column('integer', { name: 'buffer_after_minutes', default: 0 }) bufferAfterMinutes: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
